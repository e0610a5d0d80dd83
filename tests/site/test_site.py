"""The built site: a strict build of both editions, checked page by page."""
import html
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from openpyxl import load_workbook
from ruamel.yaml import YAML

from guideline import exports
from guideline.loader import load_guideline

from tests.conftest import PROJECT, ROOT, build, copy_data, make_dataset

G = PROJECT


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def ids_on(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


# --- every record on its pages -----------------------------------------------------------------

CMS = G.countermeasures()


@pytest.mark.parametrize("cm", CMS, ids=[c.id for c in CMS])
def test_countermeasure_is_on_its_role_page_only(built, cm):
    for prefix in ("", "en/"):
        own = ids_on(page(built, f"{prefix}roles/{cm.role_id}"))
        assert cm.id in own
        for other in G.roles:  # as an element; the page's rename table may name any ID as data
            if other.id != cm.role_id:
                assert cm.id not in ids_on(page(built, f"{prefix}roles/{other.id}"))


@pytest.mark.parametrize("sub_item", G.sub_items, ids=[s.id for s in G.sub_items])
def test_sub_item_page_shows_content_and_both_roles(built, sub_item):
    for prefix, lang in (("", "ja"), ("en/", "en")):
        html = page(built, f"{prefix}principles/{sub_item.principle_id.lower()}/{sub_item.id.lower()}")
        found = ids_on(html)
        expected = {r.id for role in G.roles for r in [*G.sheet(sub_item.id, role.id).risks,
                                                          *G.sheet(sub_item.id, role.id).countermeasures]}
        assert expected <= found
        assert html.count('class="tabbed-block"') == len(G.roles)
        assert f'<html lang="{lang}"' in html
        assert sub_item.title[lang] in html


@pytest.mark.parametrize("sub_item", G.sub_items, ids=[s.id for s in G.sub_items])
def test_sub_item_id_is_shown_to_copy_on_its_page_and_on_each_role_page(built, sub_item):
    shown = re.compile(r'<p class="gl-record-id"[^>]*>.*?<code class="gl-record-id__code">([^<]+)</code>.*?'
                       r'data-copy="([^"]+)"', re.S)
    for prefix in ("", "en/"):
        own = page(built, f"{prefix}principles/{sub_item.principle_id.lower()}/{sub_item.id.lower()}")
        assert (sub_item.id, sub_item.id) in shown.findall(own)
        for role in G.roles:
            assert (sub_item.id, sub_item.id) in shown.findall(page(built, f"{prefix}roles/{role.id}"))


def primary_nav(html: str) -> str:
    """The site navigation of a page (not its content, not its table of contents)."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start:html.index('<div class="md-sidebar md-sidebar--secondary"', start)]


def nav_targets(site: Path, path: str) -> set[str]:
    """Site paths the navigation of the page at `path` links to."""
    nav = primary_nav(page(site, path))
    base = f"http://site/{path.strip('/')}/" if path.strip("/") else "http://site/"
    return {urlparse(urljoin(base, href)).path.lstrip("/") for href in re.findall(r'href="([^"#]+)"', nav)}


def test_navigation_lists_every_principle_and_sub_item(built):
    """The navigation is pruned to the open branch (navigation.prune): on a sub-item's page it
    lists every principle and every sub-item of that principle; on the home page, both roles."""
    for prefix, lang in (("", "ja"), ("en/", "en")):
        for p in G.principles:
            path = f"{prefix}principles/{p.id.lower()}/{p.sub_items[0].id.lower()}"
            targets = nav_targets(built, path)
            for other in G.principles:
                assert f"{prefix}principles/{other.id.lower()}/" in targets, other.id
            for s in p.sub_items:
                assert f"{prefix}principles/{p.id.lower()}/{s.id.lower()}/" in targets, s.id
                assert s.title[lang] in html.unescape(primary_nav(page(built, path)))
        targets = nav_targets(built, prefix + "roles/provider")
        for r in G.roles:
            assert f"{prefix}roles/{r.id}/" in targets


def test_each_edition_has_its_own_search_index(built):
    ja = json.loads((built / "search" / "search_index.json").read_text())
    en = json.loads((built / "en" / "search" / "search_index.json").read_text())
    assert ja["config"]["lang"] == ["ja"] and en["config"]["lang"] == ["en"]
    def role_page_text(index):
        return " ".join(d["text"] for d in index["docs"] if d["location"].startswith("roles/user/"))

    for cm in G.countermeasures("user"):
        assert cm.text.ja[:20] in role_page_text(ja) and cm.text.ja[:20] not in role_page_text(en), cm.id
        assert cm.text.en[:30] in role_page_text(en), cm.id


def test_overview_counts_match_the_data(built):
    html = page(built, "overview")
    total = len(G.countermeasures("provider"))
    assert f"<strong>{total}</strong>" in html


# --- language switch ---------------------------------------------------------------------------

def html_pages(site: Path):
    return [p for p in site.rglob("index.html")]


def test_language_switch_stays_on_the_same_page(built):
    checked = 0
    for path in html_pages(built):
        rel = path.relative_to(built).as_posix()
        in_english = rel.startswith("en/")
        html = path.read_text(encoding="utf-8")
        assert f'<html lang="{"en" if in_english else "ja"}"' in html, rel  # every page says its language
        links = dict(re.findall(r'<a href="([^"]*)" hreflang="(ja|en)"', html))
        assert set(links.values()) == {"ja", "en"}, rel
        for href, lang in links.items():
            target = urlparse(urljoin(f"http://site/{rel}", href)).path.lstrip("/")
            expected = rel if (lang == "en") == in_english else (rel[3:] if in_english else f"en/{rel}")
            assert target.replace("index.html", "") == expected.replace("index.html", ""), (rel, href)
            assert (built / target / "index.html").exists() or (built / target).is_file(), (rel, href)
        checked += 1
    assert checked > 2 * len(G.sub_items)


# --- nothing from other hosts ---------------------------------------------------------------

# What a page loads: scripts, images, frames, media and stylesheets or icons. Links that name a page
# (rel="canonical", "prev", "next", "alternate") are not loaded; a fork's canonical URL is on its own host.
RESOURCE = re.compile(r'<(?:script|img|iframe|source|audio|video)\b[^>]*\bsrc="([^"]+)"'
                      r'|<link\b(?![^>]*\brel="(?:canonical|prev|next|alternate)")[^>]*\bhref="([^"]+)"')


def test_pages_load_nothing_from_other_hosts(built):
    for path in html_pages(built):
        for src, href in RESOURCE.findall(path.read_text(encoding="utf-8")):
            url = src or href
            assert not urlparse(url).netloc and not url.startswith("//"), (path, url)
    for css in built.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        assert not re.search(r"(@import|url\()\s*['\"]?(https?:)?//", text), css


# --- data drives the site --------------------------------------------------------------------

def test_adding_data_needs_no_edit_under_docs(tmp_path):
    data = copy_data(tmp_path / "data")
    yaml = YAML()  # round-trip, as an editor's change would be
    sheets = yaml.load(data / "checksheets.yaml")
    entry = next(e for e in sheets["checksheets"] if e["sub_item"] == "P03-1")
    entry["roles"]["user"]["countermeasures"].append(
        {"id": "P03-1-USER-99", "text": {"ja": "新しく追加した対策", "en": "A newly added countermeasure"}})
    yaml.dump(sheets, data / "checksheets.yaml")
    assert load_guideline(data).sheet("P03-1", "user").countermeasures[-1].id == "P03-1-USER-99"

    out = tmp_path / "site"
    result = build(out, data, langs=("ja",))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "P03-1-USER-99" in ids_on(page(out, "roles/user"))
    assert "P03-1-USER-99" in ids_on(page(out, "principles/p03/p03-1"))
    assert "P03-1-USER-99" not in ids_on(page(out, "roles/provider"))
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("新しく追加した対策" in d["text"] for d in index["docs"])
    assert f"<strong>{len(load_guideline(data).countermeasures('user'))}</strong>" in page(out, "overview")


def test_adding_a_sub_item_adds_a_page_and_a_nav_entry(tmp_path):
    data = make_dataset(tmp_path / "data")
    principles = (data / "principles.yaml").read_text(encoding="utf-8")
    principles += ("      - id: P01-3\n        title:\n          ja: 追加の項目\n          en: An added item\n"
                   "        content:\n          - ja: 追加の内容\n            en: Added content\n")
    (data / "principles.yaml").write_text(principles, encoding="utf-8")
    sheets = (data / "checksheets.yaml").read_text(encoding="utf-8")
    for role, code in (("provider", "PROV"), ("user", "USER")):
        sheets += "" if role == "user" else "  - sub_item: P01-3\n    roles:\n"
        sheets += (f"      {role}:\n        risks:\n          - id: P01-3-{code}-R01\n            text:\n"
                   f"              ja: 追加のリスク\n              en: Added risk\n        countermeasures:\n"
                   f"          - id: P01-3-{code}-01\n            text:\n              ja: 追加の対策\n"
                   f"              en: Added countermeasure\n")
    (data / "checksheets.yaml").write_text(sheets, encoding="utf-8")
    out = tmp_path / "site"
    result = build(out, data)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "P01-3-PROV-01" in ids_on(page(out, "en/principles/p01/p01-3"))
    assert "en/principles/p01/p01-3/" in nav_targets(out, "en/principles/p01/p01-1")
    assert "An added item" in html.unescape(primary_nav(page(out, "en/principles/p01/p01-1")))


# --- bad data never makes a site ---------------------------------------------------------------

def test_bad_data_stops_the_build_with_file_line_and_id(tmp_path):
    data = make_dataset(tmp_path / "data", ROOT / "tests" / "fixtures" / "invalid" / "duplicate-id")
    out = tmp_path / "site"
    result = build(out, data)
    assert result.returncode != 0
    assert "checksheets.yaml:21: [P01-1-PROV-01] duplicate ID" in result.stderr
    assert not out.exists()


def test_hostile_but_valid_data_comes_out_as_text(tmp_path):
    data = make_dataset(tmp_path / "data")
    sheets = (data / "checksheets.yaml").read_text(encoding="utf-8")
    sheets = sheets.replace("en: Provider countermeasure\n",
                            'en: "[click me](javascript:alert(1)) *loud* ` tick & amp; onmouseover=alert(1)"\n', 1)
    (data / "checksheets.yaml").write_text(sheets, encoding="utf-8")
    out = tmp_path / "site"
    result = build(out, data, langs=("en",))
    assert result.returncode == 0, result.stderr[-3000:]
    html = page(out / "en", "roles/provider")
    assert 'href="javascript:' not in html and "<em>loud</em>" not in html
    assert "[click me](javascript&#58;alert(1))" in html.replace("&#91;", "[").replace("&#93;", "]")


def test_glossary_terms_show_their_definition_on_hover(built):
    drift = next(t for t in G.terms if t.id == "data-drift")
    for prefix, lang in (("", "ja"), ("en/", "en")):
        html = page(built, f"{prefix}principles/p03/p03-1")
        titles = re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', html)
        assert any(text.casefold() in [s.casefold() for s in drift.surfaces(lang)] for _, text in titles)
        glossary = page(built, f"{prefix}glossary")
        assert f'id="term-{drift.id}"' in glossary


def renamed_dataset(target: Path) -> Path:
    """Version 1.1.0 of the minimal data: P01-1-PROV-01 renamed to P01-1-PROV-02; P01-2-PROV-02 removed."""
    data = make_dataset(target)
    for name, old, new in (("checksheets.yaml", "id: P01-1-PROV-01\n", "id: P01-1-PROV-02\n"),
                           ("editorial_notes.yaml", "refs: [P01-1-PROV-01]", "refs: [P01-1-PROV-02]"),
                           ("guideline.yaml", "version: 1.0.0", "version: 1.1.0")):
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    (data / "changes.yaml").write_text(
        'versions:\n  - version: 1.1.0\n    date: "2026-12-01"\n    summary: {ja: 改訂, en: Revision}\n'
        '    added: []\n    changed: []\n    removed: [P01-2-PROV-02]\n    renamed: {P01-1-PROV-01: P01-1-PROV-02}\n'
        + (data / "changes.yaml").read_text(encoding="utf-8").split("versions:\n", 1)[1], encoding="utf-8")
    return data


def test_renamed_and_removed_ids_still_resolve(tmp_path):
    data = renamed_dataset(tmp_path / "data")
    out = tmp_path / "site"
    result = build(out, data, langs=("ja",))
    assert result.returncode == 0, result.stderr[-3000:]
    role = page(out, "roles/provider")
    # The old ID is an anchor on the renamed record, so old links land on it.
    item = role[role.rindex("<li", 0, role.index('id="P01-1-PROV-02"')):]
    assert item.index('id="P01-1-PROV-01"') < item.index("</li>")
    # A removed ID is an anchor that says it was removed, on the role page and in the changelog.
    assert re.search(r'<li id="P01-2-PROV-02">[^<]*P01-2-PROV-02[^<]*1\.1\.0', role)
    changelog = page(out, "changelog")
    assert 'id="v1-1-0"' in changelog and '<span id="P01-2-PROV-02">' in changelog
    assert '<span id="P01-1-PROV-01">P01-1-PROV-01</span> →' in changelog
    # Saved checklists: the checklist script is told how to move answers to the new ID.
    assert '"renamed": {"P01-1-PROV-01": "P01-1-PROV-02"}' in role


# --- downloads ----------------------------------------------------------------------------------

def test_downloads_are_in_both_editions_of_the_built_site(built):
    for prefix, lang in (("", "ja"), ("en/", "en")):
        folder = built / prefix / "downloads"
        names = {p.name for p in folder.iterdir() if p.is_file()}
        slug = exports.municipality_slug(G)
        expected = {exports.filename(kind, r.id, slug) for r in G.roles for kind in ("xlsx", "csv")}
        assert expected | {exports.filename("json"), exports.filename("schema")} <= names
        wb = load_workbook(folder / exports.filename("xlsx", "user", slug))
        assert wb.worksheets[0].title == G.text("sheet.checklist", lang)
        page = (built / prefix / "roles" / "provider" / "index.html").read_text(encoding="utf-8")
        assert f'href="../../downloads/{exports.filename("xlsx", "provider", slug)}"' in page
