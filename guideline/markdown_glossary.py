"""Glossary definitions on hover, as a Python-Markdown extension that any engine can load.

    markdown_extensions:
      - guideline.markdown_glossary:
          tooltips: {生成ai: "…definition…", …}   # written by `guideline generate`, or by hooks.py

The extension carries its terms in its options (see `glossary.tooltips`), so it needs neither the
data folder nor the engine: MkDocs and Zensical both pass the options through unchanged.

It works on the finished HTML of each page, as a postprocessor that runs after the raw HTML of
the page has been put back: the pages generated from the data are mostly raw HTML blocks, which
a tree processor would never see.
"""
from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from .glossary import Annotator

NAME = "guideline.markdown_glossary"
# After raw_html (30) and amp_substitute (20): the page's HTML as the engine will publish it.
PRIORITY = 5

_annotators: dict[tuple[tuple[str, str], ...], Annotator] = {}


def annotator_for(tooltips: dict[str, str]) -> Annotator:
    """One compiled annotator per set of terms: engines make a Markdown instance per page."""
    key = tuple(tooltips.items())
    if key not in _annotators:
        _annotators.clear()
        _annotators[key] = Annotator.from_tooltips(tooltips)
    return _annotators[key]


class GlossaryPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, tooltips: dict[str, str] | None):
        super().__init__(md)
        self.tooltips = tooltips

    def run(self, text: str) -> str:
        # Checked here, not when the extension is registered: MkDocs registers every extension
        # once while it validates mkdocs.yml, before hooks.py has filled the option in.
        if self.tooltips is None:
            raise ValueError(f"{NAME}: the option `tooltips` is missing; `guideline generate` writes it, "
                             "and hooks.py fills it in for mkdocs.yml")
        return annotator_for(self.tooltips).annotate(text)


class GlossaryExtension(Extension):
    def __init__(self, **kwargs: Any):
        # The default is "" (unset) rather than None: Python-Markdown would turn a value given for a
        # None default into a boolean.
        self.config = {"tooltips": ["", "written form of a term (case-folded) -> its definition"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        tooltips = self.getConfig("tooltips")
        if tooltips == "":
            tooltips = None
        if tooltips is not None and not (isinstance(tooltips, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in tooltips.items())):
            raise ValueError(f"{NAME}: the option `tooltips` must map each term to its definition (text)")
        md.postprocessors.register(GlossaryPostprocessor(md, tooltips), "guideline_glossary", PRIORITY)


def makeExtension(**kwargs: Any) -> GlossaryExtension:
    return GlossaryExtension(**kwargs)
