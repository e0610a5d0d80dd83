"""`guideline generate`: each edition as a folder of Markdown plus a complete config (guideline/generate.py).

A stock `mkdocs build` of that folder must give the site the hooks-based build gives, page for page;
Zensical (pinned: see ZENSICAL_PIN in tests/engines.py) must build the same folder into a site with the same pages, the
same IDs on each page, the same navigation, content links and glossary tooltips.

Known differences of Zensical 0.0.73 (checked below where they show in the output):
- `hooks:` is ignored, so hooks_material.py's fix of Material's Japanese search worker does not
  apply; Zensical ships its own search worker (and no lunr language files).
- search: `separator` is kept; `lang` is passed on but its worker has no Japanese stemmer/segmenter,
  and the field boosts (`fields: title: boost: 3`) and the page boosts in front matter are dropped.
- the search dialog's texts are in English only (its templates have no Japanese strings for it).
- every page has one more ID, `__skip` (the target of its skip link).
- the assets differ (its own bundle and stylesheets); the theme's "classic" variant is chosen in the
  generated config so that it looks like Material.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from guideline import generate, site
from guideline.loader import load_guideline
from guideline.model import Guideline
from tests.conftest import DATA, FORK, PROJECT, ROOT
from tests.engines import LANGS, generate_editions, mkdocs_build, run, zensical_build

G = PROJECT  # this checkout as it builds (a fork's overlay included), as the `built` site is
# An ID Zensical adds to every page: the target of its "skip to content" link.
ZENSICAL_EXTRA_IDS = {"__skip"}


def edition(site_dir: Path, lang: str) -> Path:
    """The folder of one edition in a site built by scripts/build_site.py (English under en/)."""
    return site_dir / "en" if lang == "en" else site_dir


def files_of(site_dir: Path, lang: str) -> set[str]:
    """Every file of one edition, by site path (the Japanese edition without the English one under en/)."""
    return {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")
            if p.is_file() and not (lang == "ja" and p.relative_to(site_dir).parts[0] == "en")}


def pages_of(site_dir: Path, lang: str) -> set[str]:
    return {f for f in files_of(site_dir, lang) if f.endswith(".html")}


def page_file(source: str) -> str:
    """Where a page's source (under docs/) ends up in the site: roles/user.md -> roles/user/index.html."""
    stem = source.removesuffix(".md").removesuffix("index")
    return f"{stem}/index.html".lstrip("/").replace("//", "/")


def expected_pages(g: Guideline, lang: str) -> list[str]:
    """Every page of an edition, derived from docs/ and the data (a fork's hidden pages left out)."""
    sources = {p.relative_to(ROOT / "docs" / lang).as_posix() for p in (ROOT / "docs" / lang).rglob("*.md")}
    return sorted(page_file(s) for s in (sources - site.hidden_pages(g)) | set(site.pages(g, lang)))


def ids_on(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def nav_of(html: str, page: str) -> list[tuple[str, str]]:
    """The site navigation of a page: (target site path, title) of each link, in order."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    nav = html[start:html.index('<div class="md-sidebar md-sidebar--secondary"', start)]
    base = "http://site/" + page.removesuffix("index.html")
    return [(urlparse(urljoin(base, href)).path, re.sub(r"<[^>]+>|\s+", " ", title).strip())
            for href, title in re.findall(r'<a href="([^"#]*)"[^>]*>(.*?)</a>', nav, re.S)]


def content_links(html: str, page: str) -> list[str]:
    """Where the links in a page's content lead (site paths with their #anchors), in order."""
    content = html[html.index("<article"):html.index("</article>")]
    base = "http://site/" + page.removesuffix("index.html")
    return [urljoin(base, href).removeprefix("http://site/")
            for href in re.findall(r'<a [^>]*href="([^"]+)"', content) if not href.startswith("#")]


def tooltips_on(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', html)


def record_ids(g: Guideline) -> set[str]:
    return ({p.id for p in g.principles} | {s.id for s in g.sub_items} | {r.id for r in g.risks()}
            | {c.id for c in g.countermeasures()} | {f"term-{t.id}" for t in g.terms})


# --- the generated folder ----------------------------------------------------------------------

@pytest.mark.zensical
@pytest.mark.parametrize("lang", LANGS)
def test_generated_folder_needs_no_project_hooks(generated, lang):
    folder = generated[lang]
    config = generate.read_config(folder / "mkdocs.yml")
    assert config.get("hooks", []) == [generate.MATERIAL_HOOKS]  # Material's workaround only
    assert config["docs_dir"] == "docs" and config["site_dir"] == "site"  # relative, inside: as Zensical needs
    assert config["theme"]["custom_dir"] == "overrides" and (folder / "overrides" / "main.html").is_file()
    assert config["plugins"]["macros"]["modules"] == ["guideline.macros"]
    extensions = {next(iter(e)): e[next(iter(e))] for e in config["markdown_extensions"] if isinstance(e, dict)}
    surfaces = {s.casefold() for t in G.terms if t.annotate for s in t.surfaces(lang)}
    assert set(extensions["guideline.markdown_glossary"]["tooltips"]) == surfaces
    for path, content in site.pages(G, lang).items():
        assert (folder / "docs" / path).read_text(encoding="utf-8") == content, path
    assert config["site_name"] == site.site_name(G, lang)


def test_generate_refuses_to_empty_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(generate.GenerateError, match="not empty"):
        generate.generate(ROOT, "ja", tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# --- a stock MkDocs build of it: the same site as the hooks-based build ------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_mkdocs_builds_the_same_files(built, mkdocs_sites, lang):
    assert files_of(mkdocs_sites[lang], lang) == files_of(edition(built, lang), lang)
    assert pages_of(mkdocs_sites[lang], lang) >= set(expected_pages(G, lang))


@pytest.mark.parametrize("lang,page", [(lang, p) for lang in LANGS for p in expected_pages(G, lang)],
                         ids=[f"{lang}:{p}" for lang in LANGS for p in expected_pages(G, lang)])
def test_mkdocs_builds_the_same_page(built, mkdocs_sites, lang, page):
    """Byte for byte: content, every record ID, navigation, tooltips."""
    ours = (mkdocs_sites[lang] / page).read_text(encoding="utf-8")
    theirs = (edition(built, lang) / page).read_text(encoding="utf-8")
    assert ours == theirs


@pytest.mark.parametrize("lang", LANGS)
def test_mkdocs_builds_the_same_search_index(built, mkdocs_sites, lang):
    ours, theirs = (json.loads((s / "search" / "search_index.json").read_text(encoding="utf-8"))
                    for s in (mkdocs_sites[lang], edition(built, lang)))
    assert ours["config"] == theirs["config"]
    # Generated pages come after docs/ in the hooks-based build, in path order in the folder.
    assert sorted(ours["docs"], key=json.dumps) == sorted(theirs["docs"], key=json.dumps)


def test_a_fork_generates_the_same_site(fork_built, mkdocs_fork_sites):
    """A fork's overlay (own pages, logo, site_url, contacts): the same as scripts/build_site.py gives."""
    for lang, ours in mkdocs_fork_sites.items():
        theirs = edition(fork_built, lang)
        assert files_of(ours, lang) == files_of(theirs, lang)
        different = [p for p in sorted(pages_of(ours, lang))
                     if (ours / p).read_bytes() != (theirs / p).read_bytes()]
        assert not different, f"{lang}: pages that differ: {different}"


# --- Zensical ---------------------------------------------------------------------------------

@pytest.mark.zensical
@pytest.mark.parametrize("lang", LANGS)
def test_zensical_builds_the_same_pages(zensical_sites, mkdocs_sites, lang):
    assert pages_of(zensical_sites[lang], lang) == pages_of(mkdocs_sites[lang], lang)
    assert pages_of(zensical_sites[lang], lang) >= set(expected_pages(G, lang))
    # The downloads are part of the folder: any engine copies them.
    assert {f for f in files_of(zensical_sites[lang], lang) if f.startswith("downloads/")} == \
           {f for f in files_of(mkdocs_sites[lang], lang) if f.startswith("downloads/")}


@pytest.mark.zensical
@pytest.mark.parametrize("lang,page", [(lang, p) for lang in LANGS for p in expected_pages(G, lang)],
                         ids=[f"{lang}:{p}" for lang in LANGS for p in expected_pages(G, lang)])
def test_zensical_page_has_the_same_ids_nav_links_and_tooltips(zensical_sites, mkdocs_sites, lang, page):
    ours = (zensical_sites[lang] / page).read_text(encoding="utf-8")
    material = (mkdocs_sites[lang] / page).read_text(encoding="utf-8")
    assert ids_on(ours) - ZENSICAL_EXTRA_IDS == ids_on(material)
    assert nav_of(ours, page) == nav_of(material, page)
    assert tooltips_on(ours) == tooltips_on(material)
    assert content_links(ours, page) == content_links(material, page)  # macros see the right page path
    assert f'<html lang="{lang}"' in ours
    assert "feed_rss" not in ours  # overrides/main.html's rss guard holds under Zensical


@pytest.mark.zensical
@pytest.mark.parametrize("lang", LANGS)
def test_zensical_site_has_every_record(zensical_sites, lang):
    found = set().union(*(ids_on((zensical_sites[lang] / p).read_text(encoding="utf-8"))
                          for p in pages_of(zensical_sites[lang], lang)))
    assert record_ids(G) <= found


@pytest.mark.zensical
@pytest.mark.parametrize("lang", LANGS)
def test_zensical_search_keeps_the_separator_but_not_the_boosts(zensical_sites, mkdocs_sites, lang):
    """Known differences: checked so that a Zensical upgrade that keeps the boosts shows up here."""
    ours = json.loads((zensical_sites[lang] / "search.json").read_text(encoding="utf-8"))
    material = json.loads((mkdocs_sites[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert ours["config"]["separator"] == material["config"]["separator"]
    assert "fields" in material["config"] and "fields" not in ours["config"]
    assert any("boost" in doc for doc in material["docs"])  # the sub-item pages' front matter
    assert not any("boost" in item for item in ours["items"])


@pytest.mark.zensical
def test_zensical_builds_a_forks_site(generated_fork, mkdocs_fork_sites):
    """A fork's own pages, contacts, local rules and logo come through Zensical too."""
    for lang, folder in generated_fork.items():
        ours = zensical_build(folder)
        material = mkdocs_fork_sites[lang]
        assert pages_of(ours, lang) == pages_of(material, lang)
        assert any(p.startswith("municipality/") for p in pages_of(ours, lang))
        assert {f for f in files_of(ours, lang) if f.startswith("assets/municipality/")} == \
               {f for f in files_of(material, lang) if f.startswith("assets/municipality/")} != set()
        for page in sorted(pages_of(material, lang)):
            html = (ours / page).read_text(encoding="utf-8")
            assert ids_on(html) - ZENSICAL_EXTRA_IDS == ids_on((material / page).read_text(encoding="utf-8")), page
