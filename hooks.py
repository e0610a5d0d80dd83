"""MkDocs hooks: a thin adapter from MkDocs events to the `guideline` package.

on_config: load and validate the data (a bad file stops the build before anything is written),
           expand the navigation.  on_files: add the pages and downloads generated from the data.
on_page_content: glossary definitions on hover.
"""
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from guideline import disclaimer, site
from guideline.errors import DataError
from guideline.glossary import Annotator


def _lang(config) -> str:
    return config.theme["language"]


def _load(config):
    try:
        return site.load_project(Path(config.config_file_path).parent, config.extra.get("data_dir", "data"))
    except DataError as e:
        raise PluginError(str(e)) from None


def on_config(config):
    guideline, lang = _load(config), _lang(config)
    config.nav = site.expand_nav(config.nav, guideline, lang)
    config.site_name = site.site_name(guideline, lang)
    config.extra.update(disclaimer.theme_extra(guideline, lang))
    if guideline.municipality:
        if guideline.municipality.site_url:
            config.site_url = guideline.municipality.site_url + ("en/" if lang == "en" else "")
        if guideline.municipality.logo:
            config.theme["logo"] = f"assets/municipality/{guideline.municipality.logo}"
    return config


def on_files(files, config):
    guideline = _load(config)
    for src_uri in site.hidden_pages(guideline):
        hidden = files.get_file_from_path(src_uri)
        if hidden:
            files.remove(hidden)
    generated = site.generated_files(guideline, _lang(config), Path(config.config_file_path).parent)
    for src_uri, content in generated.items():
        files.append(File.generated(config, src_uri, content=content))
    return files


_annotators: dict = {}


def on_page_content(html, page, config, files):
    guideline, lang = _load(config), _lang(config)
    key = (id(guideline), lang)
    if key not in _annotators:
        _annotators.clear()
        _annotators[key] = Annotator(guideline.terms, lang)
    return _annotators[key].annotate(html)
