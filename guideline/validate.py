"""Checks across records and files, after each file has passed its JSON Schema.

Validation runs in both directions: everything referenced must exist, and every sub-item
must be covered by every role's checksheet.
"""
from collections import defaultdict

from . import ids
from .errors import Problem
from .model import Guideline, Source


def _problem(source: Source, record_id: str | None, message: str) -> Problem:
    return Problem(source.file, source.line, record_id, message)


def all_records(g: Guideline):
    """(id, source, kind) of every record that has an ID."""
    for p in g.principles:
        yield p.id, p.source, "principle"
        for s in p.sub_items:
            yield s.id, s.source, "sub-item"
    for r in g.roles:
        yield r.id, r.source, "role"
    for sheet in [*g.sheets.values(), *g.duplicate_sheets]:
        for r in sheet.risks:
            yield r.id, r.source, "risk"
        for c in sheet.countermeasures:
            yield c.id, c.source, "countermeasure"
    for t in g.terms:
        yield t.id, t.source, "glossary term"
    for c in g.cases:
        yield c.id, c.source, "case"
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
    surfaces: dict[tuple[str, str], str] = {}
    for t in g.terms:
        for lang in ("ja", "en"):
            for surface in t.surfaces(lang):
                other = surfaces.setdefault((lang, surface.casefold()), t.id)
                if other != t.id:
                    add(_problem(t.source, t.id, f"{lang} form {surface!r} is also a form of term {other}"))
    for n in g.notes:
        for ref in n.refs:
            if ref not in known:
                add(_problem(n.source, n.id, f"refers to unknown ID {ref}"))
        if not n.refs and not n.section and n.kind != "global":
            add(_problem(n.source, n.id, "say what the note is about: give refs (IDs) or a section (page)"))

    problems += check_versions(g, set(seen))
    return problems


def check_versions(g: Guideline, current: set[str]) -> list[Problem]:
    """The changes file agrees with the data: retired IDs are never reused, and what it says
    was added, changed or renamed to exists."""
    problems = []
    if g.versions and g.versions[0].version != g.meta.version:
        problems.append(_problem(g.versions[0].source, g.versions[0].version,
                                 f"the newest version in changes.yaml is {g.versions[0].version}, but "
                                 f"guideline.yaml says {g.meta.version}: add the new version to changes.yaml"))
    for v in g.versions:
        for old_id in [*v.removed, *v.renamed]:
            if old_id in current:
                problems.append(_problem(v.source, old_id, f"{old_id} was retired in {v.version} and must not be "
                                                            f"used again: give the record a new ID"))
        for new_id in [*v.added, *v.changed, *v.renamed.values()]:
            if new_id not in current and new_id not in g.retired_ids:
                problems.append(_problem(v.source, new_id, f"changes.yaml ({v.version}) names {new_id}, "
                                                            f"which is not in the data"))
    return problems
