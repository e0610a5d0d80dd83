"""Build both editions at once (one process each, on two cores) and publish them together.

Each edition is built strictly into a staging folder; only when both succeed does the staging
folder replace site/ (Japanese at site/, English at site/en/). A failed build leaves the
previous site/ as it was: never a partial site.

    python scripts/build_site.py [--out site]
    python scripts/build_site.py --offline [--out dist/ai-governance-guideline-offline.zip]

--offline builds the copy for closed networks (LGWAN): both editions made to be opened from disk
(file://), search included, packed into one ZIP.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = (("mkdocs.yml", "."), ("mkdocs.en.yml", "en"))
OFFLINE_EDITIONS = (("mkdocs.offline.yml", "."), ("mkdocs.en.offline.yml", "en"))
OFFLINE_ZIP = ROOT / "dist" / "ai-governance-guideline-offline.zip"
ZIP_FOLDER = "ai-governance-guideline"  # what the ZIP unpacks to; open index.html inside


def build(out: Path, offline: bool = False) -> int:
    stage = Path(tempfile.mkdtemp(prefix=".site-staging-", dir=out.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    try:
        builds = [(config, subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", config,
             "-d", str(stage / ("ja" if sub == "." else sub))],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
            for config, sub in (OFFLINE_EDITIONS if offline else EDITIONS)]
        failed = False
        for config, process in builds:
            output, _ = process.communicate()
            if process.returncode:
                failed = True
                print(f"{config}: build failed\n{output}", file=sys.stderr)
        if failed:
            return 1
        shutil.move(str(stage / "en"), str(stage / "ja" / "en"))
        if offline:
            out.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted((stage / "ja").rglob("*")):
                    archive.write(path, f"{ZIP_FOLDER}/{path.relative_to(stage / 'ja').as_posix()}")
            print(f"built the offline copy of both editions into {out} (open {ZIP_FOLDER}/index.html)")
            return 0
        if out.exists():
            shutil.rmtree(out)
        shutil.move(str(stage / "ja"), str(out))
        print(f"built both editions into {out}/ (English in {out}/en/)")
        return 0
    finally:
        shutil.rmtree(stage, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offline", action="store_true", help="the ZIP for closed networks (file://)")
    parser.add_argument("--out", type=Path, help="site folder, or the ZIP with --offline")
    args = parser.parse_args()
    out = args.out or (OFFLINE_ZIP if args.offline else ROOT / "site")
    sys.exit(build(out.resolve(), offline=args.offline))
