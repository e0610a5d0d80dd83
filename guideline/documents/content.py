"""The whole guideline as one HTML document, in the site's order: the single source of both the
PDF (printed as it is) and the DOCX (walked element by element into Word styles).

Hand-written pages come from docs/<lang>/ (see prose.py); Parts 4 and 5 from the model, through
Jinja templates with autoescape (guideline/templates/document/). Links between pages become links
inside the document; links to pages that are not in it (downloads, fork guide) become plain text.
"""
import base64
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from lxml import html as lxml_html
from markupsafe import Markup

from .. import exports, loader, render
from ..model import Countermeasure, Guideline, Risk
from ..renderer import CONTACT_KINDS
from . import prose

PRINCIPLES = "principles/index.md"  # stands for 第4部, generated from the data (as in mkdocs.yml's nav)
ROLES = "roles/index.md"            # stands for 第5部
# The site's pages that make up the guideline, in the site's order (mkdocs.yml's nav). A tuple is a
# nav section whose title is the ui.yaml string `nav.<key>`; its pages go one heading level down.
# The other pages of the nav are about the site (home, downloads, ID scheme, fork guide): a test
# checks that every page of the nav is either here or in SITE_ONLY.
PAGES: tuple[str | tuple[str, tuple[str, ...]], ...] = (
    "introduction.md", "glossary.md",
    ("part1", ("part1/ai-features.md", "part1/cases.md", "part1/risk-management.md")),
    "part2.md", "part3.md", PRINCIPLES, ROLES, "part6.md",
)
APPENDIX = ("editorial-notes.md",)
SITE_ONLY = ("index.md", "downloads.md", "overview.md", "changelog.md", "id-scheme.md", "documents.md",
             "fork-guide.md", "customize.md", "accessibility.md", "translation-conventions.md")

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "document"
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@dataclass
class Chapter:
    """One top-level part of the document (a heading 1 and what follows)."""
    id: str
    title: str
    body: Markup = Markup("")
    kind: str = "prose"  # prose | principles | roles


@dataclass
class TocEntry:
    level: int
    id: str
    text: str


@dataclass
class _Prose:
    """A hand-written page on its way into the document."""
    path: str
    shift: int           # heading levels to go down (pages inside a nav section)
    tree: Any = None  # lxml element (lxml has no type stubs)
    ids: dict[str, str] = field(default_factory=dict)  # anchor on the site -> id in the document
    id: str = ""


def logo_data_uri(g: Guideline) -> str | None:
    """The fork's logo, inline: the PDF engine is allowed no other request."""
    if not (g.municipality and g.municipality.logo):
        return None
    path = Path(g.municipality.folder) / g.municipality.logo
    mime = "image/svg+xml" if path.suffix == ".svg" else "image/png"
    data = loader.read_bytes(path, Path(g.municipality.folder))  # a regular file inside the overlay only
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


class _Linker:
    """Site page paths and anchors -> ids inside the document."""

    def __init__(self, g: Guideline):
        self.pages: dict[str, str] = {PRINCIPLES: "part4", ROLES: "part5"}
        self.anchors: dict[tuple[str, str], str] = {}
        for p in g.principles:
            self.pages[render.principle_path(p)] = p.id
            for s in p.sub_items:
                self.pages[render.sub_item_path(s)] = s.id
                for r in g.roles:
                    self.anchors[(render.role_path(r), s.id)] = role_anchor(r.id, s.id)
        for sheet in g.sheets.values():
            for record in records_of(sheet.risks, sheet.countermeasures):
                self.anchors[(render.sub_item_path(g.sub_item(sheet.sub_item_id)), record.id)] = record.id
        for r in g.roles:
            self.pages[render.role_path(r)] = role_anchor(r.id)
        for p in g.principles:
            for r in g.roles:
                self.anchors[(render.role_path(r), p.id)] = role_anchor(r.id, p.id)

    def target(self, from_page: str, href: str) -> str | None:
        """`#id` inside the document, or None when the target is not in it."""
        path, _, anchor = href.partition("#")
        page = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), path)) if path else from_page
        if anchor and (page, anchor) in self.anchors:
            return "#" + self.anchors[(page, anchor)]
        if page in self.pages:
            return "#" + self.pages[page]
        return None


def records_of(risks: list[Risk], countermeasures: list[Countermeasure]) -> list[Risk | Countermeasure]:
    return [*risks, *countermeasures]


def role_anchor(role_id: str, *record_ids: str) -> str:
    return "-".join(["role", role_id, *record_ids])


def slug(page_path: str) -> str:
    return page_path.removesuffix(".md").replace("/", "-")


def _load_prose(g: Guideline, lang: str, docs_dir: Path, path: str, shift: int, taken: set[str],
                page_file: Path | None = None) -> _Prose:
    page = _Prose(path, shift)
    source = page_file or docs_dir / path
    body = prose.page_html(g, lang, path, source)
    page.tree = lxml_html.fragment_fromstring(body, create_parent="div")
    page.id = slug(path)
    for element in page.tree.iter():
        old = element.get("id")
        if old is None:
            continue
        new = old if old not in taken else f"{page.id}-{old}"
        taken.add(new)
        page.ids[old] = new
        element.set("id", new)
    first = next(iter(page.tree.iter("h1")), None)
    if first is not None:  # the page's own heading stands for the page
        if first.get("id") is None:
            first.set("id", page.id if page.id not in taken else f"page-{page.id}")
            taken.add(first.get("id"))
        page.id = first.get("id")
    return page


def _finish_prose(page: _Prose, linker: _Linker, toc: list[TocEntry]) -> Markup:
    """Links resolved, headings shifted; returns the HTML and adds headings to the contents."""
    for link in page.tree.iter("a"):
        href = link.get("href") or ""
        if href.startswith(("http://", "https://", "mailto:")):
            continue
        if href.startswith("#"):
            link.set("href", "#" + page.ids.get(href[1:], href[1:]))
            continue
        target = linker.target(page.path, href)
        if target is None:  # a page of the site only: keep the words, drop the link
            link.drop_tag()
        else:
            link.set("href", target)
    for element in page.tree.iter("h1", "h2", "h3", "h4", "h5"):
        original = int(element.tag[1])
        level = min(original + page.shift, 6)
        element.tag = f"h{level}"
        if original == 1 and element.get("id"):  # the contents list pages, not every term of the glossary
            for anchor in element.iter("a"):
                if anchor.get("class") == "headerlink":
                    anchor.drop_tree()
            toc.append(TocEntry(level, element.get("id"), element.text_content().strip()))
    inner = "".join(lxml_html.tostring(child, encoding="unicode") for child in page.tree)
    return Markup((page.tree.text or "") + inner)


def document_html(g: Guideline, lang: str, stamp: exports.Stamp, docs_dir: Path) -> str:
    """The complete guideline as one HTML document (A4 print CSS included)."""
    linker = _Linker(g)
    taken = {"cover", "contents", "part4", "part5", "appendix", "approval", "changes"}
    taken |= {p.id for p in g.principles} | {s.id for s in g.sub_items}
    taken |= {role_anchor(r.id, *x) for r in g.roles for x in [(), *[(p.id,) for p in g.principles],
                                                                 *[(s.id,) for s in g.sub_items]]}
    taken |= {x.id for x in records_of(g.risks(), g.countermeasures())}

    toc: list[TocEntry] = []
    chapters: list[Chapter] = []
    t = lambda key, **values: g.text(key, lang, **values)  # noqa: E731

    def prose_chapter(path: str, shift: int = 0, page_file: Path | None = None) -> _Prose:
        page = _load_prose(g, lang, docs_dir, path, shift, taken, page_file)
        linker.pages[path] = page.id
        linker.anchors.update({(path, old): new for old, new in page.ids.items()})
        return page

    # First load every page (so that links can point forward), then resolve links.
    planned: list[tuple[Chapter, list[_Prose]]] = []
    for entry in PAGES:
        if entry == PRINCIPLES:
            planned.append((Chapter("part4", t("principles.title"), kind="principles"), []))
        elif entry == ROLES:
            planned.append((Chapter("part5", t("part5.title"), kind="roles"), []))
        elif isinstance(entry, tuple):
            key, paths = entry
            planned.append((Chapter(f"section-{key}", t(f"nav.{key}")), [prose_chapter(p, 1) for p in paths]))
        else:
            planned.append((Chapter("", ""), [prose_chapter(entry)]))
    if g.municipality and g.municipality.pages:
        folder = Path(g.municipality.folder) / "pages" / lang
        planned.append((Chapter("municipality", t("nav.municipality", municipality=g.municipality.name[lang])),
                        [prose_chapter(f"municipality/{name}", 1, folder / name) for name in g.municipality.pages]))
    planned.append((Chapter("appendix", t("document.appendix")), [prose_chapter(p, 1) for p in APPENDIX]))

    for chapter, pages in planned:
        if chapter.title:
            toc.append(TocEntry(1, chapter.id, chapter.title))
        if chapter.kind == "principles":
            toc += [TocEntry(2, p.id, render.principle_label(p, lang)) for p in g.principles]
        elif chapter.kind == "roles":
            toc += [TocEntry(2, role_anchor(r.id), render.role_title(g, r, lang)) for r in g.roles]
        body = Markup("").join(_finish_prose(page, linker, toc) for page in pages)
        if not chapter.title:  # a single page: its own heading 1 is the chapter's
            chapter.id = pages[0].id
        chapter.body = body
        chapters.append(chapter)
    toc.append(TocEntry(1, "approval", t("approval.title")))

    municipality = g.municipality.name[lang] if g.municipality else ""
    title = g.meta.title[lang]
    return _templates.get_template("guideline.html").render(
        g=g, lang=lang, t=t, r=render, role_anchor=role_anchor, stamp=stamp, chapters=chapters, toc=toc,
        title=title, municipality=municipality, logo=logo_data_uri(g),
        contacts=[(kind, getattr(g.municipality, kind)) for kind in CONTACT_KINDS
                  if g.municipality and getattr(g.municipality, kind)],
        local_rules=[c for c in g.countermeasures() if c.local],
        omissions=[x for x in records_of(g.risks(), g.countermeasures()) if x.omitted],
        running_header=f"{title} — {municipality}" if municipality else title,
        css=Markup((TEMPLATES / "document.css").read_text(encoding="utf-8")),
    )
