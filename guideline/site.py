"""What the site engine needs from the data: generated pages, navigation, loading with a cache.

Engine-neutral: the MkDocs adapters (`hooks.py`, `macros.py`) only call these functions.
"""
import html
import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

from . import cache, customizer, documents, exports, loader, render
from .loader import load_guideline
from .model import Guideline
from .renderer import Renderer

_cache: dict[tuple, Guideline] = {}


def data_dir(config_dir: Path, configured: str = "data") -> Path:
    """The data folder: GUIDELINE_DATA_DIR (used by tests and benchmarks) or the configured one."""
    override = os.environ.get("GUIDELINE_DATA_DIR")
    return Path(override) if override else Path(config_dir) / configured


def overlay_dir(config_dir: Path, configured: str = "municipality") -> Path:
    """A fork's own folder (see overlay.py): GUIDELINE_OVERLAY_DIR or the configured one (municipality/)."""
    override = os.environ.get("GUIDELINE_OVERLAY_DIR")
    return Path(override) if override else Path(config_dir) / configured


def load_project(config_dir: Path, configured_data: str = "data") -> Guideline:
    """The guideline of the project whose config is in `config_dir`, with its fork overlay if any."""
    return load(data_dir(config_dir, configured_data), overlay_dir(config_dir))


def _fingerprint(folder: Path) -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file())) \
        if folder.is_dir() else ()


def load(data_dir: Path, overlay: Path | None = None) -> Guideline:
    """Load the data once per process and per change of the files (hooks and macros share it)."""
    data_dir = Path(data_dir).resolve()
    overlay = Path(overlay).resolve() if overlay else None
    key = (data_dir, overlay, _fingerprint(data_dir), _fingerprint(overlay) if overlay else ())
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_guideline(data_dir, overlay_dir=overlay)
    return _cache[key]


# Upstream's pages for the people who edit or fork the guideline, not for a municipality's readers:
# a fork can leave them out of its public site (municipality.hide_maintainer_pages).
MAINTAINER_PAGES = ("fork-guide.md", "id-scheme.md", "customize.md")


def hidden_pages(g: Guideline) -> set[str]:
    """Hand-written pages (docs/ paths) this site leaves out."""
    return set(MAINTAINER_PAGES) if g.municipality and g.municipality.hide_maintainer_pages else set()


def overlay_pages(g: Guideline, lang: str) -> dict[str, str]:
    """The fork's own prose pages, under municipality/ on the site."""
    if not g.municipality:
        return {}
    folder = Path(g.municipality.folder) / "pages" / lang
    # Read as the loader reads data: regular files inside the overlay folder only (no links out).
    return {f"municipality/{name}": loader.read_text(folder / name, Path(g.municipality.folder))
            for name in g.municipality.pages}


# What downloaded files and the offline copy are called; a fork's carry its municipality's name.
FILE_BASENAME = "ai-governance-guideline"


def offline_folder_name(g: Guideline) -> str:
    """The offline ZIP's top folder (and, with -offline.zip, its file name)."""
    slug = exports.municipality_slug(g)
    return f"{FILE_BASENAME}-{slug}" if slug else FILE_BASENAME


def site_name(g: Guideline, lang: str) -> str:
    return f"{g.meta.title[lang]} — {g.municipality.name[lang]}" if g.municipality else g.meta.title[lang]


def pages(g: Guideline, lang: str) -> dict[str, str]:
    """Markdown pages that are not under docs/: generated from the data, and a fork's own pages."""
    return {**render.generated_pages(g, lang), **overlay_pages(g, lang)}


# The downloads of the guideline last loaded, per edition and stamp. A rebuild in the live preview
# after saving a page of docs/ or the theme has the same loaded guideline (site.load keeps it while
# the data files are unchanged): its checksheets are not written again. The guideline is kept with
# them, so its id cannot pass to another one.
_downloads_made: dict[tuple[int, str, exports.Stamp], tuple[Guideline, dict[str, str | bytes]]] = {}


def _downloads_of(g: Guideline, lang: str, stamp: exports.Stamp) -> dict[str, str | bytes]:
    key = (id(g), lang, stamp)
    if key not in _downloads_made:
        if any(kept is not g for kept, _ in _downloads_made.values()):
            _downloads_made.clear()
        _downloads_made[key] = (g, {**downloads(g, lang, stamp), **customizer.files(g, stamp)})
    return _downloads_made[key][1]


def generated_files(g: Guideline, lang: str, repo_dir: Path) -> dict[str, str | bytes]:
    """Everything the site has beyond docs/: pages, downloads and a fork's logo, by site path."""
    stamp = build_stamp(g, repo_dir)
    files: dict[str, str | bytes] = {**pages(g, lang), **_downloads_of(g, lang, stamp)}
    files.update({f"downloads/{name}": content for name, content in
                  documents.build_documents(g, lang, stamp, repo_dir / "docs" / lang,
                                            cache.folder(repo_dir / ".cache")).items()})
    _download_sizes[(id(g), lang)] = {path.removeprefix("downloads/"): len(content)
                                      for path, content in files.items() if path.startswith("downloads/")}
    if g.municipality and g.municipality.logo:
        logo = Path(g.municipality.folder) / g.municipality.logo
        files[f"assets/municipality/{logo.name}"] = loader.read_bytes(logo, Path(g.municipality.folder))
    return files


def _title(text: str) -> str:
    # Theme templates print nav titles without escaping.
    return html.escape(text, quote=False)


def expand_nav(nav: list, g: Guideline, lang: str) -> list[object]:
    """Replace the generated-section markers and translate section keys (`nav.<key>` strings).

    Markers in mkdocs.yml's nav: `principles/index.md` (第4部, one section per principle),
    `roles/index.md` (第5部, the per-role pages) and `municipality/` (a fork's own pages, if any).
    """
    out: list[object] = []
    hidden = hidden_pages(g)
    for entry in nav:
        if isinstance(entry, str) and entry in hidden:
            continue
        if entry == "principles/index.md":
            out.append({_title(g.text("principles.title", lang)): [
                "principles/index.md",
                *[{_title(render.principle_label(p, lang)):
                   [render.principle_path(p), *[render.sub_item_path(s) for s in p.sub_items]]}
                  for p in g.principles]]})
        elif entry == "roles/index.md":
            out.append({_title(g.text("part5.title", lang)):
                        ["roles/index.md", *[render.role_path(r) for r in g.roles]]})
        elif entry == "municipality/":
            pages: list[str] = list(overlay_pages(g, lang))
            if pages and g.municipality:
                title = g.text("nav.municipality", lang, municipality=g.municipality.name[lang])
                out.append({_title(title): pages})
        elif isinstance(entry, dict):
            (key, children), = entry.items()
            title = g.text(f"nav.{key}", lang) if f"nav.{key}" in g.ui else key
            out.append({_title(title): expand_nav(children, g, lang) if isinstance(children, list) else children})
        else:
            out.append(entry)
    return out


def build_stamp(g: Guideline, repo_dir: Path) -> exports.Stamp:
    """Version, date (SOURCE_DATE_EPOCH for reproducible builds) and commit stamped on downloads."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = datetime.fromtimestamp(int(epoch), tz=UTC).date() if epoch else date.today()
    try:
        commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=repo_dir, capture_output=True,
                                text=True, timeout=10).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return exports.Stamp(version=g.meta.version, generated=day, commit=commit)


def downloads(g: Guideline, lang: str, stamp: exports.Stamp) -> dict[str, bytes]:
    """Download files of one edition, by site path."""
    return {f"downloads/{name}": content for name, content in exports.downloads(g, lang, stamp).items()}


# File sizes of each edition's downloads, noted by generated_files for the downloads page.
_download_sizes: dict[tuple[int, str], dict[str, int]] = {}


def file_size(size: int | None) -> str:
    if size is None:
        return "—"
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} KB"


def downloads_table(g: Guideline, lang: str, page_path: str, docs_dir: Path | None = None) -> str:
    """The downloads page's table: each file with what it is and its size; the whole guideline first,
    as it is what most visitors come for. Sizes are those of the files this process generated, or,
    in a folder written by `guideline generate`, of the files already under docs_dir/downloads/."""
    sizes = dict(_download_sizes.get((id(g), lang), {}))
    if docs_dir is not None and (docs_dir / "downloads").is_dir():
        sizes.update({f.name: f.stat().st_size for f in (docs_dir / "downloads").iterdir()
                      if f.is_file() and f.name not in sizes})
    slug = exports.municipality_slug(g)
    files = [] if documents.skipped() else [
        (documents.filename(g, kind, lang), g.text(f"document.{kind}", lang)) for kind in documents.KINDS]
    files += [(exports.filename(kind, r.id, slug), g.text(f"downloads.{kind}", lang, role=r.name[lang]))
              for r in g.roles for kind in ("xlsx", "csv")]
    files += [(exports.filename(kind), g.text(f"downloads.{kind}", lang)) for kind in ("json", "schema")]
    return Renderer(g, lang).downloads_table(page_path, [(name, text, file_size(sizes.get(name)))
                                                         for name, text in files])
