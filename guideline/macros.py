"""The macros for hand-written pages, for mkdocs-macros-plugin and Zensical's macros alike.

Hand-written pages under docs/ call e.g. `{{ glossary_table() }}`; the content comes from data/.
MkDocs loads this through the project's `macros.py`, a generated site through
`plugins: macros: modules: [guideline.macros]`.
"""
from __future__ import annotations

from typing import Any

from . import customizer, engine, render, site


def page_path(page: Any) -> str:
    """The page's path under docs/: MkDocs' `page.file.src_uri`, Zensical's `page.path`."""
    file = getattr(page, "file", None)
    return str(file.src_uri if file is not None else page.path)


def define_env(env: Any) -> None:
    config = env.conf
    lang = engine.lang(config)
    g = engine.load(config)

    def here() -> str:
        return page_path(env.page)

    shared = render.page_macros(g, lang, here)  # also what the PDF and DOCX give their pages
    for name, value in shared.items():
        if callable(value):
            env.macro(value, name)
        else:
            env.variables[name] = value

    # The site's own: the documents have no downloads, no customizer and no statement of their own.
    @env.macro
    def downloads_table() -> str:
        return site.downloads_table(g, lang, here(), engine.config_dir(config) / str(config.get("docs_dir") or "docs"))

    @env.macro
    def link_unless_hidden(target: str, label: str) -> str:
        """A link to a page a fork may leave out of its site (site.MAINTAINER_PAGES); plain text then."""
        if target.partition("#")[0] in site.hidden_pages(g):
            return label
        return f"[{label}]({render.relative(here(), target)})"

    @env.macro
    def customizer_form() -> str:
        """The customizer page's form and scripts (guideline/customizer.py)."""
        return customizer.page_html(g, lang, env.page.url)

    @env.macro
    def accessibility_statement() -> str:
        """The accessibility statement with the recorded test results (guideline/accessibility.py)."""
        from . import accessibility
        results = accessibility.load_results(engine.data_dir(config))
        return accessibility.statement(g, lang, results, site.site_name(g, lang))

    @env.macro
    def counts() -> dict[str, int]:
        """Totals for prose: principles, sub-items, risks and countermeasures."""
        return {"principles": len(g.principles), "sub_items": len(g.sub_items),
                "risks": len(g.risks()), "countermeasures": len(g.countermeasures())}
