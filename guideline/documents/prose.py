"""Hand-written pages (docs/<lang>/*.md) as HTML fragments for the documents.

The pages are Jinja templates for mkdocs-macros (`{{ glossary_table() }}`); here the same calls
are answered from the same table as on the site (`render.page_macros`), and the Markdown is
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


_jinja = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)  # Markdown source, not HTML


def page_html(g: Guideline, lang: str, page_path: str, source: Path) -> str:
    """One hand-written page: front matter dropped, macros expanded, Markdown converted to HTML."""
    text = _FRONT_MATTER.sub("", source.read_text(encoding="utf-8"), count=1)
    try:
        expanded = _jinja.from_string(text).render(**render.page_macros(g, lang, lambda: page_path))
    except jinja2.TemplateError as e:
        raise ValueError(f"{source}: {e}") from e
    return markdown_html(expanded)


def markdown_html(text: str) -> str:
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
