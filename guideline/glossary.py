"""Show glossary definitions on hover, everywhere on the site.

Python-Markdown's `abbr` extension matches on word boundaries, which Japanese text does not
have, so terms are marked up here, on the HTML of every page: each occurrence of a term outside
links, headings and code becomes `<abbr title="definition">term</abbr>`. The engines call this
through the Markdown extension in `markdown_glossary.py`.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from markupsafe import Markup

from .model import Term

# Inside these elements text is left alone: links and headings must stay clean, code is code.
SKIP = {"a", "abbr", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6",
        "svg", "button", "label", "textarea", "select", "option", "title", "kbd"}
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source", "area", "base", "embed"}
_TAG = re.compile(r"(<!--.*?-->|<[^>]+>)", re.S)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
ABBR = Markup('<abbr title="{title}">{term}</abbr>')


def tooltips(terms: Iterable[Term], lang: str) -> dict[str, str]:
    """Every written form of every annotated term (case-folded) -> its definition, as plain text.

    A form shared by two terms keeps the first term's definition (the glossary's order)."""
    titles: dict[str, str] = {}
    for term in terms:
        if not term.annotate:
            continue
        tooltip = " ".join(p[lang] for p in term.definition)
        for surface in term.surfaces(lang):
            titles.setdefault(surface.casefold(), tooltip)
    return titles


class Annotator:
    """Marks up the glossary terms of one language in a page's HTML."""

    def __init__(self, terms: Iterable[Term], lang: str):
        self._use(tooltips(terms, lang))

    @classmethod
    def from_tooltips(cls, titles: Mapping[str, str]) -> Annotator:
        """From the mapping `tooltips()` returns (as written into a site config by `guideline generate`)."""
        annotator = cls.__new__(cls)
        annotator._use(titles)
        return annotator

    def _use(self, titles: Mapping[str, str]) -> None:
        self.titles = {surface.casefold(): title for surface, title in titles.items()}
        surfaces = sorted(self.titles, key=len, reverse=True)  # longest first: 生成AI before AI
        if not surfaces:
            self.pattern: re.Pattern[str] | None = None
            return
        alternatives = "|".join(re.escape(html.escape(s, quote=False)) for s in surfaces)
        # Latin terms need word boundaries (so "RAG" does not match in "storage");
        # Japanese has none, so a Japanese term matches anywhere.
        self.pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", re.I)

    def _replace(self, match: re.Match[str]) -> str:
        found = match.group(0)  # already HTML (escaped) text of the page
        return str(ABBR.format(title=self.titles[html.unescape(found).casefold()], term=Markup(found)))

    def annotate(self, page_html: str) -> str:
        if self.pattern is None:
            return page_html
        out: list[str] = []
        stack: list[str] = []
        skip_depth = 0
        for token in _TAG.split(page_html):
            if not token:
                continue
            if token.startswith("<"):
                out.append(token)
                m = _TAG_NAME.match(token)
                if not m or token.startswith("<!"):
                    continue
                name = m.group(1).lower()
                if name in VOID or token.endswith("/>"):
                    continue
                if token.startswith("</"):
                    if name in stack:
                        while stack and stack.pop() != name:
                            pass
                    skip_depth = sum(1 for n in stack if n in SKIP)
                else:
                    stack.append(name)
                    skip_depth += name in SKIP
            elif skip_depth:
                out.append(token)
            else:
                out.append(self.pattern.sub(self._replace, token))
        return "".join(out)
