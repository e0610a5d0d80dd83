"""A municipality's overlay: its own folder, applied on top of the upstream guideline.

A fork keeps everything of its own in `municipality/` (the overlay folder), which upstream never
has, so `git merge upstream/main` cannot conflict with it:

    municipality/municipality.yaml   identity, contacts, local rules, omissions, extra pages
    municipality/<logo>.svg|png      its logo
    municipality/pages/ja/*.md       its own pages (and pages/en/*.md)

Local rules get IDs in their own namespace (L-P05-1-USER-01) and are marked as the
municipality's own (独自). An upstream risk or countermeasure can be left out only with a reason,
and is then shown as omitted, never silently dropped.
"""
from pathlib import Path

from . import ids
from .errors import Problem
from .loader import _source, _text, line_of
from .model import Contact, Countermeasure, Guideline, Municipality, RoleSheet, Text


def _local_text(node) -> Text:
    """A local rule's text; English may be missing (Text.en is then empty: see Text.translated)."""
    return Text(ja=str(node["ja"]), en=str(node.get("en") or ""))


def _contact(node) -> Contact | None:
    if not node:
        return None
    return Contact(title=_text(node["title"]), name=_text(node["name"]),
                   department=_text(node["department"]) if node.get("department") else None,
                   email=node.get("email"), phone=node.get("phone"), url=node.get("url"))


def apply(g: Guideline, document, file: str, folder: Path) -> list[Problem]:
    """Add the overlay to the guideline. Returns the problems found (the guideline is then unusable)."""
    problems: list[Problem] = []

    def problem(parent, key, record_id, message):
        problems.append(Problem(file, line_of(parent, key), record_id, message))

    info = document["municipality"]
    g.municipality = Municipality(
        name=_text(info["name"]), folder=str(folder), site_url=info.get("site_url"), logo=info.get("logo"),
        ai_officer=_contact(document.get("ai_officer")), inquiry=_contact(document.get("inquiry")),
        accessibility=_contact(document.get("accessibility")),
        pages=[p["file"] for p in document.get("pages") or []],
        hide_maintainer_pages=bool(info.get("hide_maintainer_pages", False)))
    if g.municipality.logo and not (folder / g.municipality.logo).is_file():
        problem(info, "logo", None, f"logo file {g.municipality.logo} is missing from {folder}")
    for i, page in enumerate(document.get("pages") or []):
        for lang in ("ja", "en"):
            if not (folder / "pages" / lang / page["file"]).is_file():
                problem(document["pages"], i, None,
                        f"page {page['file']} is missing: add municipality/pages/{lang}/{page['file']}")

    roles = {r.id: r for r in g.roles}
    sub_items = {s.id for s in g.sub_items}
    records = {r.id: r for sheet in g.sheets.values() for r in [*sheet.risks, *sheet.countermeasures]}
    taken = set(records) | {s.id for s in g.sub_items} | {p.id for p in g.principles}

    rules = document.get("local_rules") or []
    for i, rule in enumerate(rules):
        rule_id, sub_item_id, role_id = rule["id"], rule["sub_item"], rule["role"]
        if sub_item_id not in sub_items:
            problem(rules, i, rule_id, f"local rule {rule_id} refers to unknown sub-item {sub_item_id}")
            continue
        if role_id not in roles:
            problem(rules, i, rule_id, f"local rule {rule_id} refers to unknown role '{role_id}': "
                                       f"known roles are {', '.join(roles)}")
            continue
        prefix = ids.local_rule_prefix(sub_item_id, roles[role_id].code)
        if not rule_id.startswith(prefix):
            problem(rules, i, rule_id, f"local rule {rule_id} belongs to {sub_item_id} / {role_id}: "
                                       f"its ID must look like {prefix}01")
            continue
        if rule_id in taken:
            problem(rules, i, rule_id, f"duplicate ID: {rule_id} is already used; give this rule a new ID")
            continue
        taken.add(rule_id)
        sheet = g.sheets.setdefault((sub_item_id, role_id), RoleSheet(
            sub_item_id, role_id, _source(file, rules, i), _source(file, rules, i), [], [], []))
        sheet.countermeasures.append(Countermeasure(
            id=rule_id, text=_local_text(rule["text"]), sub_item_id=sub_item_id, role_id=role_id,
            source=_source(file, rules, i), sub_points=[_local_text(t) for t in rule.get("sub_points") or []],
            examples=[_local_text(t) for t in rule.get("examples") or []], local=True))

    omissions = document.get("omissions") or []
    for i, omission in enumerate(omissions):
        record = records.get(omission["id"])
        if record is None:
            problem(omissions, i, omission["id"],
                    f"omission of unknown ID {omission['id']}: it is not a risk or countermeasure of the guideline")
        elif record.omitted is not None:
            problem(omissions, i, omission["id"], f"{omission['id']} is omitted twice")
        else:
            record.omitted = _text(omission["reason"])
    return problems
