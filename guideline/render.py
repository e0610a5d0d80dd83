"""The package's rendering API, as the adapters (macros.py, site.py) and the exports call it.

Everything here delegates to a `renderer.Renderer` bound to one guideline and one language, whose
output comes from the Jinja templates in guideline/templates/ (escaped by construction). Labels,
numbers and page paths are `naming`'s.
"""
from collections.abc import Callable

from . import templating
from .model import Guideline
from .naming import (  # noqa: F401  (re-exported)
    principle_label,
    principle_number,
    principle_path,
    record_link,
    relative,
    role_path,
    role_title,
    sub_item_label,
    sub_item_number,
    sub_item_path,
)
from .renderer import Renderer


def inline(text: str) -> str:
    """A data string as inert inline content, safe in Markdown, HTML text and attributes."""
    return str(templating.inert(text))


def generated_pages(g: Guideline, lang: str) -> dict[str, str]:
    """Every page derived from the data: source path -> Markdown."""
    return Renderer(g, lang).pages()


def overview_table(g: Guideline, lang: str, page_path: str) -> str:
    return Renderer(g, lang).overview_table(page_path)


def role_definitions(g: Guideline, lang: str) -> str:
    return Renderer(g, lang).role_definitions()


def glossary_entries(g: Guideline, lang: str, page_path: str) -> str:
    return Renderer(g, lang).glossary_entries(page_path)


def cases_html(g: Guideline, lang: str) -> str:
    return Renderer(g, lang).cases()


def editorial_notes_table(g: Guideline, lang: str, page_path: str) -> str:
    return Renderer(g, lang).editorial_notes(page_path)


def changelog(g: Guideline, lang: str, page_path: str) -> str:
    return Renderer(g, lang).changelog(page_path)


def municipality_block(g: Guideline, lang: str) -> str:
    return Renderer(g, lang).municipality_block()


def contact_html(g: Guideline, kind: str, lang: str) -> str:
    """One of a fork's contacts (ai_officer, inquiry, accessibility) as shown on the site; '' if none."""
    return str(Renderer(g, lang).contact(kind))


def page_macros(g: Guideline, lang: str, here: Callable[[], str]) -> dict[str, object]:
    """What a hand-written page under docs/ may use on the site and in the PDF and DOCX alike, by
    name: two variables and the macros; `here()` is the calling page's path under docs/ (the links a
    table makes are relative to it). The site adds its own macros (guideline/macros.py); a document
    page that calls one of those fails loudly (guideline/documents/prose.py)."""
    return {
        "guideline_version": g.meta.version,
        "guideline_title": g.meta.title[lang],
        "overview_table": lambda: overview_table(g, lang, here()),
        "glossary_table": lambda: glossary_entries(g, lang, here()),
        "role_definitions": lambda: role_definitions(g, lang),
        "cases": lambda: cases_html(g, lang),
        "editorial_notes": lambda: editorial_notes_table(g, lang, here()),
        "changelog": lambda: changelog(g, lang, here()),
        "municipality_block": lambda: municipality_block(g, lang),  # a fork's contacts; nothing upstream
        # Totals for prose: principles, sub-items, risks and countermeasures.
        "counts": lambda: {"principles": len(g.principles), "sub_items": len(g.sub_items),
                           "risks": len(g.risks()), "countermeasures": len(g.countermeasures())},
    }
