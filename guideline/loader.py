"""Read the YAML files safely, check them against the JSON Schemas, and build the model.

Errors name the file, the line and the nearest record ID, and say what to fix. The data comes
from pull requests by people the maintainers may not know, so reading is defensive:

- only regular files are read, never through a symbolic link, and never a pipe, device or folder
  (a FIFO would hang the build, a symlink could publish a file of the build machine);
- files are limited in size (MAX_FILE_BYTES), must be UTF-8, and must not hold control characters;
- YAML anchors and aliases (a "billion laughs" bomb), explicit tags (`!foo`, `!!str`) and
  nesting deeper than MAX_DEPTH are refused before anything is built from the document;
- every string is one line, with no control, bidirectional-override or lone surrogate characters,
  and no spaces at either end (so `"P01-1 "` cannot pass as a different ID).
"""
import dataclasses
import datetime
import hashlib
import os
import re
import stat
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema.validators
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, NodeEvent, ScalarEvent

from . import ids
from .errors import DataError, DataWarning, Problem, shown
from .schema import BLANK, FORBIDDEN_IN_NAME, FORBIDDEN_IN_TEXT, MAX_TEXT, OVERLAY_FILE, SCHEMAS

# The largest data file today is under 100 kB; 2 MB leaves room for growth and refuses a file
# made to exhaust memory.
MAX_FILE_BYTES = 2_000_000
# The deepest data today is 9 levels (checksheets.yaml); 5,000 levels would crash the parser.
MAX_DEPTH = 24

# Characters no data text needs: C0 and C1 controls (tab and line breaks included: every data
# string is one line), DEL, bidirectional overrides ("Trojan Source"), non-characters and lone
# surrogates (from escapes such as "\ud800"; they cannot be written as UTF-8).
_BAD_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
# In the raw file, tabs and line breaks are YAML syntax and fine.
_BAD_RAW_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_EDGE_SPACE = re.compile(r"^\s|\s$")
# A plain (unquoted) scalar YAML would read as a date, e.g. 2026-11-22 or 2026-13-45.
_YAML_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")


def display_path(path: Path) -> str:
    """Path as editors see it: relative to the working directory when possible."""
    try:
        return str(Path(path).absolute().relative_to(Path.cwd().absolute()))
    except ValueError:
        return str(path)


def _fail(path: Path, line: int | None, message: str) -> DataError:
    return DataError([Problem(display_path(path), line, None, message)])


def _character_name(char: str) -> str:
    if char in "\n\r":
        return "a line break"
    if char == "\t":
        return "a tab"
    if "\ud800" <= char <= "\udfff":
        return f"a lone surrogate (U+{ord(char):04X}, from an escape such as \\ud800)"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return f"an invisible direction-changing character (U+{ord(char):04X})"
    return f"a control character (U+{ord(char):04X})"


def unsafe_file_problem(path: Path, folder: Path | None = None) -> str | None:
    """Why `path` must not be read (a message), or None when it is a regular file inside `folder`."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "file is missing"
    except OSError as e:
        return f"cannot be read ({e.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return ("is a symbolic link: data, logo and page files must be regular files in their folder "
                "(copy the file in instead of linking to it)")
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a folder, pipe or device): put a regular file here"
    if folder is not None:
        try:
            Path(path).resolve().relative_to(Path(folder).resolve())
        except ValueError:
            return f"is outside the folder {display_path(folder)} (through a linked folder): move it into that folder"
    if info.st_size > MAX_FILE_BYTES:
        return f"is too large ({info.st_size:,} bytes; at most {MAX_FILE_BYTES:,}): split it or shorten it"
    return None


def read_bytes(path: Path, folder: Path | None = None) -> bytes:
    """The bytes of a regular file inside `folder`; DataError for anything else (see unsafe_file_problem)."""
    problem = unsafe_file_problem(path, folder)
    if problem:
        raise _fail(path, None, problem)
    try:
        # O_NOFOLLOW and O_NONBLOCK: if the file was swapped for a link or a pipe since the check,
        # opening fails (or does not block) instead of following it or hanging.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise _fail(path, None, f"cannot be read ({e.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise _fail(path, None, "is not a regular file (a folder, pipe or device): put a regular file here")
        content = f.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise _fail(path, None, f"is too large (more than {MAX_FILE_BYTES:,} bytes): split it or shorten it")
    return content


def decode(path: Path, content: bytes) -> str:
    """UTF-8 text without control characters; DataError naming the line otherwise."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(path, 1, "is saved as UTF-16: save it as UTF-8 (the encoding every data file uses)")
    if content.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark, as some Windows editors write
        content = content[3:]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as e:
        line = content[:e.start].count(b"\n") + 1
        raise _fail(path, line, f"is not valid UTF-8 (byte 0x{content[e.start]:02X} on this line): "
                                f"save the file as UTF-8 (the encoding every data file uses)") from None
    bad = _BAD_RAW_CHARACTER.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise _fail(path, line, f"contains {_character_name(bad.group())}: remove it")
    return text


def read_text(path: Path, folder: Path | None = None) -> str:
    """A UTF-8 text file (a data file, an overlay page), read as safely as read_bytes."""
    return decode(path, read_bytes(path, folder))


def _scan_events(path: Path, text: str) -> list[Problem]:
    """Refuse what the YAML parser would accept but the data must not use, before building anything:
    anchors and aliases, explicit tags, nesting deeper than MAX_DEPTH, and impossible dates."""
    problems: list[Problem] = []
    depth = 0
    try:
        for event in YAML(typ="safe").parse(text):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
                problems.append(Problem(display_path(path), line, None,
                                        "YAML anchors and aliases (&name, *name) are not allowed in the data: "
                                        "write the value out in full"))
                return problems  # one is enough; an alias bomb has thousands
            tag = getattr(event, "tag", None)
            if isinstance(event, NodeEvent) and tag:
                problems.append(Problem(display_path(path), line, None,
                                        f"YAML tag {shown(tag)} is not allowed in the data: remove it "
                                        f"(to write a number or date as text, put it in quotes)"))
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(Problem(display_path(path), line, None,
                                            f"nested more than {MAX_DEPTH} levels deep: the data is never that "
                                            f"deep; check the indentation"))
                    return problems
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, ScalarEvent) and not event.style and _YAML_DATE.fullmatch(event.value or ""):
                try:
                    datetime.date(*map(int, event.value.split("-")))
                except ValueError:
                    problems.append(Problem(display_path(path), line, None,
                                            f"{shown(event.value)} is not a real date: write it as "
                                            f"\"YYYY-MM-DD\" (in quotes), e.g. \"2026-11-22\""))
    except MarkedYAMLError as e:
        problems.append(_yaml_problem(path, e))
    except YAMLError as e:
        problems.append(Problem(display_path(path), None, None, f"malformed YAML: {e}"))
    return problems


def _yaml_problem(path: Path, e: MarkedYAMLError) -> Problem:
    mark = e.problem_mark or e.context_mark
    line = mark.line + 1 if mark else None
    what = " ".join(filter(None, [e.context, e.problem]))
    if len(what) > 200:  # a duplicate key's message quotes both values in full
        what = what[:199] + "…"
    return Problem(display_path(path), line, None,
                   f"malformed YAML: {what}. Check indentation, quotes and colons "
                   f"(a value containing ': ' or ', ' inside {{…}} must be quoted).")


def read_yaml(path: Path, with_lines: bool = True, folder: Path | None = None) -> Any:
    """Parse one file. Raises DataError on an unsafe file, malformed YAML or refused YAML features.

    with_lines: keep line numbers (ruamel's round-trip parser); otherwise use the much faster
    C parser, which keeps none.
    """
    return _parse(path, read_text(path, folder if folder is not None else Path(path).parent), with_lines)


def _parse(path: Path, text: str, with_lines: bool) -> Any:
    problems = _scan_events(path, text)
    if problems:
        raise DataError(problems)
    try:
        return YAML(typ="rt" if with_lines else "safe").load(text)
    except MarkedYAMLError as e:
        raise DataError([_yaml_problem(path, e)]) from None
    except (YAMLError, ValueError, TypeError) as e:  # a value the constructor cannot build
        raise _fail(path, None, f"malformed YAML: {shown(str(e))}") from None


def line_of(node: Any, key: Any) -> int | None:
    """1-based line of a mapping key or sequence item in a ruamel node."""
    try:
        if isinstance(node, CommentedMap):
            return int(node.lc.key(key)[0]) + 1
        if isinstance(node, CommentedSeq):
            return int(node.lc.item(key)[0]) + 1
    except (KeyError, IndexError, TypeError):
        pass
    return None


_PRINTABLE_ID = re.compile(r"[A-Za-z0-9._-]{1,60}")


def _own_id(node: Any) -> str | None:
    """The record ID of a node, as a message shows it (quoted and shortened if it is malformed)."""
    if isinstance(node, dict):
        for id_key in ("id", "sub_item"):  # a record's own id wins over what it refers to
            value = node.get(id_key)
            if isinstance(value, str):
                return value if _PRINTABLE_ID.fullmatch(value) else shown(value)
    return None


def locate(root: Any, path: Iterable[Any]) -> tuple[int | None, str | None]:
    """Line and nearest enclosing record ID for a path into the document."""
    node, line, record_id = root, getattr(getattr(root, "lc", None), "line", 0) + 1, None
    for key in path:
        record_id = _own_id(node) or record_id
        line = line_of(node, key) or line
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line, _own_id(node) or record_id


def _strings(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(path, string) for every key and string value in a document; (path, key) for a key that is
    not a string (a number, a date, null: JSON Schema only knows string keys)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key
            yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*path, i))
    elif isinstance(node, str):
        yield path, node


def _where(path: tuple) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def check_strings(document: Any, path: Path) -> list[Problem]:
    """Every string is one line of visible text: no control characters (escaped ones such as \\0,
    \\x01, \\v, \\e included), no lone surrogates, no spaces at either end."""
    problems = []
    for where, value in _strings(document):
        if not isinstance(value, str):  # a mapping key
            line, record_id = locate(document, where)
            line = line_of(_node_at(document, where), value) or line
            problems.append(Problem(display_path(path), line, record_id,
                                    f"the key {shown(value)} in {_where(where)} is {_found(value)}: keys are text "
                                    f"(put it in quotes)"))
            continue
        bad = _BAD_CHARACTER.search(value)
        message = None
        if bad and bad.group() in "\n\r":
            message = (f"text at {_where(where)} contains a line break: every data text is one line "
                       f"(write a long text with `>-`, and a new paragraph as a new list item)")
        elif bad:
            message = f"text at {_where(where)} contains {_character_name(bad.group())}: remove it"
        elif value and not value.strip():
            message = f"text at {_where(where)} is blank (only spaces): write the text or remove the entry"
        elif _EDGE_SPACE.search(value):
            message = f"text at {_where(where)} starts or ends with a space: remove it"
        if message:
            line, record_id = locate(document, where)
            problems.append(Problem(display_path(path), line, record_id, message))
    return problems


# --- the JSON Schemas, with Python's regular expressions behaving like JSON Schema's ---------

def _python_pattern(pattern: str) -> str:
    """JSON Schema patterns are ECMA 262, where `$` (without the multiline flag) matches only at the
    very end. Python's `$` also matches before a final newline, so "P01-1\\n" would pass ^…$."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + r"\Z"
    return pattern


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict) -> Iterator[jsonschema.ValidationError]:
    if validator.is_type(instance, "string") and not re.search(_python_pattern(pattern), instance):
        yield jsonschema.ValidationError(f"{shown(instance)} is not of the expected form")


_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})
_VALIDATORS = {name: _Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
               for name, schema in SCHEMAS.items()}

_TYPE_NAMES = {"object": "a mapping (key: value lines)", "array": "a list (lines starting with '- ')",
               "string": "text", "boolean": "true or false", "integer": "a whole number"}


def _found(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def explain(error: jsonschema.ValidationError) -> str:
    """An editor-friendly message for a schema violation. Never shows a raw pattern."""
    where = _where(tuple(error.absolute_path))
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in value]
        if set(error.validator_value) == {"ja", "en"}:
            return (f"missing language {', '.join(repr(m) for m in missing)} at {where}: "
                    f"every text needs both 'ja' and 'en'")
        return f"missing field {', '.join(repr(m) for m in missing)} at {where}"
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(schema.get("properties", {})))
        extra = sorted(map(str, set(value) - set(schema.get("properties", {}))))
        hint = (" (a value containing ', ' inside {…} must be quoted)"
                if any(" " in e for e in extra) else "")
        return f"unknown field {', '.join(shown(e) for e in extra)} at {where}; allowed: {allowed}{hint}"
    if error.validator == "not" and error.validator_value.get("pattern") == FORBIDDEN_IN_NAME:
        return (f"name at {where} contains a double quote, HTML or template syntax: a name is shown in the "
                f"site's header and title; use 「」 or “” instead of '\"'")
    if error.validator == "not" and error.validator_value.get("pattern") == FORBIDDEN_IN_TEXT:
        return (f"text at {where} contains HTML or template syntax ('<', '{{{{', '{{%'): "
                f"data texts are plain text, remove the markup")
    if error.validator == "pattern" and error.validator_value == BLANK:
        return f"text at {where} is blank (only spaces): write the text or remove the entry"
    if error.validator in ("pattern", "format"):
        key = "propertyNames" in error.relative_schema_path
        kind = "ID" if "Stable ID" in schema.get("description", "") else "value"
        if error.validator == "format" and error.validator_value == "date":
            return f"{shown(value)} at {where} is not a real date: write it as \"YYYY-MM-DD\", e.g. \"2026-11-22\""
        examples = schema.get("examples") or []
        path = list(error.absolute_path)
        if path[:1] == ["omissions"] and isinstance(value, str) and ids.matches(ids.LOCAL_RULE, value):
            return (f"{shown(value)} at {where} is one of your own local rules: only the guideline's risks and "
                    f"countermeasures (like {' or '.join(examples)}) can be omitted; to drop a local rule, "
                    f"delete it from local_rules")
        like = f": expected the form {' or '.join(examples)}" if examples else ""
        form = f" ({schema['description']})" if schema.get("description") and kind == "value" else ""
        if key:
            return f"malformed key {shown(value)} in {where}{like}{form}"
        return f"malformed {kind} {shown(value)} at {where}{like}{form}"
    if error.validator == "minLength":
        return f"empty text at {where}: write the text or remove the entry"
    if error.validator == "maxLength":
        return (f"text at {where} is too long ({len(value):,} characters; at most {MAX_TEXT:,}, "
                f"what a spreadsheet cell holds): shorten it or split it")
    if error.validator == "minItems":
        return f"{where} needs at least {error.validator_value} item(s)"
    if error.validator == "minProperties":
        return f"{where} needs at least {error.validator_value} entry"
    if error.validator == "type":
        expected = _TYPE_NAMES.get(str(error.validator_value), str(error.validator_value))
        if error.validator_value == "object" and "ja" in schema.get("properties", {}):
            expected = "a text with 'ja' and 'en' lines"
        hint = ""
        if error.validator_value == "string" and not isinstance(value, (dict, list)) and value is not None:
            hint = ": put the value in quotes"
        if value is None and not error.absolute_path:
            return "the file is empty: it needs the fields of its schema"
        return f"{where} should be {expected}, found {_found(value)}{hint}"
    if error.validator == "enum":
        return f"{shown(value)} at {where} is not one of {', '.join(map(str, error.validator_value))}"
    return f"{where}: {error.message}"


def _relevant_errors(document: Any, name: str) -> Iterator[jsonschema.ValidationError]:
    """Schema errors, leaving out the ones a type error at the same place makes meaningless."""
    errors = list(_VALIDATORS[name].iter_errors(document))
    wrong_type = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    for error in errors:
        if error.validator != "type" and tuple(error.absolute_path) in wrong_type:
            continue
        yield error


def _node_at(document: Any, path: Iterable[Any]) -> Any:
    node = document
    for key in path:
        node = node[key]
    return node


def check_schema(name: str, document: Any, path: Path) -> list[Problem]:
    problems = []
    for error in _relevant_errors(document, name):
        line, record_id = locate(document, error.absolute_path)
        if "propertyNames" in error.relative_schema_path:  # point at the offending key itself
            parent = _node_at(document, error.absolute_path)
            line = line_of(parent, error.instance) or line
        problems.append(Problem(display_path(path), line, record_id, explain(error)))
    return problems


# Parsing (above all with line numbers, in pure Python) and schema checks are most of loading. A
# rebuild in the live preview, or the second reading that finds the lines of a problem, meets
# mostly files it has checked before: their outcome is kept per process, keyed by the file's
# content. The file itself is still opened and checked for safety every time, and a kept document
# is shared, so nothing may change a loaded document (the model is built from it, never in it).
_CHECKED: "OrderedDict[tuple[str, bool, bytes], tuple[Any, list[Problem]]]" = OrderedDict()
_CHECKED_KEPT = 64  # more than all data files with and without lines, plus an overlay or two


def load_checked(name: str, path: Path, with_lines: bool = True, folder: Path | None = None) -> Any:
    """Read a data file and check it against its schema; raise DataError with every problem."""
    text = read_text(path, folder if folder is not None else Path(path).parent)
    key = (name, with_lines, hashlib.sha256(text.encode()).digest())
    if key in _CHECKED:  # the same content elsewhere (a copy of the data): its problems, named here
        _CHECKED.move_to_end(key)
        document, kept = _CHECKED[key]
        problems = [dataclasses.replace(p, file=display_path(path)) for p in kept]
    else:
        try:
            document = _parse(path, text, with_lines)
            problems = check_strings(document, path) + check_schema(name, document, path)
        except DataError as e:
            document, problems = None, e.problems
        _CHECKED[key] = (document, problems)
        if len(_CHECKED) > _CHECKED_KEPT:
            _CHECKED.popitem(last=False)
    if problems:
        raise DataError(list(problems))
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


def text_of(node: Any) -> Text:
    """A Text from a checked {ja, en} node. English may be missing only where the schema allows
    it (a fork's local rules): the Text is then marked untranslated."""
    return Text(ja=str(node["ja"]), en=str(node.get("en") or ""))


def texts_of(nodes: Any) -> list[Text]:
    return [text_of(n) for n in nodes or []]


def source_of(file: str, parent: Any, key: Any) -> Source:
    return Source(file, line_of(parent, key))


def load_guideline(data_dir: Path, overlay_dir: Path | None = None) -> Guideline:
    """Load every data file (and a fork's overlay), check it, and build the model.

    Raises DataError listing every problem in every file; nothing is built from bad data.
    Warnings (which do not stop anything) are in the result's `warnings`.
    Good data is read with the fast parser; only when there are problems or warnings is it read
    again with the one that keeps line numbers, to report them.
    overlay_dir: a fork's municipality/ folder (see overlay.py); ignored if it has no overlay file.
    """
    overlay = Path(overlay_dir) if overlay_dir else None
    try:
        guideline = _load_guideline(Path(data_dir), False, overlay)
    except DataError:
        return _load_guideline(Path(data_dir), True, overlay)
    if guideline.warnings:  # they come from the overlay: only it needs reading again, with lines
        return _load_guideline(Path(data_dir), False, overlay, overlay_lines=True)
    return guideline


def _load_guideline(data_dir: Path, with_lines: bool, overlay_dir: Path | None,
                    overlay_lines: bool = False) -> Guideline:
    from .schema import FILES
    documents, problems = {}, []
    for name, filename in FILES.items():
        try:
            documents[name] = load_checked(name, data_dir / filename, with_lines, data_dir)
        except DataError as e:
            problems.extend(e.problems)
    overlay_document, overlay_path = None, None
    if overlay_dir is not None and os.path.lexists(overlay_dir / OVERLAY_FILE):
        overlay_path = overlay_dir / OVERLAY_FILE
        try:
            overlay_document = load_checked("municipality", overlay_path, with_lines or overlay_lines, overlay_dir)
        except DataError as e:
            problems.extend(e.problems)
    if problems:
        raise DataError(problems)
    guideline = build(documents, {name: display_path(data_dir / f) for name, f in FILES.items()})
    if overlay_document is not None and overlay_dir is not None and overlay_path is not None:
        from . import overlay
        overlay.apply(guideline, overlay_document, display_path(overlay_path), overlay_dir)
    from .validate import check
    found = check(guideline)
    errors = [p for p in found if not isinstance(p, DataWarning)]
    if errors:
        raise DataError(errors)
    guideline.warnings = sorted(p for p in found if isinstance(p, DataWarning))
    return guideline


def _id_lines(v: Any) -> dict[str, int | None]:
    """Line of every ID a version entry names (for messages about renames and removals)."""
    lines: dict[str, int | None] = {}
    for key in ("added", "changed", "removed"):
        for i, value in enumerate(v[key]):
            lines.setdefault(str(value), line_of(v[key], i))
    for old in v["renamed"]:
        lines.setdefault(str(old), line_of(v["renamed"], old))
    return lines


def build(documents: dict[str, Any], files: dict[str, str]) -> Guideline:
    meta = documents["guideline"]
    principles_doc, sheets_doc = documents["principles"], documents["checksheets"]

    principles = []
    for p_index, p in enumerate(principles_doc["principles"]):
        sub_items = [
            SubItem(id=s["id"], title=text_of(s["title"]), content=texts_of(s["content"]),
                    principle_id=p["id"], ordinal=s_index + 1,
                    source=source_of(files["principles"], p["sub_items"], s_index),
                    contacts=[str(c) for c in s.get("contacts") or []])
            for s_index, s in enumerate(p["sub_items"])
        ]
        principles.append(Principle(id=p["id"], title=text_of(p["title"]), sub_items=sub_items,
                                    ordinal=p_index + 1,
                                    source=source_of(files["principles"], principles_doc["principles"], p_index)))

    roles = [Role(id=r["id"], code=r["code"], name=text_of(r["name"]), actor=text_of(r["actor"]),
                  definition=texts_of(r["definition"]),
                  considerations_intro=texts_of(r["considerations_intro"]),
                  source=source_of(files["roles"], documents["roles"]["roles"], i))
             for i, r in enumerate(documents["roles"]["roles"])]

    sheets: dict[tuple[str, str], RoleSheet] = {}
    duplicate_sheets: list[RoleSheet] = []
    file = files["checksheets"]
    for entry_index, entry in enumerate(sheets_doc["checksheets"]):
        sub_item_id = entry["sub_item"]
        for role_id, block in entry["roles"].items():
            sheet = RoleSheet(
                sub_item_id=sub_item_id, role_id=role_id,
                source=source_of(file, entry["roles"], role_id),
                entry_source=source_of(file, sheets_doc["checksheets"], entry_index),
                content=texts_of(block.get("content")),
                risks=[Risk(id=r["id"], text=text_of(r["text"]), sub_item_id=sub_item_id,
                            role_id=role_id, source=source_of(file, block["risks"], i))
                       for i, r in enumerate(block["risks"])],
                countermeasures=[Countermeasure(
                    id=c["id"], text=text_of(c["text"]), sub_item_id=sub_item_id, role_id=role_id,
                    source=source_of(file, block["countermeasures"], i),
                    sub_points=texts_of(c.get("sub_points")), examples=texts_of(c.get("examples")))
                    for i, c in enumerate(block["countermeasures"])],
            )
            if (sub_item_id, role_id) in sheets:
                duplicate_sheets.append(sheet)
            else:
                sheets[(sub_item_id, role_id)] = sheet

    terms = [Term(id=t["id"], term=text_of(t["term"]),
                  aliases={lang: [str(a) for a in (t.get("aliases") or {}).get(lang, [])]
                           for lang in ("ja", "en")},
                  definition=texts_of(t["definition"]),
                  references=[Reference(source=text_of(r["source"]), text=texts_of(r["text"]))
                              for r in t.get("references") or []],
                  origin=t["origin"], defined_in=t.get("defined_in"),
                  annotate=bool(t.get("annotate", True)),
                  source=source_of(files["glossary"], documents["glossary"]["terms"], i))
             for i, t in enumerate(documents["glossary"]["terms"])]

    cases_doc = documents["cases"]
    cases = [Case(id=c["id"], title=text_of(c["title"]), organization=text_of(c["organization"]),
                  function=c["function"], background=texts_of(c["background"]),
                  data_and_security=texts_of(c["data_and_security"]), effects=texts_of(c["effects"]),
                  source=source_of(files["cases"], cases_doc["cases"], i))
             for i, c in enumerate(cases_doc["cases"])]

    notes = [EditorialNote(id=n["id"], kind=n["kind"], refs=[str(r) for r in n.get("refs") or []],
                           section=n.get("section"), original=n.get("original"),
                           corrected=n.get("corrected"), explanation=text_of(n["explanation"]),
                           source=source_of(files["editorial_notes"], documents["editorial_notes"]["notes"], i))
             for i, n in enumerate(documents["editorial_notes"]["notes"])]

    ui_doc = documents["ui"]["strings"]
    guideline = Guideline(
        meta=Meta(title=text_of(meta["title"]), version=str(meta["version"]),
                  published=str(meta["published"]), publisher=text_of(meta["publisher"]),
                  disclaimer=text_of(meta["disclaimer"]) if meta.get("disclaimer") else None,
                  source=Source(files["guideline"], line_of(meta, "title"))),
        principles_intro=texts_of(principles_doc["intro"]), principles=principles,
        checksheets_intro=texts_of(sheets_doc["intro"]), roles=roles, sheets=sheets,
        terms=terms, cases_source=text_of(cases_doc["source"]),
        cases_source_url=cases_doc.get("source_url"), cases=cases, notes=notes,
        ui={str(k): text_of(v) for k, v in ui_doc.items()},
        ui_sources={str(k): source_of(files["ui"], ui_doc, k) for k in ui_doc},
        versions=[Version(version=str(v["version"]), date=str(v["date"]), summary=text_of(v["summary"]),
                          added=[str(x) for x in v["added"]], changed=[str(x) for x in v["changed"]],
                          removed=[str(x) for x in v["removed"]],
                          renamed={str(k): str(x) for k, x in v["renamed"].items()},
                          source=source_of(files["changes"], documents["changes"]["versions"], i),
                          id_lines=_id_lines(v))
                  for i, v in enumerate(documents["changes"]["versions"])],
        duplicate_sheets=duplicate_sheets,
    )
    return guideline
