"""How records are numbered, labelled and placed on the site: one place for the numbers shown
(4-1, ①), the page paths, and links between pages. No HTML here (see templating, renderer)."""
import posixpath
from urllib.parse import quote

from markupsafe import Markup

from .model import Guideline, Principle, Role, SubItem

PART_OF_PRINCIPLES = 4  # principles are numbered 4-1 … 4-10 in the source (第4部)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def principle_number(p: Principle) -> str:
    return f"{PART_OF_PRINCIPLES}-{p.ordinal}"


def sub_item_number(s: SubItem) -> str:
    return CIRCLED[s.ordinal - 1] if s.ordinal <= len(CIRCLED) else f"({s.ordinal})"


def principle_label(p: Principle, lang: str) -> str:
    return f"{principle_number(p)}. {p.title[lang]}"


def sub_item_label(s: SubItem, lang: str) -> str:
    return f"{sub_item_number(s)} {s.title[lang]}"


def role_title(g: Guideline, r: Role, lang: str) -> str:
    return g.text("role_page.title", lang, role=r.name[lang])


def principle_path(p: Principle) -> str:
    return f"principles/{p.id.lower()}/index.md"


def sub_item_path(s: SubItem) -> str:
    return f"principles/{s.principle_id.lower()}/{s.id.lower()}.md"


def role_path(r: Role) -> str:
    return f"roles/{r.id}.md"


def relative(from_path: str, to_path: str) -> str:
    """Relative link between two Markdown source paths (MkDocs resolves .md links)."""
    from_parts, to_parts = from_path.split("/")[:-1], to_path.split("/")
    common = 0
    while common < min(len(from_parts), len(to_parts) - 1) and from_parts[common] == to_parts[common]:
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:])


def href(from_path: str, to_path: str, anchor: str = "") -> Markup:
    """A link target for templates: relative, percent-encoded, so nothing in it can act as markup."""
    target, _, existing = to_path.partition("#")
    fragment = anchor or existing
    link = quote(relative(from_path, target) if target else posixpath.basename(from_path), safe="/.-")
    return Markup(link + (f"#{quote(fragment, safe='-')}" if fragment else ""))


def record_link(g: Guideline, record_id: str) -> str | None:
    """The page (and anchor) where a record ID is shown."""
    for p in g.principles:
        if p.id == record_id:
            return principle_path(p)
        for s in p.sub_items:
            if s.id == record_id:
                return sub_item_path(s)
    for sheet in g.sheets.values():
        s = g.sub_item(sheet.sub_item_id)
        if any(record.id == record_id for record in sheet.risks) or \
                any(record.id == record_id for record in sheet.countermeasures):
            return f"{sub_item_path(s)}#{record_id}"
    for term in g.terms:
        if term.id == record_id:
            return f"glossary.md#term-{term.id}"
    for case in g.cases:
        if case.id == record_id:
            return f"part1/cases.md#{case.id.lower()}"
    for r in g.roles:
        if r.id == record_id:
            return f"part2.md#{r.id}"
    return None
