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

    env.variables["guideline_version"] = g.meta.version
    env.variables["guideline_title"] = g.meta.title[lang]

    @env.macro
    def overview_table() -> str:
        return render.overview_table(g, lang, here())

    @env.macro
    def glossary_table() -> str:
        return render.glossary_entries(g, lang, here())

    @env.macro
    def role_definitions() -> str:
        return render.role_definitions(g, lang)

    @env.macro
    def cases() -> str:
        return render.cases_html(g, lang)

    @env.macro
    def editorial_notes() -> str:
        return render.editorial_notes_table(g, lang, here())

    @env.macro
    def changelog() -> str:
        return render.changelog(g, lang, here())

    @env.macro
    def municipality_block() -> str:
        """A fork's contacts on its home page; nothing upstream."""
        return render.municipality_block(g, lang)

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
