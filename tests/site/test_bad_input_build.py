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
from tests.conftest import ROOT

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
