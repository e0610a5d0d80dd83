"""Command line: `python -m guideline validate|schemas|upstream-report`.

validate         Check every data file (and a fork's overlay); print each problem with file, line
                 and ID; exit 1 if any.
schemas          Check-or-fix: rewrite stale schemas/*.schema.json and exit 1, or say they are up to date.
upstream-report  Compare this fork with a newer upstream version (git ref or folder), by ID, in Japanese.
"""
import argparse
import json
import sys
from pathlib import Path

from .errors import DataError
from .loader import load_guideline
from .schema import FILES, SCHEMAS

ROOT = Path(__file__).resolve().parent.parent


def schema_text(name: str) -> str:
    document = {"$comment": "Generated from guideline/schema.py: do not edit; "
                            "run `python -m guideline schemas` instead.", **SCHEMAS[name]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def cmd_schemas(out_dir: Path) -> int:
    stale = []
    for name in SCHEMAS:
        path = out_dir / f"{name}.schema.json"
        text = schema_text(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            stale.append(path)
    if stale:
        for path in stale:
            print(f"rewrote stale {path}")
        return 1
    print(f"{len(SCHEMAS)} JSON Schemas in {out_dir} are up to date")
    return 0


def cmd_upstream_report(data_dir: Path, overlay: Path, upstream: str) -> int:
    from .upstream import compare, format_report, upstream_data
    try:
        fork = load_guideline(data_dir, overlay_dir=overlay)
        folder, tmp = upstream_data(upstream, ROOT)
        try:
            newer = load_guideline(folder)
        finally:
            if tmp:
                tmp.cleanup()
    except DataError as e:
        print(e, file=sys.stderr)
        return 1
    print(format_report(compare(fork, newer), upstream))
    return 0


def cmd_validate(data_dir: Path, overlay: Path | None = None, since: str | None = None) -> int:
    try:
        g = load_guideline(data_dir, overlay_dir=overlay)
        if since:  # IDs that disappeared since an earlier version (git ref or folder) need changes.yaml entries
            from .upstream import upstream_data
            from .validate import check_release
            folder, tmp = upstream_data(since, ROOT)
            try:
                problems = check_release(load_guideline(folder), g)
            finally:
                if tmp:
                    tmp.cleanup()
            if problems:
                raise DataError(problems)
    except DataError as e:
        print(e, file=sys.stderr)
        return 1
    for warning in g.warnings:  # they do not fail validation
        print(warning, file=sys.stderr)
    print(f"OK: {len(FILES)} files, {len(g.principles)} principles, {len(g.sub_items)} sub-items, "
          f"{len(g.risks())} risks, {len(g.countermeasures())} countermeasures")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guideline")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check the data files")
    v.add_argument("--data", type=Path, default=ROOT / "data")
    v.add_argument("--overlay", type=Path, default=ROOT / "municipality", help="a fork's municipality/ folder")
    v.add_argument("--since", help="an earlier version (git ref or folder): every ID that disappeared or appeared "
                                   "since must be recorded in changes.yaml")
    u = sub.add_parser("upstream-report", help="compare this fork with a newer upstream version, by ID")
    u.add_argument("--upstream", default="upstream/main", help="git ref (default upstream/main) or folder")
    u.add_argument("--data", type=Path, default=ROOT / "data")
    u.add_argument("--overlay", type=Path, default=ROOT / "municipality")
    s = sub.add_parser("schemas", help="regenerate schemas/*.schema.json (check-or-fix)")
    s.add_argument("--out", type=Path, default=ROOT / "schemas")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return cmd_validate(args.data, args.overlay, args.since)
    if args.command == "upstream-report":
        return cmd_upstream_report(args.data, args.overlay, args.upstream)
    return cmd_schemas(args.out)


if __name__ == "__main__":
    sys.exit(main())
