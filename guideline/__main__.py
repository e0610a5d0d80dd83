"""Command line: `python -m guideline validate|schemas|upstream-report|translations|import-overlay|generate`.

validate         Check every data file (and a fork's overlay); print each problem with file, line
                 and ID; exit 1 if any.
schemas          Check-or-fix: rewrite stale schemas/*.schema.json and exit 1, or say they are up to date.
upstream-report  Compare this fork with a newer upstream version (git ref or folder), by ID, in Japanese.
translations     --check: fail, naming the ID, when a Japanese text changed but its English did not;
                 --confirm ID: record that the English of ID was checked against the current Japanese.
import-overlay   Unpack a ZIP made by the customizer page into municipality/ and validate it.
generate         Write one edition as a folder of Markdown plus a complete mkdocs.yml (see generate.py).
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
    from .upstream import UpstreamError, compare, format_report, upstream_data
    try:
        fork = load_guideline(data_dir, overlay_dir=overlay)
        folder, tmp = upstream_data(upstream, ROOT)
        try:
            newer = load_guideline(folder)
        finally:
            if tmp:
                tmp.cleanup()
    except (DataError, UpstreamError) as e:
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


def cmd_translations(data_dir: Path, confirm_ids: list[str] | None, docs: Path) -> int:
    from . import translations
    try:
        g = load_guideline(data_dir)
    except DataError as e:
        print(e, file=sys.stderr)
        return 1
    if confirm_ids:
        confirmed = translations.confirm(g, data_dir, confirm_ids, docs)
        if not confirmed:
            print(f"no text with the ID(s) {' '.join(confirm_ids)}", file=sys.stderr)
            return 1
        print(f"confirmed {len(confirmed)} translation(s) in {data_dir / translations.FILE}")
        return 0
    stale = translations.check(g, data_dir, docs)
    for problem in stale:
        print(problem, file=sys.stderr)
    if stale:
        print(f"{len(stale)} translation(s) to check; after checking the English run "
              "`python -m guideline translations --confirm ID` (make translations-confirm ID=...)", file=sys.stderr)
        return 1
    print(f"translations up to date ({len(list(translations.all_texts(g, docs)))} texts)")
    return 0


def cmd_generate(project: Path, lang: str, out: Path) -> int:
    from .generate import GenerateError, generate
    try:
        config = generate(project, lang, out)
    except (DataError, GenerateError) as e:
        print(e, file=sys.stderr)
        return 1
    print(f"wrote edition {lang!r} into {out}/; build it with: python -m mkdocs build -f {config}")
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
    t = sub.add_parser("translations", help="fail when a Japanese text changed but its English did not")
    t.add_argument("--data", type=Path, default=ROOT / "data")
    t.add_argument("--docs", type=Path, default=ROOT / "docs", help="folder with ja/ and en/ pages")
    t_action = t.add_mutually_exclusive_group()
    t_action.add_argument("--check", action="store_true", help="(default) list stale translations by ID")
    t_action.add_argument("--confirm", nargs="+", metavar="ID",
                          help="record that the English of these IDs was checked against the current Japanese "
                               "(`all`: every text)")
    i = sub.add_parser("import-overlay", help="unpack a customizer ZIP into municipality/ and validate it")
    i.add_argument("zip", type=Path, help="the ZIP made by the page 自治体版をつくる")
    i.add_argument("--replace", action="store_true", help="replace an existing municipality/ (kept as a backup)")
    i.add_argument("--data", type=Path, default=ROOT / "data")
    i.add_argument("--overlay", type=Path, default=ROOT / "municipality")
    gen = sub.add_parser("generate", help="write one edition as Markdown plus a complete mkdocs.yml")
    gen.add_argument("--lang", required=True, help="the edition: ja or en")
    gen.add_argument("--out", type=Path, required=True, help="the folder to write (e.g. build/ja)")
    gen.add_argument("--project", type=Path, default=ROOT, help="the folder of mkdocs.yml (default: this one)")
    args = parser.parse_args(argv)
    if args.command == "import-overlay":
        from .overlay_zip import import_overlay
        return import_overlay(args.zip, args.overlay, args.data, replace=args.replace)
    if args.command == "validate":
        return cmd_validate(args.data, args.overlay, args.since)
    if args.command == "translations":
        return cmd_translations(args.data, args.confirm, args.docs)
    if args.command == "upstream-report":
        return cmd_upstream_report(args.data, args.overlay, args.upstream)
    if args.command == "generate":
        return cmd_generate(args.project, args.lang, args.out)
    return cmd_schemas(args.out)


if __name__ == "__main__":
    sys.exit(main())
