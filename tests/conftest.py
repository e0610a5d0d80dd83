import shutil
from pathlib import Path

import pytest

from guideline.loader import load_guideline

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"


def make_dataset(target: Path, overlay: Path | None = None) -> Path:
    """A small valid dataset (tests/fixtures/minimal plus the real metadata and UI strings),
    with the files of `overlay` replacing their namesakes."""
    target.mkdir(parents=True, exist_ok=True)
    for f in (FIXTURES / "minimal").glob("*.yaml"):
        shutil.copy(f, target / f.name)
    for name in ("guideline.yaml", "ui.yaml"):
        shutil.copy(DATA / name, target / name)
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
    return load_guideline(DATA)
