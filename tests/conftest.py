import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guideline import site
from guideline.loader import load_guideline

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"
# A fork keeps its own overlay here (docs/*/fork-guide.md); upstream has none.
OVERLAY = ROOT / "municipality"
IS_FORK = (OVERLAY / "municipality.yaml").exists()
# The guideline as this checkout builds it: upstream's data, plus the fork's overlay in a fork.
# Tests of the built site compare against this, so they hold in forks and after releases.
PROJECT = site.load_project(ROOT)


def pytest_collection_modifyitems(items):
    """Each folder is a lane: tests/unit (fast, `make test-fast`), tests/site (builds the site),
    tests/browser (Chromium), tests/lifecycle (a fork's whole life). Mark them, so `-m` selects lanes."""
    for item in items:
        lane = Path(str(item.fspath)).relative_to(ROOT / "tests").parts[0]
        if lane in ("site", "browser", "lifecycle"):
            item.add_marker(getattr(pytest.mark, lane))


def pin_inputs(env: dict, data: Path | None, overlay: Path | None) -> dict:
    """The build's inputs, stated: a fixture dataset is built without the fork's overlay (which
    would refer to sub-items the fixture does not have), unless a test gives an overlay."""
    env = {**env, "NO_MKDOCS_2_WARNING": "1"}
    if data:
        env["GUIDELINE_DATA_DIR"] = str(data)
        # The PDF and DOCX are tested on the real site (fixtures built, fork_built) and in
        # tests/unit/test_documents.py; a fixture dataset's build leaves them out, for speed.
        env.setdefault("GUIDELINE_SKIP_DOCUMENTS", "1")
    if overlay or data:
        env["GUIDELINE_OVERLAY_DIR"] = str(overlay or FIXTURES / "no-overlay")
    return env


def make_dataset(target: Path, overlay: Path | None = None) -> Path:
    """A small valid dataset (tests/fixtures/minimal plus the real UI strings),
    with the files of `overlay` replacing their namesakes."""
    target.mkdir(parents=True, exist_ok=True)
    for f in (FIXTURES / "minimal").glob("*.yaml"):
        shutil.copy(f, target / f.name)
    shutil.copy(DATA / "ui.yaml", target / "ui.yaml")
    if overlay:
        for f in overlay.glob("*.yaml"):
            if f.name != "expected.yaml":
                shutil.copy(f, target / f.name)
    return target


def copy_data(target: Path) -> Path:
    """A copy of the real data, to change in a test."""
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def guideline():
    """Upstream's data alone (no overlay): for tests of the data and the renderer."""
    return load_guideline(DATA)


def build(out: Path, data: Path | None = None, langs=("ja", "en"),
          overlay: Path | None = None) -> subprocess.CompletedProcess:
    """Strict build of the requested editions into `out` (English into out/en): this checkout as
    it is (with a fork's overlay), or a fixture dataset `data` (with `overlay`, or none)."""
    env = pin_inputs(dict(os.environ), data, overlay)
    result = None
    for lang in langs:
        config, target = ("mkdocs.yml", out) if lang == "ja" else ("mkdocs.en.yml", out / "en")
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(target)],
                                cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode:
            return result
    return result


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = build(out)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


FORK = FIXTURES / "fork" / "municipality"


def build_fork(out: Path, overlay: Path) -> subprocess.CompletedProcess:
    """Both editions of a fork (the upstream data plus an overlay folder), as `make build` does."""
    env = pin_inputs(dict(os.environ), None, overlay)
    return subprocess.run([sys.executable, "scripts/build_site.py", "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="session")
def fork_built(tmp_path_factory) -> Path:
    """The example fork (tests/fixtures/fork), built."""
    out = tmp_path_factory.mktemp("fork") / "site"
    result = build_fork(out, FORK)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


# The fidelity figure in the terminal summary, also under pytest-xdist (where a test's own print
# from a worker does not reach the terminal).
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    ran_fidelity = any("test_fidelity.py" in getattr(report, "nodeid", "")
                       for reports in terminalreporter.stats.values() for report in reports)
    if not ran_fidelity:
        return
    from tests.unit.test_fidelity import fidelity_lines
    terminalreporter.section("fidelity to the source")
    for line in fidelity_lines():
        terminalreporter.write_line(line)
