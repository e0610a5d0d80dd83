"""MkDocs hooks: a thin adapter from MkDocs events to the `guideline` package.

on_config: load and validate the data (a bad file stops the build before anything is written),
           expand the navigation, give the glossary extension its terms; in a live preview
           (make serve / serve-en), point the language switcher at the other edition's preview.
on_files:  add the pages and downloads generated from the data.
on_env:    compiled templates kept across rebuilds.
on_serve:  `mkdocs serve` (`make serve`) also rebuilds when the data, a fork's overlay or the theme
           overrides change.
"""
import os

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from guideline import engine
from guideline.errors import DataError


def _load(config):
    try:
        return engine.load(config)
    except DataError as e:
        raise PluginError(str(e)) from None


def on_config(config):
    guideline, lang = _load(config), engine.lang(config)
    settings = engine.edition_settings(config.nav, guideline, lang)
    config.nav = settings.nav
    config.site_name = settings.site_name
    if settings.site_url:
        config.site_url = settings.site_url
    if settings.logo:
        config.theme["logo"] = settings.logo
    config.extra.update(settings.extra)
    for extension, options in settings.extension_options.items():
        if extension in config.markdown_extensions:
            config.mdx_configs[extension] = options
    if os.environ.get(engine.PREVIEW_SITES):
        config.extra["alternate"] = engine.preview_alternates(config.extra["alternate"],
                                                              os.environ[engine.PREVIEW_SITES])
    return config


def on_files(files, config):
    guideline = _load(config)
    for src_uri in engine.hidden_pages(guideline):  # a fork may leave upstream's editors' pages out
        hidden = files.get_file_from_path(src_uri)
        if hidden:
            files.remove(hidden)
    generated = engine.site_files(guideline, engine.lang(config), engine.config_dir(config))
    for src_uri, content in generated.items():
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_env(env, config, files):
    env.bytecode_cache = engine.TEMPLATE_CACHE  # rebuilds in `mkdocs serve` reuse compiled templates
    return env


# MkDocs' live-reload server looks for saved files every 0.5 s (the fixed interval of its watchdog
# PollingObserver; `mkdocs serve` has no option for it): a quarter of a second's wait on average, an
# eighth of the preview's 2 s budget. The preview looks every 0.1 s; one look stats the few hundred
# files watched, about a millisecond.
PREVIEW_POLL_SECONDS = 0.1


def on_serve(server, config, builder):
    for emitter in server.observer.emitters:  # docs/ and mkdocs.yml, watched before this hook runs
        emitter._timeout = PREVIEW_POLL_SECONDS
    server.observer._timeout = PREVIEW_POLL_SECONDS  # what is watched from here on
    # docs/ and mkdocs.yml are watched by MkDocs itself; the theme overrides only with
    # --watch-theme (which would also watch the installed theme), so they are added here.
    folders = [*engine.watched_dirs(config)]
    if config.theme.custom_dir:
        folders.append(config.theme.custom_dir)
    for folder in folders:
        server.watch(str(folder))
    return server
