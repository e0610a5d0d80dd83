"""mkdocs-macros adapter: exposes renderers from the `guideline` package to hand-written pages.

Hand-written pages under docs/ call e.g. `{{ glossary_table() }}`; the content comes from data/.
"""
from pathlib import Path

from mkdocs.exceptions import PluginError

from guideline import render, site
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
        return render.editorial_notes_table(g, lang, page_path(), lambda ref: render.record_link(g, ref))

    @env.macro
    def changelog() -> str:
        return render.changelog(g, lang, page_path())

    @env.macro
    def municipality_block() -> str:
        """A fork's contacts on its home page; nothing upstream."""
        return render.municipality_block(g, lang)

    @env.macro
    def accessibility_statement() -> str:
        """The accessibility statement with the recorded test results (guideline/accessibility.py)."""
        from guideline import accessibility
        results = accessibility.load_results(site.data_dir(Path(config.config_file_path).parent,
                                                           config.extra.get("data_dir", "data")))
        return accessibility.statement(g, lang, results, site.site_name(g, lang))

    @env.macro
    def downloads_table() -> str:
        return site.downloads_table(g, lang, page_path())

    @env.macro
    def counts() -> dict:
        """Totals for prose: principles, sub-items, risks and countermeasures."""
        return {"principles": len(g.principles), "sub_items": len(g.sub_items),
                "risks": len(g.risks()), "countermeasures": len(g.countermeasures())}
