"""Hand-written pages (docs/<lang>/*.md) as HTML fragments for the documents.

The pages are Jinja templates for mkdocs-macros (`{{ glossary_table() }}`); here the same calls
are answered by the same functions of `render` that macros.py exposes, and the Markdown is
converted with the extensions mkdocs.yml enables. No MkDocs import: the documents can be built
by any engine.
"""
import re
from pathlib import Path

import jinja2
import markdown

from .. import render
from ..model import Guideline

# The Markdown extensions of mkdocs.yml that hand-written pages use (tabs are for generated pages).
MARKDOWN_EXTENSIONS = ["toc", "attr_list", "md_in_html", "footnotes", "tables", "admonition"]
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def macros(g: Guideline, lang: str, page_path: str) -> dict[str, object]:
    """The variables and macros of macros.py, bound to one page. Site-only macros (downloads_table)
    are missing on purpose: a document page that calls one fails loudly (StrictUndefined)."""
    return {
        "guideline_version": g.meta.version,
        "guideline_title": g.meta.title[lang],
        "overview_table": lambda: render.overview_table(g, lang, page_path),
        "glossary_table": lambda: render.glossary_entries(g, lang, page_path),
        "role_definitions": lambda: render.role_definitions(g, lang),
        "cases": lambda: render.cases_html(g, lang),
        "editorial_notes": lambda: render.editorial_notes_table(g, lang, page_path),
        "changelog": lambda: render.changelog(g, lang, page_path),
        "municipality_block": lambda: render.municipality_block(g, lang),
        "counts": lambda: {"principles": len(g.principles), "sub_items": len(g.sub_items),
                           "risks": len(g.risks()), "countermeasures": len(g.countermeasures())},
    }


_jinja = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)  # Markdown source, not HTML


def page_html(g: Guideline, lang: str, page_path: str, source: Path) -> str:
    """One hand-written page: front matter dropped, macros expanded, Markdown converted to HTML."""
    text = _FRONT_MATTER.sub("", source.read_text(encoding="utf-8"), count=1)
    try:
        expanded = _jinja.from_string(text).render(**macros(g, lang, page_path))
    except jinja2.TemplateError as e:
        raise ValueError(f"{source}: {e}") from e
    return markdown_html(expanded)


def markdown_html(text: str) -> str:
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
