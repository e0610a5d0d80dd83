"""Jinja templates for the HTML (and Markdown) the package writes: escaping by construction.

Every value a template prints is escaped for HTML, Markdown and Jinja alike (see `inert`), unless it
is already `Markup` (the output of another template, or a link target built by `naming`). So data
containing `<script>`, `[x](javascript:…)` or `{{` comes out as text, in a raw HTML block, in an
attribute, or in a Markdown heading, without any template having to remember to escape it.
"""
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

# Characters that HTML, Markdown (with the extensions the site enables) or Jinja could act on.
_INERT = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;",
    "{": "&#123;", "}": "&#125;", "#": "&#35;", "|": "&#124;", "~": "&#126;", "^": "&#94;",
    "!": "&#33;", "%": "&#37;", ":": "&#58;", "=": "&#61;", "+": "&#43;",
})


def inert(text: str) -> Markup:
    """A data string as inert inline content, safe in Markdown, HTML text and attributes."""
    return Markup(str(text).translate(_INERT))


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return inert("" if value is None else str(value))


ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True, finalize=_finalize, undefined=jinja2.StrictUndefined,
    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


def html_environment(folder: Path, **filters: Any) -> jinja2.Environment:
    """An environment for the pages' self-contained HTML widgets (the checklist, the customizer, the
    accessibility statement): values escaped for HTML, and an undefined name an error. Their data
    goes through the `inert` filter where it must also be inert as Markdown; ENVIRONMENT above does
    that to every value, for the fragments written into Markdown pages."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=False)
    env.filters.update(filters)
    return env


def render(template: str, **context: Any) -> Markup:
    """A template under guideline/templates/, filled in; the result is safe to embed in another."""
    return Markup(ENVIRONMENT.get_template(template).render(**context).strip("\n"))
