"""What every site engine's adapter needs from a site config: the project, its language, its data.

MkDocs hands its adapters a config object (`config_file_path`, `theme["language"]`), Zensical a
plain dict (`root_dir`, `theme["language"]`); both are read here through the mapping interface
they share, so `hooks.py`, `macros.py` and the generated sites stay thin and engine-neutral.

`extra.data_dir` and `extra.overlay_dir` in the config name the data folder and a fork's
overlay folder, relative to the config file (defaults `data` and `municipality`); the
environment variables GUIDELINE_DATA_DIR and GUIDELINE_OVERLAY_DIR win over both (see site.py).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import disclaimer, site
from .glossary import tooltips
from .markdown_glossary import NAME as GLOSSARY_EXTENSION
from .model import Guideline


def config_dir(config: Mapping[str, Any]) -> Path:
    """The folder of the site config: paths in it are relative to this folder."""
    path = config.get("config_file_path")
    if path:
        return Path(path).parent
    return Path(config["root_dir"])  # Zensical


def lang(config: Mapping[str, Any]) -> str:
    return str(config["theme"]["language"])


def _extra(config: Mapping[str, Any]) -> Mapping[str, Any]:
    return config.get("extra") or {}


def data_dir(config: Mapping[str, Any]) -> Path:
    return site.data_dir(config_dir(config), _extra(config).get("data_dir", "data"))


def overlay_dir(config: Mapping[str, Any]) -> Path:
    return site.overlay_dir(config_dir(config), _extra(config).get("overlay_dir", "municipality"))


def load(config: Mapping[str, Any]) -> Guideline:
    """The guideline (with a fork's overlay), loaded once per change of its files."""
    return site.load(data_dir(config), overlay_dir(config))


# Set by `make serve` / `make serve-en`: where each edition's live preview runs, e.g.
# "ja=http://127.0.0.1:8000/ en=http://127.0.0.1:8001/". Each preview serves one edition alone,
# so the language switcher must lead to the other preview's server.
PREVIEW_SITES = "GUIDELINE_PREVIEW_SITES"


def preview_alternates(alternates: list[Mapping[str, Any]], preview_sites: str) -> list[dict[str, Any]]:
    """The language switcher's entries (`extra.alternate`) pointed at the live previews' servers."""
    sites = dict(item.split("=", 1) for item in preview_sites.split())
    return [{**alt, "link": sites.get(alt["lang"], alt["link"])} for alt in alternates]


def watched_dirs(config: Mapping[str, Any]) -> list[Path]:
    """What a live preview must watch beyond the pages and the theme: the data and a fork's overlay."""
    return [folder for folder in (data_dir(config), overlay_dir(config)) if folder.is_dir()]


@dataclass
class EditionSettings:
    """What the data decides in an edition's config; hooks.py applies it to MkDocs' config,
    generate.py writes it into the generated mkdocs.yml. One place for both."""
    nav: list[Any]
    site_name: str
    site_url: str | None = None
    logo: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)             # merged into `extra`
    extension_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # by Markdown extension


def edition_settings(nav: list[Any], g: Guideline, lang: str) -> EditionSettings:
    settings = EditionSettings(nav=site.expand_nav(nav, g, lang), site_name=site.site_name(g, lang))
    if g.municipality:
        if g.municipality.site_url:
            settings.site_url = g.municipality.site_url + ("en/" if lang == "en" else "")
        if g.municipality.logo:
            settings.logo = f"assets/municipality/{g.municipality.logo}"
    settings.extension_options[GLOSSARY_EXTENSION] = {"tooltips": tooltips(g.terms, lang)}
    settings.extra.update(disclaimer.theme_extra(g, lang))
    return settings


def hidden_pages(g: Guideline) -> set[str]:
    """Hand-written pages this site leaves out (a fork's hide_maintainer_pages)."""
    return site.hidden_pages(g)


_last_site_files: list[tuple[Guideline, str, Path, Any, dict[str, str | bytes]]] = []


def site_files(g: Guideline, lang: str, project: Path) -> dict[str, str | bytes]:
    """Every file of the edition that is not under docs/ (pages, downloads, a fork's logo), by site path.

    Made again only when the data (a new Guideline: site.load reloads it when a file changes) or the
    stamp changes: in `mkdocs serve`, saving a page or the theme does not remake every download."""
    stamp = site.build_stamp(g, project)
    if _last_site_files:
        last_g, last_lang, last_project, last_stamp, files = _last_site_files[0]
        # `is`, not id(): the old Guideline is kept referenced here, so its id cannot be reused.
        if last_g is g and (last_lang, last_project, last_stamp) == (lang, project, stamp):
            return files
    files = site.generated_files(g, lang, project)
    _last_site_files[:] = [(g, lang, project, stamp, files)]
    return files


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory across the rebuilds of one `mkdocs serve`.

    MkDocs makes a new template environment for every rebuild and compiles Material's templates
    again (about a fifth of a rebuild). Jinja keys each entry by the template's source, so an edited
    override is compiled afresh."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


# One per process: the adapters are reloaded on every rebuild, the package is not.
TEMPLATE_CACHE = TemplateCache()
