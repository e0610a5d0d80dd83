"""MkDocs hooks: a thin adapter from MkDocs events to the `guideline` package.

on_config: load and validate the data (a bad file stops the build before anything is written),
           expand the navigation.  on_files: add the pages and downloads generated from the data.
on_page_content: glossary definitions on hover.
"""
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from guideline import site
from guideline.errors import DataError
from guideline.glossary import Annotator


def _data_dir(config) -> Path:
    return site.data_dir(Path(config.config_file_path).parent, config.extra.get("data_dir", "data"))


def _lang(config) -> str:
    return config.theme["language"]


def _load(config):
    try:
        return site.load(_data_dir(config), site.overlay_dir(Path(config.config_file_path).parent))
    except DataError as e:
        raise PluginError(str(e)) from None


def on_config(config):
    guideline, lang = _load(config), _lang(config)
    config.nav = site.expand_nav(config.nav, guideline, lang)
    config.site_name = site.site_name(guideline, lang)
    if guideline.municipality:
        if guideline.municipality.site_url:
            config.site_url = guideline.municipality.site_url + ("en/" if lang == "en" else "")
        if guideline.municipality.logo:
            config.theme["logo"] = f"assets/municipality/{guideline.municipality.logo}"
    return config


def on_files(files, config):
    guideline, lang = _load(config), _lang(config)
    for src_uri, content in site.pages(guideline, lang).items():
        files.append(File.generated(config, src_uri, content=content))
    stamp = site.build_stamp(guideline, Path(config.config_file_path).parent)
    for src_uri, content in site.downloads(guideline, lang, stamp).items():
        files.append(File.generated(config, src_uri, content=content))
    for src_uri, content in site.overlay_pages(guideline, lang).items():
        files.append(File.generated(config, src_uri, content=content))
    if guideline.municipality and guideline.municipality.logo:
        logo = Path(guideline.municipality.folder) / guideline.municipality.logo
        files.append(File.generated(config, f"assets/municipality/{logo.name}", content=logo.read_bytes()))
    return files


_annotators: dict = {}


def on_page_content(html, page, config, files):
    guideline, lang = _load(config), _lang(config)
    key = (id(guideline), lang)
    if key not in _annotators:
        _annotators.clear()
        _annotators[key] = Annotator(guideline.terms, lang)
    return _annotators[key].annotate(html)
