"""mkdocs-macros adapter: exposes renderers from the `guideline` package to hand-written pages.

Hand-written pages under docs/ call e.g. `{{ glossary_table() }}`; the content comes from data/.
"""
from pathlib import Path

from mkdocs.exceptions import PluginError

from guideline import customizer, render, site
from guideline.errors import DataError


def define_env(env):
    config = env.conf
    lang = config.theme["language"]
    try:
        g = site.load_project(Path(config.config_file_path).parent, config.extra.get("data_dir", "data"))
    except DataError as e:
        raise PluginError(str(e)) from None

    def page_path() -> str:
        return env.page.file.src_uri

    env.variables["guideline_version"] = g.meta.version
    env.variables["guideline_title"] = g.meta.title[lang]

    @env.macro
    def overview_table() -> str:
        return render.overview_table(g, lang, page_path())

    @env.macro
    def glossary_table() -> str:
        return render.glossary_entries(g, lang, page_path())

    @env.macro
    def role_definitions() -> str:
        return render.role_definitions(g, lang)

    @env.macro
    def cases() -> str:
        return render.cases_html(g, lang)

    @env.macro
    def editorial_notes() -> str:
        return render.editorial_notes_table(g, lang, page_path())

    @env.macro
    def changelog() -> str:
        return render.changelog(g, lang, page_path())

    @env.macro
    def municipality_block() -> str:
        """A fork's contacts on its home page; nothing upstream."""
        return render.municipality_block(g, lang)

    @env.macro
    def downloads_table() -> str:
        return site.downloads_table(g, lang, page_path())

    @env.macro
    def link_unless_hidden(target: str, label: str) -> str:
        """A link to a page a fork may leave out of its site (site.MAINTAINER_PAGES); plain text then."""
        if target in site.hidden_pages(g):
            return label
        return f"[{label}]({render.relative(page_path(), target)})"

    @env.macro
    def customizer_form() -> str:
        """The customizer page's form and scripts (guideline/customizer.py)."""
        return customizer.page_html(g, lang, env.page.url)

    @env.macro
    def counts() -> dict:
        """Totals for prose: principles, sub-items, risks and countermeasures."""
        return {"principles": len(g.principles), "sub_items": len(g.sub_items),
                "risks": len(g.risks()), "countermeasures": len(g.countermeasures())}
