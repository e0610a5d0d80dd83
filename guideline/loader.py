"""Read the YAML files with ruamel.yaml and check them against the JSON Schemas.

Errors name the file, the line and the nearest record ID, and say what to fix.
"""
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from . import ids
from .errors import DataError, Problem
from .schema import FORBIDDEN_IN_TEXT, OVERLAY_FILE, SCHEMAS


def display_path(path: Path) -> str:
    """Path as editors see it: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path, with_lines: bool = True):
    """Parse one file. Raises DataError on malformed YAML.

    with_lines: keep line numbers (ruamel's round-trip parser); otherwise use the much faster
    C parser, which keeps none.
    """
    yaml = YAML(typ="rt" if with_lines else "safe")
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.load(f)
    except FileNotFoundError:
        raise DataError([Problem(display_path(path), None, None, "file is missing")]) from None
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(filter(None, [e.context, e.problem]))
        raise DataError([Problem(display_path(path), line, None,
                                 f"malformed YAML: {what}. Check indentation, quotes and colons "
                                 f"(a value containing ': ' must be quoted).")]) from None


def line_of(node, key) -> int | None:
    """1-based line of a mapping key or sequence item in a ruamel node."""
    try:
        if isinstance(node, CommentedMap):
            return node.lc.key(key)[0] + 1
        if isinstance(node, CommentedSeq):
            return node.lc.item(key)[0] + 1
    except (KeyError, IndexError, TypeError):
        pass
    return None


def locate(root, path) -> tuple[int | None, str | None]:
    """Line and nearest enclosing record ID for a path into the document."""
    node, line, record_id = root, getattr(getattr(root, "lc", None), "line", 0) + 1, None
    for key in path:
        if isinstance(node, dict):
            for id_key in ("sub_item", "id"):  # a record's own id wins over what it refers to
                if isinstance(node.get(id_key), str):
                    record_id = node[id_key]
        line = line_of(node, key) or line
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(node, dict):
        for id_key in ("sub_item", "id"):
            if isinstance(node.get(id_key), str):
                record_id = node[id_key]
    return line, record_id


def explain(error: jsonschema.ValidationError) -> str:
    """An editor-friendly message for a schema violation."""
    where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    value = error.instance
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in value]
        if set(error.validator_value) == {"ja", "en"}:
            return (f"missing language {', '.join(repr(m) for m in missing)} at {where}: "
                    f"every text needs both 'ja' and 'en'")
        return f"missing field {', '.join(repr(m) for m in missing)} at {where}"
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return f"unknown field {', '.join(repr(e) for e in extra)} at {where}; allowed: {allowed}"
    if error.validator == "not" and error.validator_value == {"pattern": FORBIDDEN_IN_TEXT}:
        return (f"text at {where} contains HTML or template syntax ('<', '{{{{', '{{%'): "
                f"data texts are plain text, remove the markup")
    if error.validator == "pattern" and error.validator_value.strip("^$") in ids.EXAMPLES:
        example = ids.EXAMPLES[error.validator_value.strip("^$")]
        return f"malformed ID {value!r} at {where}: expected the form {example}"
    if error.validator == "minLength":
        return f"empty text at {where}: write the text or remove the entry"
    if error.validator == "minItems":
        return f"{where} needs at least {error.validator_value} item(s)"
    if error.validator == "type":
        return f"{where} should be {error.validator_value}, found {type(value).__name__}"
    if error.validator == "enum":
        return f"{value!r} at {where} is not one of {', '.join(map(str, error.validator_value))}"
    return f"{where}: {error.message}"


def check_schema(name: str, document, path: Path) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(SCHEMAS[name])
    problems = []
    for error in validator.iter_errors(document):
        line, record_id = locate(document, error.absolute_path)
        problems.append(Problem(display_path(path), line, record_id, explain(error)))
    return problems


def load_checked(name: str, path: Path, with_lines: bool = True):
    """Read a data file and check it against its schema; raise DataError with every problem."""
    document = read_yaml(path, with_lines)
    problems = check_schema(name, document, path)
    if problems:
        raise DataError(problems)
    return document


# --- building the model ------------------------------------------------------------------

from .model import (  # noqa: E402
    Case,
    Countermeasure,
    EditorialNote,
    Guideline,
    Meta,
    Principle,
    Reference,
    Risk,
    Role,
    RoleSheet,
    Source,
    SubItem,
    Term,
    Text,
    Version,
)


def _text(node) -> Text:
    return Text(ja=str(node["ja"]), en=str(node["en"]))


def _texts(nodes) -> list[Text]:
    return [_text(n) for n in nodes or []]


def _source(file: str, parent, key) -> Source:
    return Source(file, line_of(parent, key))


def load_guideline(data_dir: Path, overlay_dir: Path | None = None) -> Guideline:
    """Load every data file, check it, and build the model.

    Raises DataError listing every problem in every file; nothing is built from bad data.
    Good data is read with the fast parser; only when there are problems is it read again
    with the one that keeps line numbers, to report them.
    overlay_dir: a fork's municipality/ folder (see overlay.py); ignored if it has no overlay file.
    """
    overlay_dir = Path(overlay_dir) if overlay_dir else None
    try:
        return _load_guideline(Path(data_dir), False, overlay_dir)
    except DataError:
        return _load_guideline(Path(data_dir), True, overlay_dir)


def _load_guideline(data_dir: Path, with_lines: bool, overlay_dir: Path | None) -> Guideline:
    from .schema import FILES
    documents, problems = {}, []
    for name, filename in FILES.items():
        try:
            documents[name] = load_checked(name, data_dir / filename, with_lines)
        except DataError as e:
            problems.extend(e.problems)
    if problems:
        raise DataError(problems)
    guideline = build(documents, {name: display_path(data_dir / f) for name, f in FILES.items()})
    from .validate import check
    problems = check(guideline)
    if problems:
        raise DataError(problems)
    if overlay_dir and (overlay_dir / OVERLAY_FILE).exists():
        from . import overlay
        path = overlay_dir / OVERLAY_FILE
        problems = overlay.apply(guideline, load_checked("municipality", path, with_lines), display_path(path),
                                 overlay_dir)
        if problems:
            raise DataError(problems)
    return guideline


def build(documents: dict, files: dict[str, str]) -> Guideline:
    meta = documents["guideline"]
    principles_doc, sheets_doc = documents["principles"], documents["checksheets"]

    principles = []
    for p_index, p in enumerate(principles_doc["principles"]):
        sub_items = [
            SubItem(id=s["id"], title=_text(s["title"]), content=_texts(s["content"]),
                    principle_id=p["id"], ordinal=s_index + 1,
                    source=_source(files["principles"], p["sub_items"], s_index),
                    contacts=[str(c) for c in s.get("contacts") or []])
            for s_index, s in enumerate(p["sub_items"])
        ]
        principles.append(Principle(id=p["id"], title=_text(p["title"]), sub_items=sub_items,
                                    ordinal=p_index + 1,
                                    source=_source(files["principles"], principles_doc["principles"], p_index)))

    roles = [Role(id=r["id"], code=r["code"], name=_text(r["name"]), actor=_text(r["actor"]),
                  definition=_texts(r["definition"]),
                  considerations_intro=_texts(r["considerations_intro"]),
                  source=_source(files["roles"], documents["roles"]["roles"], i))
             for i, r in enumerate(documents["roles"]["roles"])]

    sheets: dict[tuple[str, str], RoleSheet] = {}
    duplicate_sheets: list[RoleSheet] = []
    file = files["checksheets"]
    for entry_index, entry in enumerate(sheets_doc["checksheets"]):
        sub_item_id = entry["sub_item"]
        for role_id, block in entry["roles"].items():
            sheet = RoleSheet(
                sub_item_id=sub_item_id, role_id=role_id,
                source=_source(file, entry["roles"], role_id),
                entry_source=_source(file, sheets_doc["checksheets"], entry_index),
                content=_texts(block.get("content")),
                risks=[Risk(id=r["id"], text=_text(r["text"]), sub_item_id=sub_item_id,
                            role_id=role_id, source=_source(file, block["risks"], i))
                       for i, r in enumerate(block["risks"])],
                countermeasures=[Countermeasure(
                    id=c["id"], text=_text(c["text"]), sub_item_id=sub_item_id, role_id=role_id,
                    source=_source(file, block["countermeasures"], i),
                    sub_points=_texts(c.get("sub_points")), examples=_texts(c.get("examples")))
                    for i, c in enumerate(block["countermeasures"])],
            )
            if (sub_item_id, role_id) in sheets:
                duplicate_sheets.append(sheet)
            else:
                sheets[(sub_item_id, role_id)] = sheet

    terms = [Term(id=t["id"], term=_text(t["term"]),
                  aliases={lang: [str(a) for a in (t.get("aliases") or {}).get(lang, [])]
                           for lang in ("ja", "en")},
                  definition=_texts(t["definition"]),
                  references=[Reference(source=_text(r["source"]), text=_texts(r["text"]))
                              for r in t.get("references") or []],
                  origin=t["origin"], defined_in=t.get("defined_in"),
                  annotate=bool(t.get("annotate", True)),
                  source=_source(files["glossary"], documents["glossary"]["terms"], i))
             for i, t in enumerate(documents["glossary"]["terms"])]

    cases_doc = documents["cases"]
    cases = [Case(id=c["id"], title=_text(c["title"]), organization=_text(c["organization"]),
                  function=c["function"], background=_texts(c["background"]),
                  data_and_security=_texts(c["data_and_security"]), effects=_texts(c["effects"]),
                  source=_source(files["cases"], cases_doc["cases"], i))
             for i, c in enumerate(cases_doc["cases"])]

    notes = [EditorialNote(id=n["id"], kind=n["kind"], refs=[str(r) for r in n.get("refs") or []],
                           section=n.get("section"), original=n.get("original"),
                           corrected=n.get("corrected"), explanation=_text(n["explanation"]),
                           source=_source(files["editorial_notes"], documents["editorial_notes"]["notes"], i))
             for i, n in enumerate(documents["editorial_notes"]["notes"])]

    guideline = Guideline(
        meta=Meta(title=_text(meta["title"]), version=str(meta["version"]),
                  published=str(meta["published"]), publisher=_text(meta["publisher"]),
                  disclaimer=_text(meta["disclaimer"]) if meta.get("disclaimer") else None),
        principles_intro=_texts(principles_doc["intro"]), principles=principles,
        checksheets_intro=_texts(sheets_doc["intro"]), roles=roles, sheets=sheets,
        terms=terms, cases_source=_text(cases_doc["source"]),
        cases_source_url=cases_doc.get("source_url"), cases=cases, notes=notes,
        ui={k: _text(v) for k, v in documents["ui"]["strings"].items()},
        versions=[Version(version=str(v["version"]), date=str(v["date"]), summary=_text(v["summary"]),
                          added=[str(x) for x in v["added"]], changed=[str(x) for x in v["changed"]],
                          removed=[str(x) for x in v["removed"]],
                          renamed={str(k): str(x) for k, x in v["renamed"].items()},
                          source=_source(files["changes"], documents["changes"]["versions"], i))
                  for i, v in enumerate(documents["changes"]["versions"])],
        duplicate_sheets=duplicate_sheets,
    )
    return guideline
