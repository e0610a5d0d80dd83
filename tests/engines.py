"""Each edition generated as a folder (`guideline generate`) and built by a stock engine: MkDocs with
Material, or Zensical. Shared by tests/site/test_generate.py and tests/browser/test_search_zensical.py,
which use the same builds (session fixtures in tests/conftest.py)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guideline import generate

ZENSICAL_PIN = "zensical==0.0.73"
LANGS = list(generate.EDITION_CONFIGS)
ROOT = Path(__file__).resolve().parent.parent


def engine_env() -> dict[str, str]:
    """The engines import `guideline` (macros, glossary extension): from the checkout, as in `make`."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def run(args: list[str], cwd: Path) -> None:
    result = subprocess.run(args, cwd=cwd, env=engine_env(), capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def generate_editions(out: Path, overlay: Path | None = None) -> dict[str, Path]:
    """Both editions generated into out/<lang>, with a fork's overlay if given."""
    env = {**os.environ, **({"GUIDELINE_OVERLAY_DIR": str(overlay)} if overlay else {})}
    folders = {}
    for lang in LANGS:
        result = subprocess.run([sys.executable, "-m", "guideline", "generate", "--lang", lang, "--out",
                                 str(out / lang)], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr[-3000:]
        folders[lang] = out / lang
    return folders


def mkdocs_build(folder: Path, out: Path) -> Path:
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(folder / "mkdocs.yml"), "-d", str(out)],
        ROOT)
    return out


def zensical_build(folder: Path) -> Path:
    """Zensical's build of a generated folder, into folder/site."""
    pytest.importorskip("zensical", reason=f"Zensical is not installed in this venv: pip install {ZENSICAL_PIN}")
    run([sys.executable, "-m", "zensical", "build", "--clean", "--strict", "-f", str(folder / "mkdocs.yml")], folder)
    return folder / "site"
