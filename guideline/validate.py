"""Checks across records and files, after each file has passed its JSON Schema.

Validation runs once, on the merged model (upstream data plus a fork's overlay), in both
directions: everything referenced must exist, and every sub-item must be covered by every
role's checksheet. Messages about a fork's overlay are written for the fork: they name
municipality/municipality.yaml, the line and the ID, and say what to change, following
data/changes.yaml when an upstream ID was renamed or removed.
"""
import ast
import html.entities
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from . import LANGUAGES, ids
from .errors import DataError, DataWarning, Problem
from .model import Countermeasure, Guideline, Source

PACKAGE = Path(__file__).resolve().parent
PROJECT = PACKAGE.parent
DOCS = PROJECT / "docs"
# Pages generated from the data (not under docs/) that an editorial note may name as its section.
GENERATED_SECTIONS = {"principles/index.md", "roles/index.md"}
# Characters Excel refuses in a sheet name, and its length limit.
SHEET_NAME_FORBIDDEN = set("[]:*?/\\")
SHEET_NAME_MAX = 31
# An XLSX drop-down list is one comma-separated string of at most 255 characters.
DROPDOWN_MAX = 255


def _problem(source: Source, record_id: str | None, message: str) -> Problem:
    return Problem(source.file, source.line, record_id, message)


def _warning(source: Source, record_id: str | None, message: str) -> DataWarning:
    return DataWarning(source.file, source.line, record_id, message)


def all_records(g: Guideline) -> Iterator[tuple[str, Source, str]]:
    """(id, source, kind) of every record that has an ID."""
    for p in g.principles:
        yield p.id, p.source, "principle"
        for s in p.sub_items:
            yield s.id, s.source, "sub-item"
    for role in g.roles:
        yield role.id, role.source, "role"
    for sheet in [*g.sheets.values(), *g.duplicate_sheets]:
        for risk in sheet.risks:
            yield risk.id, risk.source, "risk"
        for cm in sheet.countermeasures:
            if not cm.local:  # a fork's local rules are checked with the overlay
                yield cm.id, cm.source, "countermeasure"
    for t in g.terms:
        yield t.id, t.source, "glossary term"
    for case in g.cases:
        yield case.id, case.source, "case"
    for n in g.notes:
        yield n.id, n.source, "editorial note"


def check(g: Guideline) -> list[Problem]:
    problems: list[Problem] = []
    add = problems.append

    # IDs are unique across the whole guideline: they are anchors and checklist keys.
    seen: dict[str, list[tuple[Source, str]]] = defaultdict(list)
    for record_id, source, kind in all_records(g):
        seen[record_id].append((source, kind))
    for record_id, places in seen.items():
        if len(places) > 1:
            first = places[0][0]
            for source, kind in places[1:]:
                add(_problem(source, record_id,
                             f"duplicate ID: {record_id} is already used at {first.file}:{first.line}; "
                             f"give this {kind} a new ID (IDs are never reused)"))

    for p in g.principles:
        for s in p.sub_items:
            if ids.principle_of(s.id) != p.id:
                add(_problem(s.source, s.id, f"sub-item {s.id} is listed under principle {p.id}; "
                                             f"its ID must start with {p.id}-"))

    roles_by_id = {r.id: r for r in g.roles}
    codes = defaultdict(list)
    for r in g.roles:
        codes[r.code].append(r)
    for code, rs in codes.items():
        if len(rs) > 1:
            add(_problem(rs[1].source, rs[1].id, f"role code {code} is also used by role {rs[0].id}"))

    sub_item_ids = {s.id for s in g.sub_items}
    for sheet in g.duplicate_sheets:
        add(_problem(sheet.source, sheet.sub_item_id,
                     f"sub-item {sheet.sub_item_id} has a second '{sheet.role_id}' block; "
                     f"merge it into the first"))
    for (sub_item_id, role_id), sheet in g.sheets.items():
        if sub_item_id not in sub_item_ids:
            add(_problem(sheet.entry_source, sub_item_id,
                         f"unknown sub-item {sub_item_id}: add it to principles.yaml or fix the reference"))
            continue  # its IDs cannot be checked against a sub-item that does not exist
        role = roles_by_id.get(role_id)
        if role is None:
            add(_problem(sheet.source, sub_item_id,
                         f"unknown role '{role_id}': known roles are {', '.join(roles_by_id)}"))
            continue
        for risk in sheet.risks:
            prefix = ids.risk_prefix(sub_item_id, role.code)
            if not risk.id.startswith(prefix):
                add(_problem(risk.source, risk.id,
                             f"risk {risk.id} belongs to {sub_item_id} / {role_id}: its ID must start with {prefix}"))
        for cm in sheet.countermeasures:
            if cm.local:
                continue  # a fork's local rule: see check_overlay
            prefix = ids.countermeasure_prefix(sub_item_id, role.code)
            if not cm.id.startswith(prefix) or not ids.matches(ids.COUNTERMEASURE, cm.id):
                add(_problem(cm.source, cm.id,
                             f"countermeasure {cm.id} belongs to {sub_item_id} / {role_id}: "
                             f"its ID must look like {prefix}01"))

    # The other direction: every sub-item has a checksheet for every role.
    for s in g.sub_items:
        for r in g.roles:
            if (s.id, r.id) not in g.sheets:
                add(_problem(s.source, s.id,
                             f"sub-item {s.id} has no '{r.id}' risks and countermeasures in checksheets.yaml"))

    known = set(seen)
    for t in g.terms:
        if t.defined_in and t.defined_in not in sub_item_ids:
            add(_problem(t.source, t.id, f"defined_in refers to unknown sub-item {t.defined_in}"))
    # Forms that differ only in width, case or spacing are the same form to the glossary.
    surfaces: dict[tuple[str, str], tuple[str, str, int]] = {}
    for t in g.terms:
        for lang in LANGUAGES:
            for position, surface in enumerate(t.surfaces(lang)):
                other, first_form, at = surfaces.setdefault((lang, normalized(surface)), (t.id, surface, position))
                if other != t.id:
                    add(_problem(t.source, t.id, f"{lang} form {surface!r} is also a form of term {other}"))
                elif at != position:
                    add(_problem(t.source, t.id, f"{lang} form {surface!r} repeats the form {first_form!r} "
                                                 f"(only width, case or spacing differ): remove it"))
    for n in g.notes:
        for ref in n.refs:
            if ref not in known:
                add(_problem(n.source, n.id, f"refers to unknown ID {shown_id(ref)}{_retired_hint(g, ref)}"))
        if not n.refs and not n.section and n.kind != "global":
            add(_problem(n.source, n.id, "say what the note is about: give refs (IDs) or a section (page)"))

    problems += check_versions(g, set(seen))
    problems += check_notes(g)
    problems += check_glossary_forms(g)
    problems += check_ui(g)
    problems += check_overlay(g, set(seen))
    return problems


def normalized(surface: str) -> str:
    """A written form as the glossary matches it: width, case and spacing do not make a new form."""
    return " ".join(unicodedata.normalize("NFKC", surface).casefold().split())


def shown_id(value: str) -> str:
    return value if len(value) <= 60 else value[:59] + "…"


def history(g: Guideline, record_id: str) -> str:
    """What changes.yaml says became of a retired ID, e.g. "was renamed to B in 1.1.0, then to C
    in 1.2.0" or "was removed in version 1.1.0"; "" for an ID it does not name."""
    chain = g.rename_chain(record_id)
    if chain:
        steps = "was renamed " + ", then ".join(f"to {new} in {version}" for version, new in chain)
        final = chain[-1][1]
        return f"{steps}, and {final} was removed in {g.removals[final]}" if final in g.removals else steps
    if record_id in g.removals:
        return f"was removed in version {g.removals[record_id]}"
    return ""


def _retired_hint(g: Guideline, record_id: str) -> str:
    """What changes.yaml says about an ID that is no longer in the data, for a message (or "")."""
    said = history(g, record_id)
    current = g.resolve(record_id)
    if not said:
        return ""
    return f" (it {said}: use {current})" if current and current != record_id else f" (it {said})"


def check_versions(g: Guideline, current: set[str]) -> list[Problem]:
    """The changes file agrees with the data: retired IDs are never reused, and what it says
    was added, changed or renamed to exists. Renames form chains, never cycles, and never rename
    to an ID that was already retired."""
    problems = []
    if g.versions and g.versions[0].version != g.meta.version:
        problems.append(_problem(g.versions[0].source, g.versions[0].version,
                                 f"the newest version in changes.yaml is {g.versions[0].version}, but "
                                 f"guideline.yaml says {g.meta.version}: add the new version to changes.yaml"))
    seen_versions: dict[str, Source] = {}
    for v in g.versions:
        if v.version in seen_versions:
            problems.append(_problem(v.source, v.version, f"version {v.version} is listed twice: merge the entries"))
        seen_versions.setdefault(v.version, v.source)
    for v in g.versions:
        for old_id in [*v.removed, *v.renamed]:
            if old_id in current:
                problems.append(_problem(v.source_of(old_id), old_id,
                                         f"{old_id} was retired in {v.version} and must not be "
                                         f"used again: give the record a new ID"))
        for new_id in [*v.added, *v.changed, *v.renamed.values()]:
            if new_id not in current and new_id not in g.retired_ids:
                problems.append(_problem(v.source_of(new_id) if new_id in v.id_lines else v.source, new_id,
                                         f"changes.yaml ({v.version}) names {new_id}, which is not in the data"))
    # When each ID was retired (position in the list: 0 is the newest version).
    retired_at: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for position, v in enumerate(g.versions):
        for old_id in [*v.removed, *v.renamed]:
            retired_at[old_id].append((position, v.version))
    for old_id, places in retired_at.items():
        if len(places) > 1:
            (_, first), (position, again) = sorted(places, reverse=True)[:2]
            v = g.versions[position]
            problems.append(_problem(v.source_of(old_id), old_id,
                                     f"{old_id} was already retired in {first}; it cannot be removed or renamed "
                                     f"again in {again}"))
    for position, v in enumerate(g.versions):
        for old_id, new_id in v.renamed.items():
            if old_id == new_id:
                problems.append(_problem(v.source_of(old_id), old_id,
                                         f"{old_id} is renamed to itself: remove the entry"))
                continue
            # Retired in this version or an older one (a later rename of new_id makes a chain: fine).
            earlier = [version for p, version in retired_at.get(new_id, []) if p >= position]
            if earlier:
                problems.append(_problem(v.source_of(old_id), old_id,
                                         f"{old_id} is renamed to {new_id}, which was retired in {earlier[0]}: "
                                         f"an ID is never reused; rename it to a new ID"))
    for old_id in g.renames:
        chain = g.rename_chain(old_id)
        if chain and (chain[-1][1] == old_id or len({new for _, new in chain}) < len(chain)):
            version = g.renames[old_id][0]
            v = next(x for x in g.versions if x.version == version)
            path = " -> ".join([old_id, *[new for _, new in chain]])
            problems.append(_problem(v.source_of(old_id), old_id,
                                     f"the renames form a cycle ({path}): an ID is never reused"))
    return problems


def check_notes(g: Guideline) -> list[Problem]:
    """An editorial note's section names a page that exists in both editions."""
    problems = []
    for n in g.notes:
        if n.section and n.section not in GENERATED_SECTIONS:
            missing = [lang for lang in LANGUAGES if not (DOCS / lang / n.section).is_file()]
            if missing:
                problems.append(_problem(n.source, n.id, f"section {n.section} is not a page of the site "
                                                         f"(no docs/{missing[0]}/{n.section}): fix the file name"))
    return problems


def _is_character_reference_name(surface: str) -> bool:
    """A form the glossary would find inside an HTML character reference (&quot; &#39; &#x27;)."""
    return bool(re.fullmatch(r"#?[xX]?[0-9A-Fa-f]+|[0-9]+", surface)) or \
        surface + ";" in html.entities.html5 or surface in html.entities.html5


def check_glossary_forms(g: Guideline) -> list[Problem]:
    problems = []
    for t in g.terms:
        for lang in LANGUAGES:
            for surface in t.surfaces(lang):
                if _is_character_reference_name(surface):
                    problems.append(_problem(t.source, t.id,
                                             f"{lang} form {surface!r} is a number or the name of an HTML character "
                                             f"(like quot or 39): it would be found inside the page's markup; "
                                             f"use a longer form"))
    return problems


# --- interface strings ---------------------------------------------------------------------

def _constant_strings(node: ast.AST, constants: dict[str, list[str]]) -> list[str] | None:
    """The strings a loop iterates over, when the code says them literally: ("a", "b"),
    [*NAMES, "c"] or a module constant NAMES = ("a", "b")."""
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        values: list[str] = []
        for element in node.elts:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                values.append(element.value)
            elif isinstance(element, ast.Starred):
                inner = _constant_strings(element.value, constants)
                if inner is None:
                    return None
                values += inner
            else:
                return None
        return values
    return None


def _keys(node: ast.AST, bindings: dict[str, list[str]]) -> list[str] | None:
    """The interface-string keys a key expression can take, or None if the code does not say."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        keys = [""]
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                keys = [k + part.value for k in keys]
            elif isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name) \
                    and part.value.id in bindings:
                keys = [k + v for k in keys for v in bindings[part.value.id]]
            else:
                return None
        return keys
    return None


def _attribute_key(node: ast.AST) -> tuple[str, str] | None:
    """(prefix, attribute) for a key made from a record's field: "function." + case.function or
    f"notes.kind.{n.kind}"; None otherwise."""
    parts: list[ast.AST] = []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [node.left, node.right]
    elif isinstance(node, ast.JoinedStr):
        parts = [p.value if isinstance(p, ast.FormattedValue) else p for p in node.values]
    if len(parts) == 2 and isinstance(parts[0], ast.Constant) and isinstance(parts[0].value, str) \
            and isinstance(parts[1], ast.Attribute):
        return parts[0].value, parts[1].attr
    return None


class _TextCalls(ast.NodeVisitor):
    """Finds `<x>.text(key, lang, name=…)` calls and the loop variables they sit in."""

    def __init__(self, constants: dict[str, list[str]]):
        self.constants = constants
        self.bindings: dict[str, list[str]] = {}
        self.found: dict[str, set[str]] = {}
        self.by_field: set[tuple[str, str]] = set()  # keys made from a record's field: (prefix, field)

    def _bind(self, target: ast.AST, iterable: ast.AST) -> str | None:
        values = _constant_strings(iterable, self.constants)
        if isinstance(target, ast.Name) and values is not None:
            self.bindings[target.id] = values
            return target.id
        return None

    def visit_For(self, node: ast.For) -> None:
        name = self._bind(node.target, node.iter)
        self.generic_visit(node)
        if name:
            self.bindings.pop(name, None)

    def _comprehension(self, node: ast.AST) -> None:
        names = [self._bind(g.target, g.iter) for g in getattr(node, "generators", [])]
        self.generic_visit(node)
        for name in names:
            if name:
                self.bindings.pop(name, None)

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension

    def visit_Call(self, node: ast.Call) -> None:
        # g.text(key, …), and the short local helpers renderers define for it: t = lambda key: …text(key, lang)
        is_text = (isinstance(node.func, ast.Attribute) and node.func.attr == "text") or \
            (isinstance(node.func, ast.Name) and node.func.id in ("t", "text"))
        if is_text and node.args:
            for key in _keys(node.args[0], self.bindings) or []:
                self.found.setdefault(key, set()).update(k.arg for k in node.keywords if k.arg)
            by_field = _attribute_key(node.args[0])
            if by_field:
                self.by_field.add(by_field)
        self.generic_visit(node)


# A literal key: not one a template builds from a prefix and a value ("case." ~ attr).
_TEMPLATE_CALL = re.compile(r"""\btext\(\s*["']([a-z0-9_.-]*[a-z0-9_-])["'](?!\s*~)([^)]*)\)""")
# A key a template builds from a record's field: r.text("notes.kind." ~ n.kind) -> ("notes.kind.", "kind").
_TEMPLATE_FIELD_CALL = re.compile(r"""\btext\(\s*["']([a-z0-9_.-]+\.)["']\s*~\s*\w+\.(\w+)""")


@lru_cache(maxsize=1)
def ui_keys_used() -> dict[str, frozenset[str]]:
    return _scan_code()[0]


@lru_cache(maxsize=1)
def ui_keys_by_field() -> frozenset[tuple[str, str]]:
    """Keys the code makes from a record's field, as (prefix, field): ("function.", "function")
    means every case's function value needs a "function.<value>" string."""
    return _scan_code()[1]


@lru_cache(maxsize=1)
def _scan_code() -> tuple[dict[str, frozenset[str]], frozenset[tuple[str, str]]]:
    """Interface-string keys the code uses, each with the {placeholders} the code fills in.

    Derived from the code itself, so it cannot drift: Python calls of the `text` method (or a
    helper `t`) with a literal key and keyword placeholders, keys built in a loop over literal
    values, and the same calls in templates. Keys built from data values (e.g. "function." +
    case.function) are not found here; Guideline.text reports those, should one be missing, when the page is built."""
    found: dict[str, set[str]] = {}
    by_field: set[tuple[str, str]] = set()
    sources = [*PACKAGE.rglob("*.py"), *(PROJECT / name for name in ("hooks.py", "macros.py"))]
    for path in sources:
        if not path.is_file():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {}
        for statement in tree.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
                    and isinstance(statement.targets[0], ast.Name):
                values = _constant_strings(statement.value, {})
                if values is not None:
                    constants[statement.targets[0].id] = values
        visitor = _TextCalls(constants)
        visitor.visit(tree)
        for key, names in visitor.found.items():
            found.setdefault(key, set()).update(names)
        by_field |= visitor.by_field
    for path in (PACKAGE / "templates").rglob("*") if (PACKAGE / "templates").is_dir() else []:
        if path.is_file():
            source = path.read_text(encoding="utf-8", errors="replace")
            for match in _TEMPLATE_CALL.finditer(source):
                names = set(re.findall(r"(\w+)\s*=", match.group(2)))
                found.setdefault(match.group(1), set()).update(names)
            by_field |= {(m.group(1), m.group(2)) for m in _TEMPLATE_FIELD_CALL.finditer(source)}
    return {key: frozenset(names) for key, names in found.items()}, frozenset(by_field)


def check_ui(g: Guideline) -> list[Problem]:
    """Every interface string the code uses exists and has the {placeholders} the code fills in;
    sheet names are ones Excel accepts; status labels fit an XLSX drop-down list."""
    problems = []
    file = next(iter(g.ui_sources.values())).file if g.ui_sources else "ui.yaml"
    for key, names in sorted(ui_keys_used().items()):
        if key not in g.ui:
            problems.append(Problem(file, None, key, f"missing interface string '{key}' (used by the code): "
                                                     f"add it under strings, with 'ja' and 'en'"))
            continue
        source = g.ui_sources.get(key, Source(file, None))
        for lang in LANGUAGES:
            for name in sorted(names):
                if "{" + name + "}" not in g.ui[key][lang]:
                    problems.append(_problem(source, key, f"the {lang} text of '{key}' lacks the placeholder "
                                                          f"{{{name}}}, which the code fills in: put {{{name}}} "
                                                          f"where the value belongs"))
    records: list[object] = [*g.cases, *g.notes, *g.terms, *g.roles, *g.principles, *g.sub_items]
    reported: set[str] = set()
    for prefix, name in sorted(ui_keys_by_field()):
        for record in records:
            value = getattr(record, name, None)
            key = f"{prefix}{value}"
            if isinstance(value, str) and key not in g.ui and key not in reported:
                reported.add(key)
                source = getattr(record, "source", Source(file, None))
                problems.append(_problem(source, getattr(record, "id", None),
                                         f"{name} {value!r} needs the interface string '{key}' in ui.yaml, "
                                         f"which is missing: add it with 'ja' and 'en'"))
    for key, text in g.ui.items():
        source = g.ui_sources.get(key, Source(file, None))
        if key.startswith("sheet."):
            for lang in LANGUAGES:
                name = text[lang]
                bad = sorted(SHEET_NAME_FORBIDDEN & set(name))
                if bad or len(name) > SHEET_NAME_MAX or name.startswith("'") or name.endswith("'") \
                        or name.casefold() == "history":
                    problems.append(_problem(source, key, f"the {lang} sheet name {name!r} is not one Excel accepts: "
                                                          f"at most {SHEET_NAME_MAX} characters, none of "
                                                          f"{' '.join(sorted(SHEET_NAME_FORBIDDEN))}, no ' at "
                                                          f"either end, and not 'History'"))
        if key.startswith("status."):
            for lang in LANGUAGES:
                if set(text[lang]) & {",", '"'}:
                    problems.append(_problem(source, key, f"the {lang} status label {text[lang]!r} contains a comma "
                                                          f"or a double quote, which would split the spreadsheet's "
                                                          f"drop-down list: leave them out"))
    for lang in LANGUAGES:
        statuses = [t[lang] for k, t in g.ui.items() if k.startswith("status.")]
        if len(",".join(statuses)) > DROPDOWN_MAX:
            key = next(k for k in g.ui if k.startswith("status."))
            problems.append(_problem(g.ui_sources.get(key, Source(file, None)), key,
                                     f"the {lang} status labels together are longer than an XLSX drop-down "
                                     f"list allows ({DROPDOWN_MAX} characters): shorten them"))
    return problems


# --- a fork's overlay ----------------------------------------------------------------------

def _untranslated(rule: Countermeasure) -> bool:
    return any(t.untranslated for t in [rule.text, *rule.sub_points, *rule.examples])


# An SVG logo is served from the site's own origin: opened on its own, a script in it would run
# there. Nothing may be fetched from other hosts either.
_SVG_SCRIPT = re.compile(r"<\s*script|\son[a-z]+\s*=|javascript:|<\s*foreignObject", re.IGNORECASE)
_SVG_EXTERNAL = re.compile(r"""(?:href|src)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
                           re.IGNORECASE)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def logo_problem(path: Path, folder: Path) -> str | None:
    """Why a logo must not be published (a message), or None: a regular file inside the folder,
    a PNG, or an SVG without scripts, event handlers or references to other hosts."""
    from .loader import read_bytes
    problem = _overlay_file_problem(folder, path.name)
    if problem:
        return problem
    content = read_bytes(path, folder)
    if path.suffix == ".png":
        return None if content.startswith(PNG_SIGNATURE) else "is not a PNG image: export the logo as PNG or SVG"
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return "is not a UTF-8 SVG file: save it as SVG (UTF-8)"
    if _SVG_SCRIPT.search(text):
        return ("contains a script, an event handler (onload=…) or foreignObject: export the logo again "
                "as a plain SVG image")
    if _SVG_EXTERNAL.search(text):
        return "refers to another host (href/url to http…): nothing is fetched from other hosts; embed it"
    return None


def _overlay_file_problem(folder: Path, relative: str) -> str | None:
    from .loader import read_text, unsafe_file_problem
    path = folder / relative
    problem = unsafe_file_problem(path, folder)
    if problem or not relative.endswith(".md"):
        return problem
    try:
        read_text(path, folder)
    except DataError as e:
        return e.problems[0].message
    return None


def check_overlay(g: Guideline, upstream_ids: set[str]) -> list[Problem]:
    m = g.municipality
    if m is None:
        return []
    problems: list[Problem] = []
    folder = Path(m.folder)
    if m.logo:
        problem = logo_problem(folder / m.logo, folder)
        if problem == "file is missing":
            problems.append(_problem(m.logo_source or m.source, None, f"logo file {m.logo} is missing from {folder}"))
        elif problem:
            problems.append(_problem(m.logo_source or m.source, None, f"logo file {m.logo} {problem}"))
    for page, source in zip(m.pages, m.page_sources, strict=True):
        for lang in LANGUAGES:
            problem = _overlay_file_problem(folder, f"pages/{lang}/{page}")
            if problem == "file is missing":
                problems.append(_problem(source, None, f"page {page} is missing: add municipality/pages/{lang}/{page}"))
            elif problem:
                problems.append(_problem(source, None, f"page municipality/pages/{lang}/{page} {problem}"))

    roles = {r.id: r for r in g.roles}
    sub_items = {s.id for s in g.sub_items}
    taken = set(upstream_ids)
    for rule in m.local_rules:
        rule_id, sub_item_id, role_id = rule.id, rule.sub_item_id, rule.role_id
        if sub_item_id not in sub_items:
            current = g.resolve(sub_item_id) if sub_item_id in g.retired_ids else None
            if current:
                role = roles.get(role_id)
                new_id = ids.local_rule_prefix(current, role.code) + rule_id[-2:] if role else None
                also = f" and the rule's ID to {new_id}" if new_id and new_id != rule_id else ""
                problems.append(_problem(rule.source, rule_id,
                                         f"local rule {rule_id} refers to sub-item {sub_item_id}, which "
                                         f"{history(g, sub_item_id)}: change sub_item to {current}{also}"))
            elif sub_item_id in g.retired_ids:
                problems.append(_problem(rule.source, rule_id,
                                         f"local rule {rule_id} refers to sub-item {sub_item_id}, which "
                                         f"{history(g, sub_item_id)}: move the rule to another sub-item or delete it"))
            else:
                problems.append(_problem(rule.source, rule_id,
                                         f"local rule {rule_id} refers to unknown sub-item {sub_item_id}"))
            continue
        if role_id not in roles:
            problems.append(_problem(rule.source, rule_id, f"local rule {rule_id} refers to unknown role "
                                                           f"'{role_id}': known roles are {', '.join(roles)}"))
            continue
        prefix = ids.local_rule_prefix(sub_item_id, roles[role_id].code)
        if not rule_id.startswith(prefix):
            problems.append(_problem(rule.source, rule_id, f"local rule {rule_id} belongs to {sub_item_id} / "
                                                           f"{role_id}: its ID must look like {prefix}01"))
            continue
        if rule_id in taken:
            problems.append(_problem(rule.source, rule_id,
                                     f"duplicate ID: {rule_id} is already used; give this rule a new ID"))
            continue
        taken.add(rule_id)
        if _untranslated(rule):
            problems.append(_warning(rule.source, rule_id,
                                     f"local rule {rule_id} has no English text: the English edition shows it in "
                                     f"Japanese, marked as untranslated (add 'en' to translate it)"))

    records = g.upstream_records()
    omitted: dict[str, Source] = {}
    for omission in m.omissions:
        oid = omission.id
        if oid in omitted:
            problems.append(_problem(omission.source, oid, f"{oid} is omitted twice (also at line "
                                                           f"{omitted[oid].line}): keep one"))
            continue
        omitted[oid] = omission.source
        if oid in records:
            continue
        current = g.resolve(oid)
        if oid in g.retired_ids and current:
            problems.append(_problem(omission.source, oid, f"{oid} {history(g, oid)}: change the omission's "
                                                           f"id to {current}"))
        elif oid in g.retired_ids:
            problems.append(_problem(omission.source, oid, f"{oid} {history(g, oid)}: delete this omission "
                                                           f"(there is nothing left to omit)"))
        else:
            problems.append(_problem(omission.source, oid, f"omission of unknown ID {oid}: it is not a risk or "
                                                           f"countermeasure of the guideline"))
    return problems


# --- between two versions ------------------------------------------------------------------

def record_ids(g: Guideline) -> set[str]:
    """IDs changes.yaml tracks (risks, countermeasures, sub-items, principles, terms, cases)."""
    found = {s.id for s in g.sub_items} | {p.id for p in g.principles} | set(g.upstream_records())
    return found | {t.id for t in g.terms} | {c.id for c in g.cases}


def check_release(older: Guideline, newer: Guideline) -> list[Problem]:
    """What one version alone cannot show: an ID that disappeared without a changes.yaml entry.

    A rename without its entry looks, in one version, like a new record: the old ID is simply
    not there any more. Compared with the previous version (e.g. the last release, or the
    upstream a fork merges), every ID that disappeared must be recorded as removed or renamed,
    and every new ID as added or as a rename's target."""
    problems = []
    where = newer.versions[0] if newer.versions else None
    file = where.source if where else Source("changes.yaml", None)
    old_ids, new_ids = record_ids(older), record_ids(newer)
    for gone in sorted(old_ids - new_ids):
        if gone not in newer.retired_ids:
            problems.append(_problem(file, gone, f"{gone} is in version {older.meta.version} but not in "
                                                 f"{newer.meta.version}, and changes.yaml does not say so: add it to "
                                                 f"removed, or to renamed with its new ID"))
    recorded = {i for v in newer.versions for i in [*v.added, *v.renamed.values()]}
    for new in sorted(new_ids - old_ids):
        if new not in recorded:
            problems.append(_problem(file, new, f"{new} is new in {newer.meta.version} (not in "
                                                f"{older.meta.version}), and changes.yaml does not say so: add it to "
                                                f"added, or to renamed as the new ID of the record it replaces"))
    if older.meta.version == newer.meta.version and (old_ids != new_ids):
        problems.append(_problem(file, None, f"the IDs changed but the version is still {newer.meta.version}: "
                                             f"add a new version to changes.yaml and guideline.yaml"))
    return problems
