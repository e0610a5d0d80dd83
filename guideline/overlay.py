"""A municipality's overlay: its own folder, applied on top of the upstream guideline.

A fork keeps everything of its own in `municipality/` (the overlay folder), which upstream never
has, so `git merge upstream/main` cannot conflict with it:

    municipality/municipality.yaml   identity, contacts, local rules, omissions, extra pages
    municipality/<logo>.svg|png      its logo
    municipality/pages/ja/*.md       its own pages (and pages/en/*.md)

Local rules get IDs in their own namespace (L-P05-1-USER-01) and are marked as the
municipality's own (独自). An upstream risk or countermeasure can be left out only with a reason,
and is then shown as omitted, never silently dropped.

This module only merges the (schema-checked) overlay into the model. Everything about whether
the result makes sense (unknown or renamed IDs, files that are missing, links or outside the
folder, untranslated rules) is checked once, on the merged model, by validate.py.

Trust: municipality.yaml is data, like data/*.yaml: plain text, escaped on output. The pages
under municipality/pages/ are Markdown written by the municipality and reviewed like docs/: they
may hold HTML and macros, so a fork must review changes to them as it reviews code.
"""
from pathlib import Path
from typing import Any

from .loader import source_of, text_of, texts_of
from .model import Contact, Countermeasure, Guideline, Municipality, Omission


def _contact(node: Any) -> Contact | None:
    if not node:
        return None
    return Contact(title=text_of(node["title"]), name=text_of(node["name"]),
                   department=text_of(node["department"]) if node.get("department") else None,
                   email=node.get("email"), phone=node.get("phone"), url=node.get("url"))


def apply(g: Guideline, document: Any, file: str, folder: Path) -> None:
    """Merge the overlay into the guideline: the municipality, its local rules (into the sheet of
    their sub-item and role, when that exists) and its omissions (marked on the records found)."""
    info = document["municipality"]
    pages = document.get("pages") or []
    rules = document.get("local_rules") or []
    omissions = document.get("omissions") or []
    g.municipality = Municipality(
        name=text_of(info["name"]), folder=str(folder), source=source_of(file, document, "municipality"),
        site_url=info.get("site_url"), logo=info.get("logo"), logo_source=source_of(file, info, "logo"),
        ai_officer=_contact(document.get("ai_officer")), inquiry=_contact(document.get("inquiry")),
        accessibility=_contact(document.get("accessibility")),
        hide_maintainer_pages=bool(info.get("hide_maintainer_pages", False)),
        pages=[str(p["file"]) for p in pages],
        page_sources=[source_of(file, pages, i) for i in range(len(pages))],
        omissions=[Omission(id=str(o["id"]), reason=text_of(o["reason"]), source=source_of(file, omissions, i))
                   for i, o in enumerate(omissions)],
        local_rules=[Countermeasure(id=str(r["id"]), text=text_of(r["text"]), sub_item_id=str(r["sub_item"]),
                                    role_id=str(r["role"]), source=source_of(file, rules, i),
                                    sub_points=texts_of(r.get("sub_points")), examples=texts_of(r.get("examples")),
                                    local=True)
                     for i, r in enumerate(rules)])

    for rule in g.municipality.local_rules:
        sheet = g.sheet(rule.sub_item_id, rule.role_id)
        if sheet is not None and all(c.id != rule.id for c in sheet.countermeasures):
            sheet.countermeasures.append(rule)

    records = g.upstream_records()
    for omission in g.municipality.omissions:
        record = records.get(omission.id)
        if record is not None and record.omitted is None:
            record.omitted = omission.reason
