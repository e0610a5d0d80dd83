"""Run the accessibility browser tests and record their results for the accessibility statement.

    .venv/bin/python scripts/record_accessibility.py      # writes data/accessibility_results.yaml

Runs tests/browser/test_pages.py (axe-core on every page, light and dark colour schemes, the lang
attribute), tests/browser/test_accessibility.py and tests/browser/test_checklist.py (keyboard,
focus, names, error messages) with the recording plugin tests/browser/a11y_record.py, then writes
what they checked and how it came out. tests/unit/test_accessibility_results.py fails when the
record is stale (pages or tests changed): run this script again and commit the file.
"""
import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guideline.accessibility import AXE_TESTS, BEHAVIOUR_TESTS, CRITERIA, results_path  # noqa: E402

TEST_FILES = ("tests/browser/test_pages.py", "tests/browser/test_accessibility.py", "tests/browser/test_checklist.py")


def base(nodeid: str) -> str:
    return nodeid.split("[", 1)[0]


def param(nodeid: str) -> str:
    return nodeid.split("[", 1)[1][:-1] if "[" in nodeid else ""


def build_results(record: dict, commit: str, browser: str) -> dict:
    outcomes = record["outcomes"]
    known = {sc for sc, *_ in CRITERIA}
    pages: dict[str, dict[str, str]] = {}
    criteria: dict[str, dict] = {}
    for nodeid, outcome in outcomes.items():
        if base(nodeid) in AXE_TESTS and "[" in nodeid:
            # Per colour scheme, as the test recorded it; a test that stopped before both schemes
            # were checked counts as its outcome for both.
            pages[param(nodeid)] = record.get("schemes", {}).get(nodeid) or {"light": outcome, "dark": outcome}
            for sc, rules in record["axe"].get(nodeid, {}).items():
                if sc not in known:
                    continue
                entry = criteria.setdefault(sc, {"rules": set(), "pages_passed": 0, "violations": 0})
                entry["rules"].update(rules["passes"] + rules["violations"])
                entry["violations"] += len(rules["violations"])
                entry["pages_passed"] += 0 if rules["violations"] else 1
    behaviour = []
    for test, scs in BEHAVIOUR_TESTS.items():
        runs = [o for nodeid, o in outcomes.items() if base(nodeid) == test]
        behaviour.append({"test": test, "criteria": list(scs), "runs": len(runs),
                          "outcome": "passed" if runs and all(o == "passed" for o in runs) else
                          ("not run" if not runs else "failed")})
    return {
        "recorded": date.today().isoformat(), "commit": commit, "browser": browser,
        "axe": {"version": record["axe_version"],
                "criteria": {sc: {**v, "rules": sorted(v["rules"])} for sc, v in sorted(criteria.items())}},
        "pages": [{"path": p, "light": v.get("light", "not run"), "dark": v.get("dark", "not run")}
                  for p, v in sorted(pages.items())],
        "behaviour": behaviour,
    }


def main() -> int:
    # The commit tested: taken before the run, marked when the work tree differs from it.
    commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "unknown"
    if subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                      text=True).stdout.strip():
        commit += "+changes"
    with tempfile.TemporaryDirectory() as tmp:
        record_file = Path(tmp) / "record.json"
        env = {**os.environ, "A11Y_RECORD": str(record_file)}
        run = subprocess.run([sys.executable, "-m", "pytest", *TEST_FILES, "-p", "tests.browser.a11y_record", "-q",
                              "-p", "no:cacheprovider"], cwd=ROOT, env=env)
        if not record_file.exists():
            print("no record written", file=sys.stderr)
            return 1
        record = json.loads(record_file.read_text(encoding="utf-8"))
    browser = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    results = build_results(record, commit, browser)
    from ruamel.yaml import YAML
    yaml = YAML()
    yaml.width = 200
    path = results_path(ROOT / "data")
    with path.open("w", encoding="utf-8") as f:
        f.write("# Written by scripts/record_accessibility.py from a run of the browser tests: do not edit.\n"
                "# The accessibility statement (docs/*/accessibility.md) is generated from it.\n")
        yaml.dump(results, f)
    print(f"wrote {path.relative_to(ROOT)} (pytest exit status {run.returncode})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
