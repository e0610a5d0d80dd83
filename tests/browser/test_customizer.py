"""The customizer page (自治体版をつくる) in Chromium: the overlay it writes builds, it reads back
what it wrote, bad input is said next to the field and loses nothing, work survives tabs and
failed saves, and the page is accessible, keyboard usable, and works from disk."""
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from openpyxl import load_workbook
from ruamel.yaml import YAML

from guideline import exports, overlay_zip
from guideline.loader import load_guideline
from tests.conftest import DATA, FORK, ROOT, build_fork

from .conftest import serve
from .test_pages import axe_problems

PAGE = "customize/"
VENDOR = ROOT / "overrides/assets/javascripts/vendor"


@pytest.fixture(scope="module")
def server(upstream_built):
    """Upstream's site: the customizer is upstream's tool, which a fork may hide (see upstream_built)."""
    with serve(upstream_built) as url:
        yield url


def yaml_load(text: str):
    return YAML(typ="safe").load(text)


def plain(html: str) -> str:
    """A page's text, without its tags (glossary terms are wrapped in <abbr>)."""
    return re.sub(r"<[^>]+>", "", html)


def ui(guideline, key: str, lang: str = "ja", **values) -> str:
    text = guideline.ui[f"customizer.{key}"][lang]
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


@pytest.fixture
def customizer(page, server):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: d.accept())
    page.goto(server + PAGE)
    page.wait_for_selector("#gl-cz-app:not([hidden])")
    page.requests = requests
    return page


def error_of(page, field_selector: str) -> str:
    """The message shown next to a field (its aria-describedby error slot), or ''."""
    return page.evaluate("""(selector) => {
        const field = document.querySelector(selector);
        const ids = (field.getAttribute('aria-describedby') || '').split(' ');
        const slot = document.getElementById(ids[ids.length - 1]);
        return slot && !slot.hidden ? slot.textContent : '';
    }""", field_selector)


def row(page, section: str, n: int = 1) -> str:
    return f"#gl-cz-{section} > li:nth-child({n})"


def export(page, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.click("#gl-cz-export")
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def load_zip(page, path: Path) -> None:
    page.set_input_files("#gl-cz-load-file", str(path))


def zip_folder(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                z.write(p, "municipality/" + p.relative_to(folder).as_posix())
    return archive


# --- customizer -> ZIP -> municipality/ -> the build ---------------------------------------------

def test_what_the_customizer_writes_builds_into_the_fork_site(customizer, guideline, tmp_path):
    page, g = customizer, guideline
    user = next(r for r in g.roles if r.id == "user")
    omitted = g.countermeasures("user")[0]
    omitted_risk = g.risks()[0]
    rule_item, en_rule_item = g.sub_items[0], g.sub_items[-1]
    page.fill("#gl-cz-name-ja", "試験町")
    page.fill("#gl-cz-name-en", "Shiken Town")
    page.fill("#gl-cz-ai_officer-title-ja", "AI活用責任者")
    page.fill("#gl-cz-ai_officer-title-en", "AI officer")
    page.fill("#gl-cz-ai_officer-name-ja", "総務課長 試験 太郎")
    page.fill("#gl-cz-ai_officer-name-en", "Taro Shiken")
    page.fill("#gl-cz-ai_officer-email", "ai@shiken.example.jp")

    page.click("#gl-cz-add-omission")
    page.select_option(row(page, "omissions") + " select", omitted.id)
    page.fill(row(page, "omissions") + " textarea >> nth=0", "試験町では該当する業務がないため")
    page.fill(row(page, "omissions") + " textarea >> nth=1", "Shiken Town has no such work.")
    page.click("#gl-cz-add-omission")
    page.select_option(row(page, "omissions", 2) + " select", omitted_risk.id)
    page.fill(row(page, "omissions", 2) + " textarea >> nth=0", "リスクの理由")
    page.fill(row(page, "omissions", 2) + " textarea >> nth=1", "Reason for the risk")

    page.click("#gl-cz-add-rule")  # Japanese only
    page.select_option(row(page, "rules") + " select >> nth=0", rule_item.id)
    page.select_option(row(page, "rules") + " select >> nth=1", user.id)
    page.fill(row(page, "rules") + " textarea >> nth=0", "生成AIの回答は必ず職員が確認すること")
    page.fill(row(page, "rules") + " textarea >> nth=2", "出典を確かめる\n数字を確かめる")
    page.click("#gl-cz-add-rule")  # both languages, with an example
    page.select_option(row(page, "rules", 2) + " select >> nth=0", en_rule_item.id)
    page.select_option(row(page, "rules", 2) + " select >> nth=1", user.id)
    page.fill(row(page, "rules", 2) + " textarea >> nth=0", "年に一度、利用状況を報告すること")
    page.fill(row(page, "rules", 2) + " textarea >> nth=1", "Report the use of AI once a year.")
    page.fill(row(page, "rules", 2) + " textarea >> nth=4", "庁内掲示板での報告")
    page.fill(row(page, "rules", 2) + " textarea >> nth=5", "A report on the intranet")

    page.click("#gl-cz-add-page")
    page.fill(row(page, "pages") + " input >> nth=0", "contact-list.md")
    page.fill(row(page, "pages") + " input >> nth=1", "相談先の一覧")
    page.fill(row(page, "pages") + " textarea >> nth=0", "困ったときは情報政策課へ。")

    archive = export(page, tmp_path)
    assert page.text_content("#gl-cz-export-message") == ui(g, "zip_ready", file=archive.name)
    with zipfile.ZipFile(archive) as z:
        assert sorted(z.namelist()) == ["municipality/municipality.yaml", "municipality/pages/en/contact-list.md",
                                        "municipality/pages/ja/contact-list.md"]
        document = yaml_load(z.read("municipality/municipality.yaml").decode())
    rule_id = f"L-{rule_item.id}-{user.code}-01"
    en_rule_id = f"L-{en_rule_item.id}-{user.code}-01"
    assert [r["id"] for r in document["local_rules"]] == [rule_id, en_rule_id]
    assert document["local_rules"][0]["text"] == {"ja": "生成AIの回答は必ず職員が確認すること"}
    assert document["local_rules"][0]["sub_points"] == [{"ja": "出典を確かめる"}, {"ja": "数字を確かめる"}]
    assert document["omissions"][0] == {"id": omitted.id, "reason": {"ja": "試験町では該当する業務がないため",
                                                                      "en": "Shiken Town has no such work."}}

    # One command turns the ZIP into municipality/ of a fresh copy; the build passes validation.
    overlay = tmp_path / "fork" / "municipality"
    overlay.parent.mkdir()
    assert overlay_zip.import_overlay(archive, overlay, DATA) == 0
    site = tmp_path / "site"
    result = build_fork(site, overlay, documents=False)  # the fork's documents: tests/unit/test_documents.py
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    role_page = (site / "roles" / "user" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<li class="gl-cm gl-cm--local" id="{rule_id}"', role_page)
    assert "生成AIの回答は必ず職員が確認すること" in plain(role_page) and "出典を確かめる" in plain(role_page)
    assert re.search(rf'<li class="gl-cm gl-cm--omitted" id="{omitted.id}"', role_page)
    assert "試験町では該当する業務がないため" in plain(role_page)
    # The checklist: a rule of its own is to be checked, an omitted countermeasure is not.
    assert f'data-cm-id="{rule_id}" data-principle' in role_page
    assert f'name="status-{omitted.id}"' not in role_page
    en_role_page = plain((site / "en" / "roles" / "user" / "index.html").read_text(encoding="utf-8"))
    assert "生成AIの回答は必ず職員が確認すること" in en_role_page  # Japanese-only: shown in Japanese
    assert "Report the use of AI once a year." in en_role_page and "Shiken Town has no such work." in en_role_page
    fork = load_guideline(DATA, overlay_dir=overlay)
    workbook = site / "downloads" / exports.filename("xlsx", "user", exports.municipality_slug(fork))
    sheet = load_workbook(workbook).worksheets[0]  # the checklist
    cells = {str(c.value) for r in sheet.iter_rows() for c in r if c.value is not None}
    assert rule_id in cells and en_rule_id in cells
    assert any("試験町では該当する業務がないため" in c for c in cells)  # the omission's note, with its reason
    own_page = plain((site / "municipality" / "contact-list" / "index.html").read_text(encoding="utf-8"))
    assert "相談先の一覧" in own_page and "困ったときは情報政策課へ。" in own_page
    assert "総務課長 試験 太郎" in plain((site / "index.html").read_text(encoding="utf-8"))
    assert [u for u in page.requests if urlparse(u).netloc != urlparse(page.url).netloc
            and urlparse(u).scheme in ("http", "https")] == []


# --- the example fork's overlay -> the customizer -> the same data ----------------------------------

def test_the_example_fork_reads_back_and_writes_the_same_overlay(customizer, guideline, tmp_path):
    page = customizer
    load_zip(page, zip_folder(FORK, tmp_path / "fork.zip"))
    expected = yaml_load((FORK / "municipality.yaml").read_text(encoding="utf-8"))
    page.wait_for_function("document.getElementById('gl-cz-load-message').textContent.length > 0")
    assert page.text_content("#gl-cz-load-message") == ui(
        guideline, "load_summary", name=expected["municipality"]["name"]["ja"],
        rules=len(expected["local_rules"]), omissions=len(expected["omissions"]), pages=len(expected["pages"]))
    assert page.input_value("#gl-cz-name-ja") == expected["municipality"]["name"]["ja"]
    archive = export(page, tmp_path)
    with zipfile.ZipFile(archive) as z:
        written = {name.removeprefix("municipality/"): z.read(name) for name in z.namelist()}
    assert yaml_load(written.pop("municipality.yaml").decode()) == expected
    originals = {p.relative_to(FORK).as_posix(): p.read_bytes() for p in FORK.rglob("*") if p.is_file()}
    originals.pop("municipality.yaml")
    assert written == originals


# --- bad input: a message next to the field, nothing lost ----------------------------------------

def test_an_empty_rule_text_is_said_next_to_it(customizer, guideline):
    page = customizer
    page.fill("#gl-cz-name-ja", "試験町")
    page.click("#gl-cz-add-rule")
    page.click("#gl-cz-export")
    text_field = row(page, "rules") + " textarea >> nth=0"
    assert error_of(page, f"{row(page, 'rules')} textarea") == ui(guideline, "required")
    assert page.get_attribute(text_field, "aria-invalid") == "true"
    assert page.input_value("#gl-cz-name-ja") == "試験町"
    # Two problems: the English name, and the rule's text. No ZIP is offered.
    assert page.text_content("#gl-cz-export-message") == ui(guideline, "zip_invalid", count=2)
    page.fill(text_field, "規則")  # fixed: the message goes as the user types
    assert error_of(page, f"{row(page, 'rules')} textarea") == ""


def test_a_reason_left_out_is_said_next_to_it(customizer, guideline):
    page = customizer
    page.fill("#gl-cz-name-ja", "試験町")
    page.fill("#gl-cz-name-en", "Shiken Town")
    page.click("#gl-cz-add-omission")
    page.select_option(row(page, "omissions") + " select", guideline.countermeasures()[0].id)
    page.click("#gl-cz-export")
    assert error_of(page, f"{row(page, 'omissions')} textarea") == ui(guideline, "required")
    assert page.input_value(row(page, "omissions") + " select") == guideline.countermeasures()[0].id


def test_a_rule_on_a_sub_item_that_no_longer_exists_is_kept_and_said(customizer, guideline, tmp_path):
    page = customizer
    folder = tmp_path / "old" / "municipality"
    folder.mkdir(parents=True)
    (folder / "municipality.yaml").write_text(
        "municipality:\n  name: {ja: 旧町, en: Old Town}\nlocal_rules:\n  - id: L-P99-1-USER-01\n"
        "    sub_item: P99-1\n    role: user\n    text: {ja: 古い項目のルール}\n", encoding="utf-8")
    load_zip(page, zip_folder(folder, tmp_path / "old.zip"))
    page.wait_for_selector(row(page, "rules"))
    sub_item = row(page, "rules") + " select >> nth=0"
    assert page.input_value(sub_item) == "P99-1"
    assert error_of(page, f"{row(page, 'rules')} select") == ui(guideline, "unknown_sub_item", id="P99-1")
    assert page.input_value(row(page, "rules") + " textarea >> nth=0") == "古い項目のルール"
    new_item = guideline.sub_items[0]
    page.select_option(sub_item, new_item.id)  # moved to an existing item: renumbered, message gone
    assert error_of(page, f"{row(page, 'rules')} select") == ""
    assert f"L-{new_item.id}-" in page.text_content(row(page, "rules") + " .gl-cz-rule-id")


@pytest.mark.parametrize("content,key", [
    ({"readme.txt": b"hello"}, "not_overlay"),
    ({"municipality/municipality.yaml": b"- just\n- a list\n"}, "not_overlay"),
], ids=["no-municipality-yaml", "not-an-overlay-document"])
def test_a_zip_that_is_not_an_overlay_changes_nothing(customizer, guideline, tmp_path, content, key):
    page = customizer
    page.fill("#gl-cz-name-ja", "試験町")
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name, data in content.items():
            z.writestr(name, data)
    load_zip(page, archive)
    page.wait_for_function("document.getElementById('gl-cz-load-message').textContent.length > 0")
    message = page.text_content("#gl-cz-load-message")
    assert ui(guideline, key) in message and archive.name in message
    assert page.get_attribute("#gl-cz-load", "aria-invalid") == "true"
    assert page.evaluate("document.getElementById('gl-cz-load').getAttribute('aria-describedby')") == \
        "gl-cz-load-message"
    assert page.input_value("#gl-cz-name-ja") == "試験町"
    saved = json.loads(page.evaluate("localStorage.getItem('aigov-customizer')"))
    assert saved["form"]["name"]["ja"] == "試験町"


def test_hostile_text_stays_text_and_is_refused(customizer, guideline):
    page = customizer
    hostile = '<img src=x onerror="window.hacked=1">{{ 7*7 }}'
    page.fill("#gl-cz-name-ja", hostile)
    page.click("#gl-cz-add-rule")
    page.fill(row(page, "rules") + " textarea >> nth=0", hostile)
    # The preview follows the typing (it may be re-rendered after the event): wait for the text itself.
    page.wait_for_function("(h) => { const li = document.querySelector('#gl-cz-preview li.gl-cm--local');"
                           " return li !== null && li.textContent.includes(h); }", arg=hostile, timeout=10000)
    assert hostile in page.text_content("#gl-cz-preview li.gl-cm--local")
    assert page.locator("#gl-cz-preview img, #gl-cz-print img").count() == 0
    page.evaluate("() => { window.print = function () {}; }")
    page.click("#gl-cz-print-button")
    assert hostile in page.text_content("#gl-cz-print .gl-cz-print__cover")
    assert page.evaluate("window.hacked") is None
    page.click("#gl-cz-export")
    assert error_of(page, f"{row(page, 'rules')} textarea") == ui(guideline, "no_markup")
    assert error_of(page, "#gl-cz-name-ja") == ui(guideline, "no_markup")


def test_a_logo_is_named_as_the_schema_allows_and_goes_into_the_zip(customizer, tmp_path):
    page = customizer
    page.fill("#gl-cz-name-ja", "試験町")
    page.fill("#gl-cz-name-en", "Shiken Town")
    logo = tmp_path / "町 の ロゴ.SVG"
    logo.write_bytes((FORK / "logo.svg").read_bytes())
    page.set_input_files("#gl-cz-logo-file", str(logo))
    page.wait_for_selector("#gl-cz-logo-remove:not([hidden])")
    archive = export(page, tmp_path)
    with zipfile.ZipFile(archive) as z:
        name = yaml_load(z.read("municipality/municipality.yaml").decode())["municipality"]["logo"]
        assert re.fullmatch(r"[A-Za-z0-9._-]+\.svg", name)
        assert z.read(f"municipality/{name}") == logo.read_bytes()


# --- saving: failures said, nothing lost across tabs or reloads ----------------------------------

def test_work_survives_a_reload_and_reaches_other_tabs(customizer, guideline):
    page = customizer
    page.fill("#gl-cz-name-ja", "試験町")
    page.click("#gl-cz-add-rule")
    page.fill(row(page, "rules") + " textarea >> nth=0", "規則の文")
    other = page.context.new_page()
    other.goto(page.url)
    other.wait_for_selector(row(other, "rules"))
    assert other.input_value("#gl-cz-name-ja") == "試験町"
    page.fill("#gl-cz-name-en", "Shiken Town")  # a change in one tab reaches the open other tab
    other.wait_for_function("document.getElementById('gl-cz-name-en').value === 'Shiken Town'")
    assert other.input_value(row(other, "rules") + " textarea >> nth=0") == "規則の文"
    assert other.text_content("#gl-cz-status") == ui(guideline, "other_tab")
    page.reload()
    page.wait_for_selector(row(page, "rules"))
    assert page.input_value("#gl-cz-name-en") == "Shiken Town"


def test_a_failed_save_is_said_plainly(customizer, guideline):
    page = customizer
    page.evaluate("() => { Storage.prototype.setItem = function () { throw new Error('QuotaExceededError'); }; }")
    page.fill("#gl-cz-name-ja", "試験町")
    assert page.is_visible("#gl-cz-alert")
    assert page.text_content("#gl-cz-alert") == ui(guideline, "save_failed")
    assert page.get_attribute("#gl-cz-alert", "role") == "alert"
    assert page.input_value("#gl-cz-name-ja") == "試験町"


# --- preview and print view ----------------------------------------------------------------------

def test_the_preview_and_print_view_show_local_rules_and_omissions(customizer, guideline):
    page, g = customizer, guideline
    omitted = g.countermeasures("user")[0]
    page.fill("#gl-cz-name-ja", "試験町")
    page.click("#gl-cz-add-omission")
    page.select_option(row(page, "omissions") + " select", omitted.id)
    page.fill(row(page, "omissions") + " textarea >> nth=0", "業務がないため")
    page.click("#gl-cz-add-rule")
    page.select_option(row(page, "rules") + " select >> nth=1", "user")
    page.fill(row(page, "rules") + " textarea >> nth=0", "独自の規則")
    rule_id = page.text_content(row(page, "rules") + " .gl-cz-rule-id").split("：")[-1]
    page.select_option("#gl-cz-preview-role", "user")
    preview = page.locator("#gl-cz-preview")
    preview.locator(f'li.gl-cm--local[data-id="{rule_id}"]').wait_for()
    badge = preview.locator(f'li.gl-cm--local[data-id="{rule_id}"] .gl-local')
    assert badge.text_content() == g.text("local.badge", "ja")
    assert "業務がないため" in preview.locator(f'li.gl-cm--omitted[data-id="{omitted.id}"]').text_content()
    shown = preview.locator("li.gl-cm").count()
    assert shown == len(g.countermeasures("user")) + 1

    page.evaluate("() => { window.print = function () { window.printed = true; }; }")
    page.click("#gl-cz-print-button")
    assert page.evaluate("window.printed") is True
    view = page.locator("#gl-cz-print")
    assert "試験町" in view.locator(".gl-cz-print__cover").text_content()
    for r in g.roles:
        assert view.locator(".gl-cz-print__role").filter(has_text=r.name["ja"]).count() >= 1
    assert view.locator(f'li[data-id="{rule_id}"]').count() == 1
    assert view.locator(f'li.gl-cm--omitted[data-id="{omitted.id}"]').count() == 1
    assert view.locator("table.gl-approval th").filter(has_text=g.text("approval.approver", "ja")).count() == 1
    for sub_item in g.sub_items:
        assert sub_item.title["ja"] in view.text_content()
    page.emulate_media(media="print")
    assert view.is_visible() and not page.is_visible(".md-main")


# --- accessibility, keyboard, no outside requests, offline ---------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_is_axe_clean_with_rows_errors_and_preview(browser, server, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(server + PAGE)
    page.wait_for_selector("#gl-cz-app:not([hidden])")
    for button in ("#gl-cz-add-omission", "#gl-cz-add-rule", "#gl-cz-add-page"):
        page.click(button)
    page.click("#gl-cz-export")  # messages shown next to fields
    page.wait_for_selector("#gl-cz-preview li.gl-cm")
    problems = axe_problems(page)
    context.close()
    assert not problems, "\n".join(problems)


def test_the_page_works_with_the_keyboard(customizer):
    page = customizer
    page.focus("#gl-cz-add-rule")
    page.keyboard.press("Enter")  # a new row, and the focus is in it
    assert page.evaluate("document.activeElement.closest('#gl-cz-rules > li') !== null")
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id || document.activeElement.textContent"))
    remove = page.locator(row(page, "rules") + " .gl-cz-remove")
    assert remove.text_content() in reached
    remove.focus()
    page.keyboard.press("Enter")
    assert page.locator("#gl-cz-rules > li").count() == 0
    assert page.evaluate("document.activeElement.id") == "gl-cz-add-rule"
    page.focus("#gl-cz-add-page")
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id"))
    assert {"gl-cz-export", "gl-cz-print-button", "gl-cz-load", "gl-cz-clear"} <= reached


@pytest.mark.parametrize("start", ["customize.html", "en/customize.html"])
def test_the_page_works_in_the_offline_copy_opened_from_disk(browser, upstream_offline_copy, tmp_path, start):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((upstream_offline_copy / start).as_uri())
    page.wait_for_selector("#gl-cz-app:not([hidden])")
    page.fill("#gl-cz-name-ja", "試験町")
    page.fill("#gl-cz-name-en", "Shiken Town")
    page.wait_for_selector("#gl-cz-preview li.gl-cm")
    archive = export(page, tmp_path)
    with zipfile.ZipFile(archive) as z:
        assert yaml_load(z.read("municipality/municipality.yaml").decode()) == \
            {"municipality": {"name": {"ja": "試験町", "en": "Shiken Town"}}}
    context.close()
    assert [u for u in requests if urlparse(u).scheme not in ("file", "data", "blob")] == []


# --- what the page is made of --------------------------------------------------------------------

def test_the_page_gets_the_sites_own_guideline_json_and_the_builds_schema(upstream_built):
    for edition in (upstream_built, upstream_built / "en"):
        script = (edition / "assets" / "customizer-data.js").read_text(encoding="utf-8")
        data = json.loads(script[script.index("{"):script.rindex("}") + 1])
        assert data["guideline"] == json.loads((edition / "downloads" / "guideline.json").read_text(encoding="utf-8"))
        schema = (ROOT / "schemas" / "municipality.schema.json").read_text(encoding="utf-8")
        assert data["schema"] == json.loads(schema)
        assert (edition / "downloads" / "municipality.schema.json").read_text(encoding="utf-8") == schema


def test_the_vendor_scripts_load_on_the_customizer_page_only(upstream_built):
    for page in upstream_built.rglob("*.html"):
        loads = "ajv2020.min.js" in page.read_text(encoding="utf-8")
        assert loads == (page.parent.name == "customize"), page


@pytest.mark.parametrize("vendored,package", [
    ("ajv2020.min.js", "ajv-dist/dist/ajv2020.min.js"),
    ("fflate.min.js", "fflate/umd/index.js"),
    ("js-yaml.min.js", "js-yaml/dist/browser/js-yaml.umd.min.js"),
], ids=["ajv", "fflate", "js-yaml"])
def test_the_vendored_libraries_are_the_pinned_packages(vendored, package):
    assert (VENDOR / vendored).read_bytes() == (ROOT / "node_modules" / package).read_bytes()
    pins = json.loads((ROOT / "package.json").read_text())["devDependencies"]
    name = package.split("/")[0]
    assert f"`{vendored}`" in (VENDOR / "README.md").read_text() and pins[name] in (VENDOR / "README.md").read_text()


def test_every_customizer_string_exists_and_is_used(guideline):
    script = (ROOT / "overrides/assets/customizer.js").read_text(encoding="utf-8")
    template = (ROOT / "guideline/templates/customizer.html").read_text(encoding="utf-8")
    used = set(re.findall(r"\bstrings\.([a-z_]+)", script)) | set(re.findall(r'\bt\("([a-z_]+)"\)', template))
    used |= {f"{kind}{suffix}" for kind in ("ai_officer", "inquiry") for suffix in ("", "_help")}  # t(kind ~ "_help")
    defined = {k.split(".", 1)[1] for k in guideline.ui if k.startswith("customizer.")}
    assert used - defined == set(), "used but missing from ui.yaml"
    assert defined - used == set(), "in ui.yaml but unused"
