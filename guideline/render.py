"""The package's rendering API, as the adapters (macros.py, site.py) and the exports call it.

Everything here delegates to a `renderer.Renderer` bound to one guideline and one language, whose
output comes from the Jinja templates in guideline/templates/ (escaped by construction). Labels,
numbers and page paths are `naming`'s.
"""
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
