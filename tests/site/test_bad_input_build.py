"""Validation and the build agree on bad input: for a representative subset of the bad-input cases
(tests/bad_input_cases.py, marked site=True), `scripts/build_site.py` (what `make build` runs) stops
with exactly the problems `load_guideline` reports, and leaves the previous site/ untouched.
"""
import os
import subprocess
import sys

import pytest

from guideline.errors import DataError
from guideline.loader import load_guideline
from tests.bad_input_cases import CASES, setup
from tests.conftest import ROOT, pin_inputs

SITE_CASES = [c for c in CASES if c.site]

pytestmark = pytest.mark.site


@pytest.mark.parametrize("case", SITE_CASES, ids=[c.name for c in SITE_CASES])
def test_validation_and_build_agree(case, tmp_path):
    data, overlay = setup(tmp_path)
    case.change(data, overlay)
    with pytest.raises(DataError) as raised:
        load_guideline(data, overlay_dir=overlay)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDELINE_DATA_DIR": str(data),
           "GUIDELINE_OVERLAY_DIR": str(overlay)}
    result = subprocess.run([sys.executable, "scripts/build_site.py", "--out", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    for problem in raised.value.problems:
        assert str(problem) in output, f"{problem}\nnot in the build's output:\n{output[-3000:]}"
    assert "Traceback" not in output, output[-3000:]
    assert [p.name for p in out.iterdir()] == ["index.html"] and (out / "index.html").read_text() == "previous site"


@pytest.mark.parametrize("page_text,warning", [
    ("# A page { #a-page }\n\n[a link to nowhere](no-such-page.md)\n", "no-such-page.md"),
    ("# A page { #a-page }\n\n[a missing anchor](#no-such-anchor)\n", "no-such-anchor"),
], ids=["broken-link", "broken-anchor"])
def test_make_build_fails_on_every_mkdocs_warning(page_text, warning, tmp_path):
    """`make build` is as strict as the tests' build: a warning (here a fork page's broken link or
    anchor) stops it with the warning shown, and no site is written. (On the small dataset with a
    fork's overlay: the build is the same program, and seconds faster.)"""
    data, overlay = setup(tmp_path)
    (overlay / "pages" / "ja" / "rules.md").write_text(page_text, encoding="utf-8")
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "scripts/build_site.py", "--out", str(out)], cwd=ROOT,
                            env=pin_inputs(dict(os.environ), data, overlay), capture_output=True, text=True)
    assert result.returncode == 1
    assert "WARNING" in result.stderr and warning in result.stderr, result.stderr[-2000:]
    assert not out.exists()
