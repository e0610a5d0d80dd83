"""Render the guideline model as Markdown pages and HTML fragments.

Every data string passes through `inline()`, which makes it inert for HTML, Markdown and
Jinja alike: data containing `<script>`, `[x](javascript:…)` or `{{` comes out as text.
Structure (headings with explicit `{ #ID }` anchors, links) is Markdown, so MkDocs checks
the links and builds the table of contents; lists of records are raw HTML blocks.
"""
from collections.abc import Callable, Iterable

from . import ids
from .model import Countermeasure, Guideline, Principle, Risk, Role, RoleSheet, SubItem, Text

PART_OF_PRINCIPLES = 4
# Sub-item pages are the answer to most searches: rank them above the long per-role lists.
SUB_ITEM_SEARCH_BOOST = 2  # principles are numbered 4-1 … 4-10 in the source (第4部)
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Characters that HTML, Markdown (with the extensions we enable) or Jinja could act on.
_INERT = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;",
    "{": "&#123;", "}": "&#125;", "#": "&#35;", "|": "&#124;", "~": "&#126;", "^": "&#94;",
    "!": "&#33;", "%": "&#37;", ":": "&#58;", "=": "&#61;", "+": "&#43;",
})


def inline(text: str) -> str:
    """A data string as inert inline content, safe in Markdown, HTML text and attributes."""
    return text.translate(_INERT)


GENERATED_NOTICE = "<!-- Generated from data/*.yaml by guideline.render: do not edit; edit the YAML instead. -->"


# --- labels and paths ----------------------------------------------------------------------

def principle_number(p: Principle) -> str:
    return f"{PART_OF_PRINCIPLES}-{p.ordinal}"


def sub_item_number(s: SubItem) -> str:
    return CIRCLED[s.ordinal - 1] if s.ordinal <= len(CIRCLED) else f"({s.ordinal})"


def principle_label(p: Principle, lang: str) -> str:
    return f"{principle_number(p)}. {p.title[lang]}"


def sub_item_label(s: SubItem, lang: str) -> str:
    return f"{sub_item_number(s)} {s.title[lang]}"


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


def role_title(g: Guideline, r: Role, lang: str) -> str:
    return g.text("role_page.title", lang, role=r.name[lang])


# --- small building blocks -------------------------------------------------------------------

def paragraphs(texts: Iterable[Text], lang: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return "\n".join(f"<p{cls}>{inline(t[lang])}</p>" for t in texts)


def bullet_list(texts: Iterable[Text], lang: str, css: str) -> str:
    items = "".join(f"<li>{inline(t[lang])}</li>" for t in texts)
    return f'<ul class="{css}">{items}</ul>'


def id_badge(record_id: str) -> str:
    return f'<span class="gl-id">{inline(record_id)}</span>'


def alias_anchors(g: Guideline, record_id: str) -> str:
    """Anchors for the record's former IDs, so old links still land on it."""
    return "".join(f'<span id="{old}" class="gl-alias"></span>' for old in g.aliases.get(record_id, []))


def heading(level: int, text: str, anchor: str) -> str:
    """A Markdown heading with an explicit, stable anchor (the record ID)."""
    return f"{'#' * level} {text} {{ #{anchor} }}"


# --- risks and countermeasures ---------------------------------------------------------------

def municipality_name(g: Guideline, lang: str) -> str:
    return g.municipality.name[lang] if g.municipality else ""


def local_badge(g: Guideline, lang: str) -> str:
    title = g.text("local.badge_title", lang, municipality=municipality_name(g, lang))
    return f'<span class="gl-local" title="{inline(title)}">{inline(g.text("local.badge", lang))}</span>'


def omitted_note(g: Guideline, reason: Text, lang: str) -> str:
    label = g.text("omitted.label", lang, municipality=municipality_name(g, lang))
    return f'<p class="gl-omitted"><strong>{inline(label)}</strong> {inline(reason[lang])}</p>'


def risk_html(g: Guideline, risk: Risk, lang: str) -> str:
    css = "gl-risk gl-risk--omitted" if risk.omitted else "gl-risk"
    omitted = omitted_note(g, risk.omitted, lang) if risk.omitted else ""
    return (f'<li class="{css}" id="{risk.id}">{alias_anchors(g, risk.id)}{id_badge(risk.id)} '
            f'{inline(risk.text[lang])}{omitted}</li>')


def countermeasure_html(g: Guideline, cm: Countermeasure, lang: str, checklist: bool = False) -> str:
    css = "gl-cm" + (" gl-cm--local" if cm.local else "") + (" gl-cm--omitted" if cm.omitted else "")
    parts = [f'<li class="{css}" id="{cm.id}" data-cm-id="{cm.id}">{alias_anchors(g, cm.id)}',
             f'{id_badge(cm.id)} {local_badge(g, lang) if cm.local else ""}'
             f'<span class="gl-cm__text">{inline(cm.text[lang])}</span>']
    if cm.sub_points:
        parts.append(bullet_list(cm.sub_points, lang, "gl-subpoints"))
    if cm.examples:
        parts.append(f'<div class="gl-examples"><p class="gl-examples__label">'
                     f'{inline(g.text("examples", lang))}</p>'
                     f'{bullet_list(cm.examples, lang, "gl-examples__list")}</div>')
    if cm.omitted:
        parts.append(omitted_note(g, cm.omitted, lang))
    elif checklist:
        parts.append(checklist_controls(g, cm, lang))
    parts.append("</li>")
    return "".join(parts)


def checklist_controls(g: Guideline, cm: Countermeasure, lang: str) -> str:
    from . import checklist
    return checklist.controls(g, cm, lang)


def sheet_html(g: Guideline, sheet: RoleSheet, lang: str, heading_level: int, checklist: bool = False) -> str:
    """One role's content, risks and countermeasures for one sub-item, as one HTML block."""
    h = f"h{heading_level}"
    parts = [f'<div class="gl-sheet" data-role="{sheet.role_id}" data-sub-item="{sheet.sub_item_id}">']
    if sheet.content:
        parts.append(f'<{h} class="gl-sheet__heading">{inline(g.text("role_content", lang))}</{h}>')
        parts.append(bullet_list(sheet.content, lang, "gl-content"))
    parts.append(f'<{h} class="gl-sheet__heading">{inline(g.text("risks", lang))}</{h}>')
    parts.append('<ul class="gl-risks">' + "".join(risk_html(g, r, lang) for r in sheet.risks) + "</ul>")
    parts.append(f'<{h} class="gl-sheet__heading">{inline(g.text("countermeasures", lang))}</{h}>')
    parts.append('<ol class="gl-countermeasures">'
                 + "".join(countermeasure_html(g, c, lang, checklist) for c in sheet.countermeasures) + "</ol>")
    parts.append("</div>")
    return "".join(parts)


# Where the guideline asks for a municipality's contacts: 8-① names the responsible officer,
# 7-② and 9-② ask for a way for residents to send inquiries and complaints.
CONTACT_PLACES = {"ai_officer": ("P08-1",), "inquiry": ("P07-2", "P09-2")}


def contact_html(g: Guideline, kind: str, lang: str) -> str:
    contact = getattr(g.municipality, kind) if g.municipality else None
    if contact is None:
        return ""
    heading_text = g.text(f"contact.{kind}", lang, municipality=municipality_name(g, lang))
    lines = [inline(contact.title[lang]), inline(contact.name[lang])]
    if contact.department:
        lines.append(inline(contact.department[lang]))
    if contact.email:
        lines.append(f'{inline(g.text("contact.email", lang))}: '
                     f'<a href="mailto:{inline(contact.email)}">{inline(contact.email)}</a>')
    if contact.phone:
        lines.append(f'{inline(g.text("contact.phone", lang))}: {inline(contact.phone)}')
    if contact.url:
        lines.append(f'<a href="{inline(contact.url)}">{inline(contact.url)}</a>')
    return (f'<div class="admonition info gl-contact" data-contact="{kind}">'
            f'<p class="admonition-title">{inline(heading_text)}</p><p>{"<br>".join(lines)}</p></div>')


def municipality_block(g: Guideline, lang: str) -> str:
    """The fork's contacts, for its home page (nothing upstream)."""
    return "\n\n".join(b for b in (contact_html(g, kind, lang) for kind in CONTACT_PLACES) if b)


def tabs_html(group: str, tabs: list[tuple[str, str]]) -> str:
    """Content tabs in the markup of pymdownx.tabbed (alternate style), which the theme styles.

    The tabs are radio buttons: arrow keys move between them and they work without JavaScript.
    """
    inputs = "".join(
        f'<input{" checked" if i == 0 else ""} id="{group}_{i + 1}" name="{group}" type="radio">'
        for i in range(len(tabs)))
    labels = "".join(f'<label for="{group}_{i + 1}">{inline(label)}</label>'
                     for i, (label, _) in enumerate(tabs))
    blocks = "".join(f'<div class="tabbed-block">{body}</div>' for _, body in tabs)
    return (f'<div class="tabbed-set tabbed-alternate" data-tabs="1:{len(tabs)}">{inputs}'
            f'<div class="tabbed-labels">{labels}</div><div class="tabbed-content">{blocks}</div></div>')


# --- pages ---------------------------------------------------------------------------------

def generated_page(title_md: str, anchor: str, *blocks: str, search_boost: float | None = None) -> str:
    front_matter = "---\nrender_macros: false\n"
    if search_boost:
        front_matter += f"search:\n  boost: {search_boost}\n"
    front_matter += "---\n"
    body = "\n\n".join(b for b in blocks if b)
    # The notice comes after the heading: MkDocs takes the page title from a leading h1.
    return f"{front_matter}{heading(1, title_md, anchor)}\n\n{GENERATED_NOTICE}\n\n{body}\n"


def count_line(g: Guideline, s: SubItem, lang: str, current: str) -> str:
    """'AI提供者: 対策 2件 · AI利用者: 対策 3件' with links to the role pages."""
    parts = []
    for r in g.roles:
        sheet = g.sheet(s.id, r.id)
        n = len(sheet.countermeasures) if sheet else 0
        link = relative(current, role_path(r)) + f"#{s.id}"
        label = g.text("countermeasure_count", lang, n=n)
        parts.append(f"[{inline(r.name[lang])}]({link}): {inline(label)}")
    return " · ".join(parts)


def principles_index_page(g: Guideline, lang: str) -> str:
    path = "principles/index.md"
    blocks = [paragraphs(g.principles_intro, lang)]
    for p in g.principles:
        blocks.append(heading(2, f"[{inline(principle_label(p, lang))}]({relative(path, principle_path(p))})", p.id))
        blocks.append("\n".join(
            f"- [{inline(sub_item_label(s, lang))}]({relative(path, sub_item_path(s))}) — "
            f"{count_line(g, s, lang, path)}" for s in p.sub_items))
    return generated_page(inline(g.text("principles.title", lang)), "principles", *blocks)


def principle_page(g: Guideline, p: Principle, lang: str) -> str:
    path = principle_path(p)
    blocks = []
    for s in p.sub_items:
        blocks.append(heading(2, inline(sub_item_label(s, lang)), s.id))
        blocks.append(bullet_list(s.content, lang, "gl-content"))
        blocks.append(f"[{inline(g.text('sub_item.details', lang))}]({relative(path, sub_item_path(s))}) · "
                      + count_line(g, s, lang, path))
    return generated_page(inline(principle_label(p, lang)), p.id, *blocks)


def sub_item_page(g: Guideline, s: SubItem, lang: str) -> str:
    path = sub_item_path(s)
    p = g.principle(s.principle_id)
    lead = f"[{inline(principle_label(p, lang))}]({relative(path, principle_path(p))})"
    tabs = [(r.name[lang], sheet_html(g, g.sheet(s.id, r.id), lang, heading_level=3))
            for r in g.roles if g.sheet(s.id, r.id)]
    see_also = " · ".join(
        f"[{inline(role_title(g, r, lang))}]({relative(path, role_path(r))}#{s.id})" for r in g.roles)
    return generated_page(
        inline(sub_item_label(s, lang)), s.id,
        f"{inline(g.text('principle', lang))}: {lead}",
        heading(2, inline(g.text("content", lang)), "content"),
        bullet_list(s.content, lang, "gl-content"),
        *[contact_html(g, kind, lang) for kind, places in CONTACT_PLACES.items() if s.id in places],
        heading(2, inline(g.text("considerations", lang)), "considerations"),
        tabs_html(f"__tabbed_{s.id}", tabs),
        f"{inline(g.text('see_role_pages', lang))} {see_also}",
        search_boost=SUB_ITEM_SEARCH_BOOST,
    )


def role_page(g: Guideline, r: Role, lang: str) -> str:
    """All principles with only this role's risks and countermeasures, as a checklist to fill in
    on screen (checklist.js), download, or print and sign."""
    path = role_path(r)
    blocks = [paragraphs(r.considerations_intro, lang),
              heading(2, inline(g.text("checklist.title", lang)), "self-assessment"),
              checklist_toolbar(g, r, lang, path)]
    for p in g.principles:
        blocks.append(heading(2, inline(principle_label(p, lang)), p.id))
        blocks.append(f'<div class="gl-progress" data-principle="{p.id}" data-search-exclude hidden></div>')
        for s in p.sub_items:
            sheet = g.sheet(s.id, r.id)
            if sheet is None:
                continue
            blocks.append(heading(3, f"[{inline(sub_item_label(s, lang))}]({relative(path, sub_item_path(s))})", s.id))
            blocks.append(sheet_html(g, sheet, lang, heading_level=4, checklist=True))
    removed = [(old, version) for old, (version, new) in g.retired_ids.items()
               if new is None and ids.role_code_of(old) == r.code]
    if removed:  # links to removed IDs land here and say so
        blocks.append(heading(2, inline(g.text("retired.title", lang)), "retired"))
        blocks.append("<ul>" + "".join(
            f'<li id="{old}">{inline(g.text("retired.removed", lang, id=old, version=version))}</li>'
            for old, version in removed) + "</ul>")
    blocks.append(heading(2, inline(g.text("approval.title", lang)), "approval"))
    from . import checklist
    from .exports import filename
    blocks.append(checklist.approval_block(g, lang))
    blocks.append(checklist.print_header_style(f"{g.meta.title[lang]} — {role_title(g, r, lang)} — v{g.meta.version}"))
    blocks.append(checklist.config_island(g, r, lang, site_root_from(path) + "downloads/" + filename("xlsx", r.id)))
    return generated_page(inline(role_title(g, r, lang)), r.id, *blocks)


def checklist_toolbar(g: Guideline, r: Role, lang: str, path: str) -> str:
    """The checklist's toolbar (guideline/checklist.py), then the blank downloads as Markdown links."""
    from . import checklist
    from .exports import filename
    downloads = " · ".join(f"[{name}]({relative(path, 'downloads/' + name)})"
                           for name in (filename("xlsx", r.id), filename("csv", r.id), filename("json")))
    return f"{checklist.toolbar(g, lang)}\n\n{inline(g.text('checklist.downloads', lang))} {downloads}"


def site_root_from(path: str) -> str:
    """The site root, relative to the URL of a generated page (directory URLs: roles/provider/)."""
    return "../" * (path.count("/") + 1)


def roles_index_page(g: Guideline, lang: str) -> str:
    """第5部: its introduction and the per-role pages."""
    path = "roles/index.md"
    links = "\n".join(f"- [{inline(role_title(g, r, lang))}]({relative(path, role_path(r))})" for r in g.roles)
    return generated_page(inline(g.text("part5.title", lang)), "part5", paragraphs(g.checksheets_intro, lang), links)


def generated_pages(g: Guideline, lang: str) -> dict[str, str]:
    """Every page derived from the data: source path -> Markdown."""
    pages = {"principles/index.md": principles_index_page(g, lang), "roles/index.md": roles_index_page(g, lang)}
    for p in g.principles:
        pages[principle_path(p)] = principle_page(g, p, lang)
        for s in p.sub_items:
            pages[sub_item_path(s)] = sub_item_page(g, s, lang)
    for r in g.roles:
        pages[role_path(r)] = role_page(g, r, lang)
    return pages


# --- fragments for hand-written pages (used through macros) ------------------------------------

def overview_table(g: Guideline, lang: str, page_path: str) -> str:
    """Principles × sub-items with the number of risks and countermeasures per role."""
    t = lambda key: inline(g.text(key, lang))  # noqa: E731
    header = [t("principle"), t("sub_item")]
    for r in g.roles:
        header += [f"{inline(r.name[lang])}: {t('risks')}", f"{inline(r.name[lang])}: {t('countermeasures')}"]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    totals = {(r.id, kind): 0 for r in g.roles for kind in ("risks", "countermeasures")}
    for p in g.principles:
        for s in p.sub_items:
            cells = [f"[{inline(principle_label(p, lang))}]({relative(page_path, principle_path(p))})",
                     f"[{inline(sub_item_label(s, lang))}]({relative(page_path, sub_item_path(s))})"]
            for r in g.roles:
                sheet = g.sheet(s.id, r.id)
                for kind in ("risks", "countermeasures"):
                    n = len(getattr(sheet, kind)) if sheet else 0
                    totals[(r.id, kind)] += n
                    cells.append(f"[{n}]({relative(page_path, role_path(r))}#{s.id})")
            rows.append("| " + " | ".join(cells) + " |")
    total_cells = [f"**{t('total')}**", ""] + [f"**{totals[(r.id, k)]}**" for r in g.roles
                                               for k in ("risks", "countermeasures")]
    rows.append("| " + " | ".join(total_cells) + " |")
    return "\n".join(rows)


def role_definitions(g: Guideline, lang: str) -> str:
    blocks = []
    for i, r in enumerate(g.roles, start=1):
        blocks.append(heading(2, f"2-{i}. {inline(r.name[lang])}", r.id))
        blocks.append(paragraphs(r.definition, lang))
    return "\n\n".join(blocks)


def glossary_entries(g: Guideline, lang: str, page_path: str) -> str:
    blocks = []
    for term in g.terms:
        blocks.append(heading(2, inline(term.term[lang]), f"term-{term.id}"))
        blocks.append(paragraphs(term.definition, lang))
        for ref in term.references:
            blocks.append(f'<div class="gl-reference"><p class="gl-reference__source">'
                          f'{inline(g.text("glossary.reference", lang))} {inline(ref.source[lang])}</p>'
                          f"{paragraphs(ref.text, lang)}</div>")
        if term.origin == "text":
            note = inline(g.text("glossary.from_text", lang))
            if term.defined_in:
                s = g.sub_item(term.defined_in)
                note += f" [{inline(sub_item_label(s, lang))}]({relative(page_path, sub_item_path(s))})"
            blocks.append(f"*{note}*")
    return "\n\n".join(blocks)


def cases_html(g: Guideline, lang: str) -> str:
    blocks = []
    for i, case in enumerate(g.cases, start=1):
        blocks.append(heading(2, f"{inline(g.text('case', lang))} {i} {inline(case.title[lang])}", case.id.lower()))
        rows = [f'<tr><th scope="row">{inline(g.text("case.organization", lang))}</th>'
                f"<td>{inline(case.organization[lang])}</td></tr>",
                f'<tr><th scope="row">{inline(g.text("case.function", lang))}</th>'
                f'<td>{inline(g.text("function." + case.function, lang))}</td></tr>']
        for attr in ("background", "data_and_security", "effects"):
            rows.append(f'<tr><th scope="row">{inline(g.text(f"case.{attr}", lang))}</th>'
                        f"<td>{paragraphs(getattr(case, attr), lang)}</td></tr>")
        blocks.append(f'<table class="gl-case">{"".join(rows)}</table>')
    source = inline(g.cases_source[lang])
    if g.cases_source_url:
        source += f" <{g.cases_source_url}>"
    blocks.append(f"{inline(g.text('case.source', lang))} {source}")
    return "\n\n".join(blocks)


def editorial_notes_table(g: Guideline, lang: str, page_path: str, link_for: Callable[[str], str | None]) -> str:
    """One row per correction of the PDF text. `link_for(id)` gives a page link for a record ID."""
    t = lambda key: inline(g.text(key, lang))  # noqa: E731
    rows = [f"| {t('notes.id')} | {t('notes.where')} | {t('notes.kind')} | {t('notes.original')} "
            f"| {t('notes.corrected')} | {t('notes.explanation')} |", "|---|---|---|---|---|---|"]
    for n in g.notes:
        where = []
        for ref in n.refs:
            target = link_for(ref)
            where.append(f"[{inline(ref)}]({relative(page_path, target)})" if target else inline(ref))
        if n.section:
            where.append(f"[{inline(n.section)}]({relative(page_path, n.section)})")
        rows.append("| " + " | ".join([
            f'<span id="{n.id}">{inline(n.id)}</span>', "<br>".join(where) or "—",
            t(f"notes.kind.{n.kind}"), inline(n.original or "—"), inline(n.corrected or "—"),
            inline(n.explanation[lang])]) + " |")
    return "\n".join(rows)


def changelog(g: Guideline, lang: str, page_path: str) -> str:
    """Every version with the IDs it added, changed, removed and renamed (data/changes.yaml).
    Removed IDs get anchors here, so links to them land on the note that they were removed."""
    t = lambda key: inline(g.text(key, lang))  # noqa: E731

    def linked(record_id: str) -> str:
        target = record_link(g, record_id)
        return f"[{inline(record_id)}]({relative(page_path, target)})" if target else inline(record_id)

    blocks = []
    for v in g.versions:
        blocks.append(heading(2, f"{inline(v.version)}（{inline(v.date)}）" if lang == "ja"
                              else f"{inline(v.version)} ({inline(v.date)})", "v" + v.version.replace(".", "-")))
        blocks.append(paragraphs([v.summary], lang))
        lines = [f"- {t('changelog.added')}: {', '.join(map(linked, v.added)) or t('changelog.none')}",
                 f"- {t('changelog.changed')}: {', '.join(map(linked, v.changed)) or t('changelog.none')}",
                 f"- {t('changelog.removed')}: " + (", ".join(f'<span id="{x}">{inline(x)}</span>' for x in v.removed)
                                                     or t("changelog.none")),
                 f"- {t('changelog.renamed')}: " + (", ".join(f'<span id="{old}">{inline(old)}</span> → {linked(new)}'
                                                              for old, new in v.renamed.items())
                                                     or t("changelog.none"))]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


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
        for record in [*sheet.risks, *sheet.countermeasures]:
            if record.id == record_id:
                return f"{sub_item_path(s)}#{record.id}"
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
