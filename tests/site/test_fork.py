"""A municipality's fork: the example overlay in tests/fixtures/fork/municipality/.

It has a name, an AI officer, an inquiry form, two local rules, one omission and one extra page.
The local rules must appear, marked as the municipality's own, on every view and download; the
omission must show its reason; a broken overlay must stop the build with file, line and ID.
"""
import csv
import io
from html import unescape
import json
import re
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from ruamel.yaml import YAML

from guideline import exports
from guideline.errors import DataError
from guideline.loader import load_guideline

from tests.conftest import DATA, EXAMPLE_FORK, FIXTURES, FORK, IS_FORK, ROOT, build_fork

LOCAL = {"L-P05-1-USER-01": ("P05-1", "user"), "L-P06-1-PROV-01": ("P06-1", "provider")}
OMITTED = next(o["id"] for o in YAML(typ="safe").load((FORK / "municipality.yaml").read_text(encoding="utf-8"))
               ["omissions"])  # the example fork's omission, as its overlay names it
EDITIONS = [("", "ja"), ("en/", "en")]


@pytest.fixture(scope="module")
def fork_site(fork_built):
    return fork_built


def html(site: Path, path: str) -> str:
    """A built page, with character references decoded (data strings are written as entities)."""
    return unescape((site / path / "index.html").read_text(encoding="utf-8"))


def li(page: str, record_id: str) -> str:
    """The HTML of one list item (risk or countermeasure) by its ID, nested lists included."""
    start = page.rindex("<li", 0, page.index(f'id="{record_id}"'))
    depth, position = 0, start
    for tag in re.finditer(r"<(/?)li\b", page[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            position = start + tag.end()
            break
    return page[start:position]


G = EXAMPLE_FORK
SLUG = exports.municipality_slug(G)  # the fork's downloads carry its name


def test_the_overlay_is_applied_to_the_model():
    assert G.municipality.name.ja == "見本市"
    assert G.sheet("P05-1", "user").countermeasures[-1].id == "L-P05-1-USER-01"
    assert G.sheet("P05-1", "user").countermeasures[-1].local
    assert next(c for c in G.countermeasures("provider") if c.id == OMITTED).omitted.ja.startswith("見本市では")


@pytest.mark.skipif(IS_FORK, reason="this checkout is a fork: it has its own municipality/ overlay")
def test_upstream_has_no_overlay():
    upstream = load_guideline(DATA, overlay_dir=ROOT / "municipality")
    assert upstream.municipality is None
    assert not any(c.local for c in upstream.countermeasures())


@pytest.mark.parametrize("rule_id", LOCAL)
@pytest.mark.parametrize("prefix,lang", EDITIONS)
def test_local_rule_is_marked_on_its_sub_item_page_and_role_page(fork_site, rule_id, prefix, lang):
    sub_item, role = LOCAL[rule_id]
    badge = G.text("local.badge", lang)
    item = li(html(fork_site, f"{prefix}principles/{sub_item[:3].lower()}/{sub_item.lower()}"), rule_id)
    assert 'class="gl-local"' in item and badge in item
    on_role_page = li(html(fork_site, f"{prefix}roles/{role}"), rule_id)
    assert badge in on_role_page
    assert f'fieldset class="gl-check" data-search-exclude data-cm-id="{rule_id}"' in on_role_page  # checklist
    other = "user" if role == "provider" else "provider"
    assert rule_id not in html(fork_site, f"{prefix}roles/{other}")


@pytest.mark.parametrize("prefix,lang", EDITIONS)
def test_local_rules_and_the_omission_are_in_every_download(fork_site, prefix, lang):
    folder = fork_site / prefix / "downloads"
    for rule_id, (_, role) in LOCAL.items():
        rows = list(csv.DictReader(io.StringIO((folder / exports.filename("csv", role, SLUG)).read_bytes().decode("utf-8-sig"))))
        row = next(r for r in rows if r[G.text("column.id", lang)] == rule_id)
        assert row[G.text("column.origin", lang)] == G.text("origin.local", lang)
        ws = load_workbook(folder / exports.filename("xlsx", role, SLUG)).worksheets[0]
        values = [c for row in ws.iter_rows(values_only=True) for c in row]
        assert rule_id in values and G.text("origin.local", lang) in values
    rows = list(csv.DictReader(io.StringIO((folder / exports.filename("csv", "provider", SLUG)).read_bytes().decode("utf-8-sig"))))
    omitted = next(r for r in rows if r[G.text("column.id", lang)] == OMITTED)
    assert omitted[G.text("column.omitted", lang)].startswith("見本市では" if lang == "ja" else "Mihon City")
    assert omitted[G.text("column.status", lang)] == G.text("status.na", lang)
    document = json.loads((folder / "guideline.json").read_text(encoding="utf-8"))
    assert document["municipality"]["name"]["ja"] == "見本市"
    records = {c["id"]: c for p in document["principles"] for s in p["sub_items"] for r in s["roles"].values()
               for c in r["countermeasures"]}
    assert all(records[rule_id]["local"] is True for rule_id in LOCAL)
    assert records[OMITTED]["omitted"]["en"].startswith("Mihon City")


@pytest.mark.parametrize("prefix,lang", EDITIONS)
def test_the_omission_shows_its_reason_and_has_no_checkbox(fork_site, prefix, lang):
    for path in ("principles/p06/p06-1", "roles/provider"):
        item = li(html(fork_site, prefix + path), OMITTED)
        assert "gl-cm--omitted" in item
        assert G.text("omitted.label", lang).replace("{municipality}", G.municipality.name[lang]) in item
        reason = next(c for c in G.countermeasures("provider") if c.id == OMITTED).omitted[lang]
        assert reason in re.sub(r"<[^>]+>", "", item)  # glossary terms in it carry <abbr> tags
        assert "<fieldset" not in item


@pytest.mark.parametrize("prefix,lang", EDITIONS)
def test_officer_and_inquiry_form_appear_where_the_guideline_asks_and_on_the_home_page(fork_site, prefix, lang):
    officer, inquiry = "ai-officer@mihon-city.example.jp", "https://mihon-city.example.jp/ai-inquiry/"
    assert officer in html(fork_site, prefix + "principles/p08/p08-1")
    assert inquiry in html(fork_site, prefix + "principles/p07/p07-2")
    assert inquiry in html(fork_site, prefix + "principles/p09/p09-2")
    home = html(fork_site, prefix)
    assert officer in home and inquiry in home
    assert officer not in html(fork_site, prefix + "principles/p01/p01-1")


@pytest.mark.parametrize("prefix,lang", EDITIONS)
def test_identity_logo_site_url_and_extra_page(fork_site, prefix, lang):
    home = html(fork_site, prefix)
    assert f"<title>{G.meta.title[lang]} — {G.municipality.name[lang]}</title>" in home
    assert (fork_site / prefix / "assets" / "municipality" / "logo.svg").is_file()
    assert 'src="assets/municipality/logo.svg"' in home
    assert f'<link rel="canonical" href="https://mihon-city.example.jp/ai-guideline/{prefix}">' in home
    page = html(fork_site, prefix + "municipality/approved-services")
    assert "LGWAN-ASP" in page
    assert 'href="municipality/approved-services/"' in home  # in the navigation


@pytest.mark.skipif(IS_FORK, reason="this checkout is a fork: municipality/ is its own, tracked folder")
def test_upstream_files_are_untouched_by_a_fork():
    """A fork edits only municipality/: upstream never has that folder, so merges cannot conflict."""
    tracked = subprocess.run(["git", "ls-files", "municipality"], cwd=ROOT, capture_output=True, text=True).stdout
    assert tracked == ""
    assert not (ROOT / "municipality").exists()


BROKEN = sorted(d.name for d in (FIXTURES / "fork-invalid").iterdir())


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_overlay_is_reported_with_file_line_and_id(case, tmp_path):
    overlay = tmp_path / "municipality"
    overlay.mkdir()
    for f in FORK.rglob("*"):
        if f.is_file():
            target = overlay / f.relative_to(FORK)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.read_bytes())
    (overlay / "municipality.yaml").write_bytes((FIXTURES / "fork-invalid" / case / "municipality.yaml").read_bytes())
    expected = YAML(typ="safe").load((FIXTURES / "fork-invalid" / case / "expected.yaml").read_text())
    with pytest.raises(DataError) as raised:
        load_guideline(DATA, overlay_dir=overlay)
    matching = [p for p in raised.value.problems if p.file.endswith("municipality.yaml")
                and p.line == expected["line"] and p.record_id == expected["id"]
                and re.search(expected["message"], p.message)]
    assert matching, "\n".join(map(str, raised.value.problems))


def test_a_broken_overlay_stops_the_build(tmp_path):
    overlay = tmp_path / "municipality"
    overlay.mkdir()
    (overlay / "municipality.yaml").write_bytes(
        (FIXTURES / "fork-invalid" / "omission-of-unknown-id" / "municipality.yaml").read_bytes())
    (overlay / "logo.svg").write_bytes((FORK / "logo.svg").read_bytes())
    (overlay / "pages" / "ja").mkdir(parents=True)
    (overlay / "pages" / "en").mkdir(parents=True)
    for lang in ("ja", "en"):
        (overlay / "pages" / lang / "approved-services.md").write_text("# x\n")
    out = tmp_path / "site"
    result = build_fork(out, overlay)
    assert result.returncode == 1
    assert "municipality.yaml:46: [P06-1-PROV-09] omission of unknown ID" in result.stdout + result.stderr
    assert not out.exists()


def test_a_fork_merges_an_upstream_release_without_conflicts(tmp_path):
    """With real git: upstream and a fork diverge (the fork adds municipality/, upstream revises the
    data, config and docs); merging upstream into the fork has no conflict."""
    def git(*args, cwd):
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.jp", *args], cwd=cwd,
                              capture_output=True, text=True, check=True).stdout

    upstream = tmp_path / "upstream"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(upstream)], check=True)
    fork = tmp_path / "fork"
    subprocess.run(["git", "clone", "-q", str(upstream), str(fork)], check=True)
    # The fork customizes itself the documented way: only municipality/.
    for f in FORK.rglob("*"):
        if f.is_file():
            target = fork / "municipality" / f.relative_to(FORK)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.read_bytes())
    git("add", "municipality", cwd=fork)
    git("commit", "-qm", "Mihon City", cwd=fork)
    # Upstream releases a revision touching data, configuration, docs and code.
    for name, old, new in (("data/checksheets.yaml", "（改訂なし）", ""), ("mkdocs.yml", "strict: true", "strict: true  # revised"),
                           ("docs/ja/index.md", "# 自治体向けAIガバナンスガイドライン", "# 自治体向けAIガバナンスガイドライン（改訂版）"),
                           ("README.md", "# 自治体向け", "# 改訂 自治体向け")):
        path = upstream / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new, 1) if old in text else text + "\n# revised\n", encoding="utf-8")
    git("commit", "-qam", "Upstream release", cwd=upstream)
    git("fetch", "-q", str(upstream), "main:upstream-main", cwd=fork)
    merge = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.jp", "merge", "--no-edit",
                            "upstream-main"], cwd=fork, capture_output=True, text=True)
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert "CONFLICT" not in merge.stdout
    assert (fork / "municipality" / "municipality.yaml").exists()
    assert "（改訂版）" in (fork / "docs/ja/index.md").read_text(encoding="utf-8")
