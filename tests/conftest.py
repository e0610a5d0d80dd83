import fcntl
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
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
FORK = FIXTURES / "fork" / "municipality"
# Loaded once per test process (each load reads and checks every file): tests read them, never change them.
UPSTREAM = load_guideline(DATA)  # upstream's data alone, no overlay
EXAMPLE_FORK = load_guideline(DATA, overlay_dir=FORK)  # the example fork (tests/fixtures/fork)


# The longest tests start first, so that with `-n 2 --dist worksteal` (make test) no worker is left
# with a long test at the end. (The lifecycle, minutes long, is a lane of its own: make test-lifecycle.)
LANE_ORDER = ("lifecycle", "browser", "site", "unit")


def pytest_collection_modifyitems(items):
    """Each folder is a lane: tests/unit (fast, `make test-fast`), tests/site (builds the site),
    tests/browser (Chromium), tests/lifecycle (a fork's whole life). Mark them, so `-m` selects lanes."""
    def lane(item) -> str:
        return Path(str(item.fspath)).relative_to(ROOT / "tests").parts[0]

    for item in items:
        if lane(item) in ("site", "browser", "lifecycle"):
            item.add_marker(getattr(pytest.mark, lane(item)))
    items.sort(key=lambda item: LANE_ORDER.index(lane(item)) if lane(item) in LANE_ORDER else len(LANE_ORDER))


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
        env["GUIDELINE_OVERLAY_DIR"] = str(overlay or NO_OVERLAY)
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
    return UPSTREAM


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


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder made once per test session, also under pytest-xdist: the first worker to ask makes
    it, the others wait for it and share it (a site build is seconds of work each time). Tests must
    not change it. A failed attempt leaves nothing, so the next worker tries again and fails alike."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the session's folder, shared by its workers
    target = root / f"shared-{name}"
    with open(root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / f"shared-{name}.done").exists():
            shutil.rmtree(target, ignore_errors=True)
            make(target)
            (root / f"shared-{name}.done").touch()
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """This checkout's site, both editions, as it builds (a fork's overlay included)."""
    def make(out: Path) -> None:
        result = build(out)
        assert result.returncode == 0, result.stderr[-3000:]
    return made_once(tmp_path_factory, "site", make)



def build_fork(out: Path, overlay: Path, documents: bool = True) -> subprocess.CompletedProcess:
    """Both editions of a fork (the upstream data plus an overlay folder), as `make build` does;
    without the PDF and DOCX (seconds of typesetting each) for a test that does not read them."""
    env = pin_inputs(dict(os.environ), None, overlay)
    if not documents:
        env["GUIDELINE_SKIP_DOCUMENTS"] = "1"
    return subprocess.run([sys.executable, "scripts/build_site.py", "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True)


@pytest.fixture(scope="session")
def fork_built(tmp_path_factory) -> Path:
    """The example fork (tests/fixtures/fork), built."""
    def make(out: Path) -> None:
        result = build_fork(out, FORK)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return made_once(tmp_path_factory, "fork", make)


def _offline_copy(tmp_path_factory, name: str, env: dict[str, str]) -> Path:
    """`make offline`, unpacked: the ZIP's one top folder."""
    def make(out: Path) -> None:
        out.mkdir(parents=True)
        result = subprocess.run([sys.executable, "scripts/build_site.py", "--offline", "--out",
                                 str(out / "offline.zip")], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        with zipfile.ZipFile(out / "offline.zip") as z:
            z.extractall(out / "unpacked")
    [top] = (made_once(tmp_path_factory, name, make) / "unpacked").iterdir()
    return top


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory) -> Path:
    """The copy for closed networks (`make offline`) of this checkout, unpacked."""
    return _offline_copy(tmp_path_factory, "offline", dict(os.environ))


# Upstream's own tools for maintainers (the customizer page) are tested on upstream's site: a fork
# may hide them (hide_maintainer_pages). Upstream, that is `built` itself; in a fork, a pinned build
# of upstream's data without the fork's overlay.
NO_OVERLAY = FIXTURES / "no-overlay"


@pytest.fixture(scope="session")
def upstream_built(request, tmp_path_factory) -> Path:
    if not IS_FORK:
        return request.getfixturevalue("built")

    def make(out: Path) -> None:
        result = build(out, overlay=NO_OVERLAY)
        assert result.returncode == 0, result.stderr[-3000:]
    return made_once(tmp_path_factory, "upstream-site", make)


@pytest.fixture(scope="session")
def upstream_offline_copy(request, tmp_path_factory) -> Path:
    if not IS_FORK:
        return request.getfixturevalue("offline_copy")
    return _offline_copy(tmp_path_factory, "upstream-offline", pin_inputs(dict(os.environ), None, NO_OVERLAY))


# --- Each edition as a generated folder, built by stock engines (tests/engines.py) -------------------
# Session fixtures made once under pytest-xdist too: the folders and their builds are read only.

@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> dict[str, Path]:
    """Both editions of this checkout, generated (`guideline generate`)."""
    from tests.engines import LANGS, generate_editions
    out = made_once(tmp_path_factory, "generated", generate_editions)
    return {lang: out / lang for lang in LANGS}


@pytest.fixture(scope="session")
def generated_fork(tmp_path_factory) -> dict[str, Path]:
    """Both editions of the example fork (tests/fixtures/fork), generated."""
    from tests.engines import LANGS, generate_editions
    out = made_once(tmp_path_factory, "generated-fork", lambda target: generate_editions(target, FORK))
    return {lang: out / lang for lang in LANGS}


def _built_by(tmp_path_factory, name: str, folders: dict[str, Path], engine: str) -> dict[str, Path]:
    from tests.engines import mkdocs_build, zensical_build

    def make(out: Path) -> None:
        out.mkdir(parents=True)
        for lang, folder in folders.items():
            if engine == "mkdocs":
                mkdocs_build(folder, out / lang)
            else:  # Zensical builds into the folder's site/ (its config's site_dir), moved out here
                zensical_build(folder).rename(out / lang)
    out = made_once(tmp_path_factory, name, make)
    return {lang: out / lang for lang in folders}


@pytest.fixture(scope="session")
def mkdocs_sites(tmp_path_factory, generated) -> dict[str, Path]:
    """The generated folders built by a stock `mkdocs build` (Material, no project hooks)."""
    return _built_by(tmp_path_factory, "mkdocs-of-generated", generated, "mkdocs")


@pytest.fixture(scope="session")
def mkdocs_fork_sites(tmp_path_factory, generated_fork) -> dict[str, Path]:
    return _built_by(tmp_path_factory, "mkdocs-of-generated-fork", generated_fork, "mkdocs")


@pytest.fixture(scope="session")
def zensical_sites(tmp_path_factory, generated) -> dict[str, Path]:
    """The generated folders built by Zensical (skipped where it is not installed)."""
    from tests.engines import ZENSICAL_PIN
    pytest.importorskip("zensical", reason=f"Zensical is not installed in this venv: pip install {ZENSICAL_PIN}")
    return _built_by(tmp_path_factory, "zensical-of-generated", generated, "zensical")


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
