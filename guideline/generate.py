"""Write one edition of the site as a folder any MkDocs-compatible engine can build as it is.

    python -m guideline generate --lang ja --out build/ja
    python -m mkdocs build -f build/ja/mkdocs.yml      # or: zensical build -f build/ja/mkdocs.yml

The folder holds plain Markdown and a complete config: nothing in it depends on `hooks.py`.

    build/ja/
      mkdocs.yml          the edition's config with the navigation expanded, the site name, a fork's
                          site_url and logo, and the glossary extension with its terms
      docs/               the hand-written pages (docs/<lang>), the pages generated from the data,
                          a fork's own pages, the downloads and a fork's logo
      overrides/          the theme overrides (custom_dir must be inside the folder for Zensical)
      hooks_material.py   Material's search workaround (MkDocs only; Zensical ignores `hooks:`)

Hand-written pages still call the macros (`{{ glossary_table() }}`), which read the data through
`extra.data_dir` / `extra.overlay_dir` (relative to the folder); `guideline` must be importable
(installed, or on PYTHONPATH) by the engine's Python.

What the engines need, learned with Zensical 0.0.73: relative docs_dir and site_dir inside the
folder (it stops on an absolute docs_dir), a reachable custom_dir, no reliance on `hooks:`
(ignored), macros that take the config as a plain dict (see engine.py, macros.py).
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from . import engine
from .model import Guideline

# The config of each edition in the project folder (the English one INHERITs the Japanese one).
EDITION_CONFIGS = {"ja": "mkdocs.yml", "en": "mkdocs.en.yml"}
MATERIAL_HOOKS = "hooks_material.py"
MACROS_MODULE = "guideline.macros"
# Written into every generated folder: only such a folder is ever emptied by a later run.
MARKER = ".generated-by-guideline"


class GenerateError(Exception):
    pass


def _merge(parent: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT: mappings merge key by key, anything else (lists too) is replaced."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = value
    return merged


def read_config(path: Path) -> dict[str, Any]:
    """A site config with its INHERIT chain resolved, as plain data."""
    with path.open(encoding="utf-8") as f:
        config = YAML(typ="safe").load(f) or {}
    parent = config.pop("INHERIT", None)
    return _merge(read_config(path.parent / parent), config) if parent else config


def edition_config(project: Path, lang: str) -> dict[str, Any]:
    if lang not in EDITION_CONFIGS:
        raise GenerateError(f"no edition {lang!r}; editions: {', '.join(EDITION_CONFIGS)}")
    path = project / EDITION_CONFIGS[lang]
    config = read_config(path)
    if config.get("theme", {}).get("language") != lang:
        raise GenerateError(f"{path}: theme.language is {config.get('theme', {}).get('language')!r}, not {lang!r}")
    config["config_file_path"] = str(path)
    return config


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


def _markdown_extensions(extensions: list[Any], options: dict[str, dict[str, Any]]) -> list[Any]:
    """The configured extensions, with the options the data decides (the glossary's terms) written in."""
    out: list[Any] = []
    for entry in extensions:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name in options:
            configured = {} if isinstance(entry, str) else dict(entry[name] or {})
            out.append({name: {**configured, **options[name]}})
        else:
            out.append(entry)
    return out


def _plugins(plugins: Any) -> dict[str, Any]:
    """The configured plugins, with macros loaded from the package instead of the project's macros.py."""
    items = plugins.items() if isinstance(plugins, Mapping) else (
        (p, {}) if isinstance(p, str) else next(iter(p.items())) for p in plugins or [])
    out: dict[str, Any] = {}
    for name, options in items:
        options = dict(options or {})
        if name == "macros":
            options.pop("module_name", None)
            options["modules"] = [MACROS_MODULE]
        out[name] = options
    return out


def site_config(base: dict[str, Any], g: Guideline, lang: str, project: Path, out: Path) -> dict[str, Any]:
    """The complete config of the generated folder `out`."""
    settings = engine.edition_settings(base.get("nav", []), g, lang)
    config = {k: v for k, v in base.items() if k not in ("config_file_path", "hooks")}
    config["site_name"] = settings.site_name
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["nav"] = settings.nav
    if settings.site_url:
        config["site_url"] = settings.site_url
    theme = dict(base.get("theme", {}))
    if theme.get("custom_dir"):
        theme["custom_dir"] = "overrides"
    if settings.logo:
        theme["logo"] = settings.logo
    # Zensical's default look ("modern") differs from Material's; "classic" is Material's.
    # MkDocs passes unknown theme options through to the templates, which ignore this one.
    theme["variant"] = "classic"
    config["theme"] = theme
    config["extra"] = {**base.get("extra", {}), **settings.extra,
                       "data_dir": _relative(engine.data_dir(base), out),
                       "overlay_dir": _relative(engine.overlay_dir(base), out)}
    config["plugins"] = _plugins(base.get("plugins"))
    config["markdown_extensions"] = _markdown_extensions(base.get("markdown_extensions", []),
                                                         settings.extension_options)
    if theme.get("name") == "material" and (project / MATERIAL_HOOKS).is_file():
        config["hooks"] = [MATERIAL_HOOKS]
    return config


def _prepare(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise GenerateError(f"{out} is not empty and was not written by `guideline generate`; "
                                "choose an empty or new folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Written by `python -m guideline generate`; rewritten on every run.\n",
                              encoding="utf-8")


def generate(project: Path, lang: str, out: Path) -> Path:
    """Write edition `lang` of the project in `project` into `out`; returns the config written."""
    project, out = project.resolve(), out.resolve()
    base = edition_config(project, lang)
    g = engine.load(base)
    _prepare(out)
    docs = out / "docs"
    shutil.copytree(project / base.get("docs_dir", "docs"), docs)
    for hidden in engine.hidden_pages(g):  # a fork may leave upstream's editors' pages out
        (docs / hidden).unlink(missing_ok=True)
    for path, content in engine.site_files(g, lang, project).items():
        target = docs / path
        if target.exists():
            raise GenerateError(f"{project / base.get('docs_dir', 'docs') / path}: a hand-written page where "
                                "the data generates one; remove it")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    custom_dir = base.get("theme", {}).get("custom_dir")
    if custom_dir:
        shutil.copytree(project / custom_dir, out / "overrides")
    config = site_config(base, g, lang, project, out)
    if "hooks" in config:
        shutil.copy(project / MATERIAL_HOOKS, out / MATERIAL_HOOKS)
    config_path = out / "mkdocs.yml"
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.representer.sort_base_mapping_type_on_output = False  # keep mkdocs.yml's order
    with config_path.open("w", encoding="utf-8") as f:
        f.write(f"# Edition {lang!r}, written by `python -m guideline generate`: edit {EDITION_CONFIGS[lang]} "
                "and data/, not this file.\n")
        yaml.dump(config, f)
    return config_path
