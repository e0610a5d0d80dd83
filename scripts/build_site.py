"""Build both editions at once (one process each, on two cores) and publish them together.

The data (and a fork's overlay) is validated once, first, so each problem is printed once, not once
per edition. Each edition is then built strictly (every MkDocs warning fails the build) into a
staging folder; only when both succeed does the staging folder replace site/ (Japanese at site/,
English at site/en/). A failed build leaves the previous site/ as it was: never a partial site.

    python scripts/build_site.py [--out site]
    python scripts/build_site.py --offline [--out dist/<name>-offline.zip]

--offline builds the copy for closed networks (LGWAN): both editions made to be opened from disk
(file://), search included, packed into one ZIP named after the municipality in a fork.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from a checkout: the package sits beside it

from guideline import site  # noqa: E402
from guideline.errors import DataError  # noqa: E402

EDITIONS = (("mkdocs.yml", "."), ("mkdocs.en.yml", "en"))
OFFLINE_EDITIONS = (("mkdocs.offline.yml", "."), ("mkdocs.en.offline.yml", "en"))
# MkDocs' own chatter; what is left of a failed build's output is what went wrong.
_INFO = re.compile(r"^INFO\s+-  ")


def problems_in(output: str) -> str:
    lines = [line for line in output.splitlines() if not _INFO.match(line)]
    return "\n".join(lines[-60:])


def build(out: Path, offline: bool = False) -> int:
    try:
        guideline = site.load_project(ROOT)
    except DataError as e:
        print(e, file=sys.stderr)
        return 1
    for warning in guideline.warnings:  # printed once here; they do not stop the build
        print(warning, file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".site-staging-", dir=out.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        builds = [(config, subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config,
             "-d", str(stage / ("ja" if sub == "." else sub))],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
            for config, sub in (OFFLINE_EDITIONS if offline else EDITIONS)]
        failed = False
        for config, process in builds:
            output, _ = process.communicate()
            if process.returncode:
                failed = True
                print(f"{config}: build failed\n{problems_in(output)}", file=sys.stderr)
        if failed:
            return 1
        shutil.move(str(stage / "en"), str(stage / "ja" / "en"))
        if offline:
            folder = site.offline_folder_name(guideline)
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted((stage / "ja").rglob("*")):
                    archive.write(path, f"{folder}/{path.relative_to(stage / 'ja').as_posix()}")
            print(f"built the offline copy of both editions into {out} (open {folder}/index.html)")
            return 0
        if out.exists():
            shutil.rmtree(out)
        shutil.move(str(stage / "ja"), str(out))
        print(f"built both editions into {out}/ (English in {out}/en/)")
        return 0
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--offline", action="store_true", help="the ZIP for closed networks (file://)")
    parser.add_argument("--out", type=Path, help="site folder, or the ZIP with --offline")
    args = parser.parse_args()
    if args.out:
        out = args.out
    elif args.offline:
        try:
            out = ROOT / "dist" / f"{site.offline_folder_name(site.load_project(ROOT))}-offline.zip"
        except DataError as e:
            print(e, file=sys.stderr)
            return 1
    else:
        out = ROOT / "site"
    return build(out.resolve(), offline=args.offline)


if __name__ == "__main__":
    sys.exit(main())
