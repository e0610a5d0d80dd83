"""Build both editions at once (one process each, on two cores) and publish them together.

Each edition is built strictly into a staging folder; only when both succeed does the staging
folder replace site/ (Japanese at site/, English at site/en/). A failed build leaves the
previous site/ as it was: never a partial site.

    python scripts/build_site.py [--out site]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = (("mkdocs.yml", "."), ("mkdocs.en.yml", "en"))


def build(out: Path) -> int:
    stage = Path(tempfile.mkdtemp(prefix=".site-staging-", dir=out.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        builds = [(config, subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", config,
             "-d", str(stage / ("ja" if sub == "." else sub))],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
            for config, sub in EDITIONS]
        failed = False
        for config, process in builds:
            output, _ = process.communicate()
            if process.returncode:
                failed = True
                print(f"{config}: build failed\n{output}", file=sys.stderr)
        if failed:
            return 1
        shutil.move(str(stage / "en"), str(stage / "ja" / "en"))
        if out.exists():
            shutil.rmtree(out)
        shutil.move(str(stage / "ja"), str(out))
        print(f"built both editions into {out}/ (English in {out}/en/)")
        return 0
    finally:
        shutil.rmtree(stage, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site")
    sys.exit(build(parser.parse_args().out.resolve()))
