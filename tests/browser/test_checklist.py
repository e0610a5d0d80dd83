"""The self-assessment checklist on the per-role pages, used as municipal staff would use it:
several assessments, two tabs, failed saves, hostile and foreign files, Excel both ways, print."""
import io
import json
import re
import shutil
import subprocess
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from guideline import exports, render
from guideline.checklist import ELEMENT_IDS
from tests.conftest import PROJECT, UPSTREAM

G = UPSTREAM
PROVIDER = [c.id for c in G.countermeasures("provider")]
STORE_KEY = "aigov-checklist:provider"
SOFFICE = shutil.which("soffice")


def el(name):
    return "#" + ELEMENT_IDS[name]


def status(page, cm_id):
    return page.evaluate(
        "id => { const r = document.querySelector(`input[name='status-${id}']:checked`); return r ? r.value : null }",
        cm_id)


def saved(page):
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


def stored_assessments(page):
    store = json.loads(saved(page)[STORE_KEY])
    return [a for a in store["assessments"].values() if not a["deleted"]]


def stored_answers(page):
    (only,) = stored_assessments(page)
    return {k: v for k, v in only["answers"].items() if v["status"] or v["note"]}


@pytest.fixture
def context(browser):
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def checklist(context, server):
    """A fresh browser profile on the provider checklist."""
    page = context.new_page()
    page.goto(server + "roles/provider/")
    return page


@pytest.fixture(scope="module")
def checklist_to_read(browser, server):
    """The provider checklist loaded once per colour scheme (on first use), shared by the tests that
    only read it or move the keyboard focus: they save nothing (one opens a countermeasure's details,
    which the others do not depend on)."""
    contexts, pages = [], {}

    def in_scheme(scheme: str = "light"):
        if scheme not in pages:
            contexts.append(browser.new_context(color_scheme=scheme))
            pages[scheme] = contexts[-1].new_page()
            pages[scheme].goto(server + "roles/provider/")
        return pages[scheme]
    yield in_scheme
    for context in contexts:
        context.close()


def answer(page, cm_id, value, note=None):
    page.check(f"input[name='status-{cm_id}'][value='{value}']")
    if note is not None:
        page.fill(f"textarea[name='note-{cm_id}']", note)


def accept_dialogs(page, log=None):
    def handle(dialog):
        if log is not None:
            log.append(dialog.message)
        dialog.accept()
    page.on("dialog", handle)


def import_bytes(page, content: bytes, name="answers.json", mime="application/json"):
    page.evaluate(f"document.querySelector('{el('message')}').textContent = ''")
    page.set_input_files(el("import_input"), files=[{"name": name, "mimeType": mime, "buffer": content}])
    page.wait_for_function(f"() => document.querySelector('{el('message')}').textContent.length > 1", timeout=30000)
    return page.inner_text(el("message"))


def import_file(page, content: str, name="answers.json"):
    return import_bytes(page, content.encode("utf-8"), name)


def checklist_file(answers, **extra):
    return json.dumps({"format": "aigov-checklist", "format_version": 2, "guideline_version": G.meta.version,
                       "role": "provider", "answers": answers, **extra}, ensure_ascii=False)


# --- saving, progress, export and import ---------------------------------------------------------

def test_statuses_notes_and_subject_are_kept_after_a_reload(checklist):
    page = checklist
    assert page.is_visible(el("toolbar"))
    answer(page, PROVIDER[0], "done", "議事録に記載済み")
    answer(page, PROVIDER[1], "partial")
    answer(page, PROVIDER[-1], "na")
    page.click(f"fieldset[data-cm-id='{PROVIDER[0]}'] summary")
    page.fill(f"input[name='owner-{PROVIDER[0]}']", "情報政策課 山田")
    page.fill(f"input[name='due_on-{PROVIDER[0]}']", "2027-03-31")
    page.fill(el("municipality"), "テスト市")
    page.fill(el("subject"), "議事録要約AI")
    page.fill(el("assessor"), "鈴木")
    page.reload()
    assert status(page, PROVIDER[0]) == "done"
    assert status(page, PROVIDER[1]) == "partial"
    assert status(page, PROVIDER[-1]) == "na"
    assert status(page, PROVIDER[2]) is None
    assert page.input_value(f"textarea[name='note-{PROVIDER[0]}']") == "議事録に記載済み"
    assert page.input_value(f"input[name='owner-{PROVIDER[0]}']") == "情報政策課 山田"
    assert page.input_value(f"input[name='due_on-{PROVIDER[0]}']") == "2027-03-31"
    assert page.input_value(el("municipality")) == "テスト市"
    assert page.input_value(el("subject")) == "議事録要約AI"
    # One key per role (not per guideline version), assessments keyed by ID, answers by countermeasure ID.
    (only,) = stored_assessments(page)
    assert only["answers"][PROVIDER[0]]["status"] == "done"
    assert only["answers"][PROVIDER[0]]["note"] == "議事録に記載済み"
    assert only["subject"]["assessor"] == "鈴木"


def test_progress_per_principle_updates_live(checklist):
    page = checklist
    p01 = [c.id for c in G.countermeasures("provider") if c.id.startswith("P01-")]
    box = page.locator(".gl-progress[data-principle='P01']")
    assert f"未記入 {len(p01)}" in box.inner_text()
    answer(page, p01[0], "done")
    answer(page, p01[1], "todo")
    text = box.inner_text()
    assert "対応済 1" in text and "未対応 1" in text and f"未記入 {len(p01) - 2}" in text
    assert page.get_attribute(".gl-progress[data-principle='P01'] progress", "value") == "2"
    assert f"未記入 {len(PROVIDER) - 2}" in page.inner_text(".gl-progress--total")


def test_export_then_import_into_a_fresh_browser_profile(checklist, browser, server):
    page = checklist
    answer(page, PROVIDER[0], "done", "note one")
    answer(page, PROVIDER[3], "todo")
    page.fill(el("municipality"), "Example City")
    page.fill(el("subject"), "Chatbot")
    with page.expect_download() as download:
        page.click(el("export_json"))
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["format"] == "aigov-checklist" and exported["role"] == "provider"
    assert exported["format_version"] == exports.CHECKLIST_FORMAT_VERSION
    assert exported["guideline_version"] == G.meta.version and exported["municipality"] == "Example City"
    assert exported["subject"]["subject"] == "Chatbot"
    assert exported["date"][:4].isdigit()
    blank = {f: "" for f in ("owner", "checked_on", "due_on", "evidence")}
    assert exported["answers"] == {PROVIDER[0]: {"status": "done", "note": "note one", **blank},
                                   PROVIDER[3]: {"status": "todo", "note": "", **blank}}

    colleague = browser.new_context()  # another profile: nothing saved there
    other = colleague.new_page()
    other.goto(server + "roles/provider/")
    dialogs = []
    accept_dialogs(other, dialogs)
    assert status(other, PROVIDER[0]) is None
    message = import_file(other, json.dumps(exported))
    assert "2" in message
    assert "追加 2 件" in dialogs[0] and "変更 0 件" in dialogs[0]
    assert status(other, PROVIDER[0]) == "done" and status(other, PROVIDER[3]) == "todo"
    assert other.input_value(el("municipality")) == "Example City"
    other.reload()
    assert status(other, PROVIDER[0]) == "done"
    colleague.close()


def test_import_says_what_it_will_change_and_changes_nothing_when_declined(checklist):
    page = checklist
    answer(page, PROVIDER[0], "partial", "keep me")
    answer(page, PROVIDER[1], "todo")
    before = saved(page)
    questions = []

    def decline(dialog):
        questions.append(dialog.message)
        dialog.dismiss()
    page.on("dialog", decline)
    content = checklist_file({PROVIDER[0]: {"status": "done", "note": "replaced"},  # changed
                              PROVIDER[1]: {"status": "todo", "note": ""},           # the same
                              PROVIDER[2]: {"status": "na", "note": ""}})             # added
    message = import_file(page, content)
    assert "追加 1 件" in questions[0] and "変更 1 件" in questions[0] and "同じ内容 1 件" in questions[0]
    assert "取り消しました" in message
    assert saved(page) == before
    assert status(page, PROVIDER[0]) == "partial" and status(page, PROVIDER[2]) is None


@pytest.mark.parametrize("content", [
    b"{ not json",
    json.dumps({"format": "something-else", "answers": {}}).encode(),
    json.dumps({"format": "aigov-checklist", "role": "provider",
                "answers": {"P01-1-PROV-01": {"status": "maybe"}}}).encode(),
    json.dumps({"format": "aigov-checklist", "role": "provider", "answers": ["P01-1-PROV-01"]}).encode(),
    json.dumps({"format": "aigov-checklist", "format_version": 3, "role": "provider", "answers": {}}).encode(),
    json.dumps({"format": "aigov-checklist", "format_version": "2", "role": "provider", "answers": {}}).encode(),
    checklist_file({PROVIDER[0]: {"status": "done", "note": "東京都の回答"}}).encode("shift_jis"),
], ids=["not-json", "other-format", "bad-status", "answers-not-a-map", "newer-format-version",
        "format-version-not-a-number", "shift-jis"])
def test_a_malformed_file_changes_nothing_saved(checklist, content):
    page = checklist
    accept_dialogs(page)
    answer(page, PROVIDER[0], "partial", "keep me")
    before = saved(page)
    message = import_bytes(page, content)
    assert "読み込めませんでした" in message and "変更していません" in message
    assert saved(page) == before
    assert status(page, PROVIDER[0]) == "partial"


def test_a_shift_jis_file_is_refused_with_a_message_naming_the_encoding(checklist):
    page = checklist
    content = checklist_file({PROVIDER[0]: {"status": "done", "note": "東京都の回答"}}).encode("shift_jis")
    message = import_bytes(page, content)
    assert "UTF-8" in message and "Shift_JIS" in message
    assert status(page, PROVIDER[0]) is None


def test_inherited_names_are_never_taken_as_ids_and_are_reported(checklist):
    page = checklist
    accept_dialogs(page)
    content = ('{"format": "aigov-checklist", "format_version": 2, "role": "provider", "answers": {'
               '"constructor": {"status": "done", "note": "x"}, "toString": {"status": "todo", "note": ""}, '
               '"__proto__": {"status": "na", "note": "y"}, "' + PROVIDER[0] + '": {"status": "done", "note": ""}}}')
    message = import_file(page, content)
    for name in ("constructor", "toString", "__proto__"):
        assert name in message, name
    assert list(stored_answers(page)) == [PROVIDER[0]]
    with page.expect_download() as download:
        page.click(el("export_json"))
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert list(exported["answers"]) == [PROVIDER[0]]
    assert page.evaluate("() => ({}).status === undefined && Object.prototype.status === undefined")


def test_a_file_for_the_other_role_is_refused(checklist):
    page = checklist
    before = saved(page)
    message = import_file(page, json.dumps({"format": "aigov-checklist", "role": "user", "answers": {}}))
    assert "AI利用者" in message and saved(page) == before


def test_a_file_from_an_older_version_keeps_matching_answers_and_lists_the_rest(checklist):
    page = checklist
    accept_dialogs(page)
    old = {"format": "aigov-checklist", "format_version": 1, "guideline_version": "0.9.0", "role": "provider",
           "municipality": "旧市", "answers": {PROVIDER[2]: {"status": "done", "note": "old"},
                                              "P01-9-PROV-01": {"status": "todo", "note": ""}}}
    message = import_file(page, json.dumps(old))
    assert "0.9.0" in message and "P01-9-PROV-01" in message
    assert status(page, PROVIDER[2]) == "done"
    assert list(stored_answers(page)) == [PROVIDER[2]]


# --- several assessments, two tabs, failed saves, older storage ------------------------------------

def test_several_assessments_switch_duplicate_rename_and_delete(checklist):
    page = checklist
    prompts, confirms = iter(["チャットボット", "議事録要約AI", "OCR"]), []

    def handle(dialog):
        if dialog.type == "prompt":
            dialog.accept(next(prompts))
        else:
            confirms.append(dialog.message)
            dialog.accept()
    page.on("dialog", handle)
    page.click(el("rename"))  # the first assessment gets its name
    answer(page, PROVIDER[0], "done")
    page.click(el("new"))
    assert status(page, PROVIDER[0]) is None  # a new assessment starts empty
    answer(page, PROVIDER[1], "todo")
    options = page.eval_on_selector_all(f"{el('assessment_select')} option", "os => os.map(o => o.textContent)")
    assert options == ["チャットボット", "議事録要約AI"]
    rows = page.inner_text(f"#{ELEMENT_IDS['assessment_list']}")
    assert f"1 / {len(PROVIDER)}" in rows and "チャットボット" in rows and "議事録要約AI" in rows
    page.select_option(el("assessment_select"), label="チャットボット")
    assert status(page, PROVIDER[0]) == "done" and status(page, PROVIDER[1]) is None
    page.click(el("duplicate"))
    assert page.input_value(el("subject")) == "チャットボット のコピー"
    assert status(page, PROVIDER[0]) == "done"
    page.click(el("rename"))
    assert page.input_value(el("subject")) == "OCR"
    page.click(el("delete"))
    assert "OCR" in confirms[-1] and "1 件" in confirms[-1]
    page.reload()
    options = page.eval_on_selector_all(f"{el('assessment_select')} option", "os => os.map(o => o.textContent)")
    assert options == ["チャットボット", "議事録要約AI"]


@pytest.mark.parametrize("button,key", [("new", "checklist.new"), ("duplicate", "checklist.duplicate"),
                                        ("rename", "checklist.rename"), ("delete", "checklist.delete"),
                                        ("export_xlsx", "checklist.export_xlsx"), ("export_json", "checklist.export"),
                                        ("import_button", "checklist.import"), ("clear", "checklist.clear")])
def test_every_toolbar_button_is_labelled_from_the_interface_strings(checklist_to_read, button, key):
    assert checklist_to_read().inner_text(el(button)).strip() == G.text(key, "ja")


def test_clear_asks_first_and_empties_only_the_current_assessment(checklist):
    page = checklist
    answer(page, PROVIDER[0], "done", "x")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click(el("clear"))
    assert status(page, PROVIDER[0]) == "done"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(el("clear"))
    assert status(page, PROVIDER[0]) is None
    page.reload()
    assert status(page, PROVIDER[0]) is None and stored_answers(page) == {}


def test_delete_asks_first(checklist):
    page = checklist
    answer(page, PROVIDER[0], "done")
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.click(el("delete"))
    assert status(page, PROVIDER[0]) == "done" and len(stored_assessments(page)) == 1


def test_two_tabs_never_overwrite_each_other(context, server):
    tab_a, tab_b = context.new_page(), context.new_page()
    tab_a.goto(server + "roles/provider/")
    tab_b.goto(server + "roles/provider/")
    answer(tab_a, PROVIDER[0], "done", "from A")
    answer(tab_b, PROVIDER[1], "todo", "from B")  # B saves after A
    tab_b.fill(el("assessor"), "B")
    # A sees B's edit without reloading (storage event), and keeps its own.
    tab_a.wait_for_function(
        f"() => document.querySelector(\"input[name='status-{PROVIDER[1]}'][value='todo']\").checked")
    answer(tab_a, PROVIDER[2], "partial")
    for tab in (tab_a, tab_b):
        tab.reload()
        assert status(tab, PROVIDER[0]) == "done" and status(tab, PROVIDER[1]) == "todo"
        assert status(tab, PROVIDER[2]) == "partial"
        assert tab.input_value(f"textarea[name='note-{PROVIDER[0]}']") == "from A"
        assert tab.input_value(el("assessor")) == "B"


QUOTA = """(() => {
  const real = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    if (String(value).length > 200000) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return real.call(this, key, value);
  };
})();"""


def test_a_failed_save_says_so_and_keeps_the_entry_on_the_page(context, server):
    context.add_init_script(QUOTA)
    page = context.new_page()
    page.goto(server + "roles/provider/")
    answer(page, PROVIDER[0], "done", "short")
    assert page.inner_text(el("save_status")) == ""
    huge = "長" * 300000
    page.fill(f"textarea[name='note-{PROVIDER[1]}']", huge)
    alert = page.inner_text(el("save_status"))
    assert "保存できませんでした" in alert and "容量" in alert
    assert page.input_value(f"textarea[name='note-{PROVIDER[1]}']") == huge  # still on the page
    # An import that cannot be saved never reports success.
    accept_dialogs(page)
    message = import_file(page, checklist_file({PROVIDER[2]: {"status": "todo", "note": huge}}))
    assert "保存はできていません" in message
    assert G.text("checklist.imported", "ja", count=1) not in message
    assert status(page, PROVIDER[2]) == "todo"
    # Once the big note is gone, saving works again and the page says so.
    page.fill(f"textarea[name='note-{PROVIDER[1]}']", "")
    page.fill(f"textarea[name='note-{PROVIDER[2]}']", "")
    assert "保存しました" in page.inner_text(el("save_status"))


def test_private_mode_without_storage_says_nothing_is_saved(context, server):
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {get() {
        throw new DOMException('The operation is insecure.', 'SecurityError'); }});""")
    page = context.new_page()
    page.goto(server + "roles/provider/")
    answer(page, PROVIDER[0], "done")
    assert "保存できませんでした" in page.inner_text(el("save_status"))
    assert status(page, PROVIDER[0]) == "done"


def test_answers_saved_by_the_single_assessment_format_become_the_first_assessment(checklist):
    page = checklist
    old = {"municipality": "旧市", "updated": "2026-01-01T00:00:00Z",
           "answers": {PROVIDER[0]: {"status": "done", "note": "v0.9"},
                       "P01-9-PROV-01": {"status": "todo", "note": "gone"}}}
    newer = {"municipality": "新市", "updated": "2026-06-01T00:00:00Z",
             "answers": {PROVIDER[1]: {"status": "partial", "note": ""}}}
    page.evaluate("([a, b]) => { localStorage.setItem('aigov-checklist:provider:0.9.0', a);"
                  " localStorage.setItem('aigov-checklist:provider:" + G.meta.version + "', b); }",
                  [json.dumps(old), json.dumps(newer)])
    page.reload()
    assert status(page, PROVIDER[0]) == "done" and status(page, PROVIDER[1]) == "partial"
    assert page.input_value(f"textarea[name='note-{PROVIDER[0]}']") == "v0.9"
    assert page.input_value(el("municipality")) == "新市"
    assert "0.9.0" in page.inner_text(el("message"))
    # The answer to an ID this version does not have is kept and shown, not dropped.
    assert "P01-9-PROV-01" in page.inner_text(el("retired")) and "gone" in page.inner_text(el("retired"))
    (only,) = stored_assessments(page)
    assert only["retired"]["P01-9-PROV-01"]["note"] == "gone"


# --- Excel, both ways -----------------------------------------------------------------------------

def export_xlsx(page) -> io.BytesIO:
    with page.expect_download(timeout=60000) as download:
        page.click(el("export_xlsx"))
    assert download.value.suggested_filename.endswith(".xlsx")
    return io.BytesIO(Path(download.value.path()).read_bytes())


def fill_some(page):
    answer(page, PROVIDER[0], "done", "規程を改定済み\n2行目")
    answer(page, PROVIDER[1], "partial", "=HYPERLINK(\"http://evil.example\",\"x\")")
    answer(page, PROVIDER[-1], "na")
    page.click(f"fieldset[data-cm-id='{PROVIDER[0]}'] summary")
    page.fill(f"input[name='owner-{PROVIDER[0]}']", "情報政策課")
    page.fill(f"input[name='checked_on-{PROVIDER[0]}']", "2026-11-01")
    page.fill(f"input[name='evidence-{PROVIDER[0]}']", "AI利用規程 第3条")
    page.fill(el("municipality"), "見本市")
    page.fill(el("subject"), "議事録要約AI")
    page.fill(el("assessor"), "山田")


def answers_on_page(page):
    return page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('fieldset.gl-check[data-cm-id]').forEach(fs => {
            const a = {status: (fs.querySelector('input[type=radio]:checked') || {}).value || '',
                       note: fs.querySelector('textarea').value};
            fs.querySelectorAll('input[data-field]').forEach(i => { a[i.dataset.field] = i.value; });
            if (Object.values(a).some(v => v)) out[fs.dataset.cmId] = a;
        });
        return out;
    }""")


def test_the_page_exports_the_downloaded_workbook_filled_in(checklist):
    page = checklist
    fill_some(page)
    wb = load_workbook(export_xlsx(page))
    ws = wb[exports.xlsx_layout(G, "provider", "ja")["sheet"]]
    layout = exports.xlsx_layout(G, "provider", "ja")
    cols = layout["columns"]
    row = {ws[f"A{r}"].value: r for r in range(layout["firstRow"], layout["lastGuidelineRow"] + 1)}
    r0 = row[PROVIDER[0]]
    assert ws[f"{cols['status']}{r0}"].value == "対応済"
    assert ws[f"{cols['note']}{r0}"].value == "規程を改定済み\n2行目"
    assert ws[f"{cols['owner']}{r0}"].value == "情報政策課"
    assert ws[f"{cols['checked_on']}{r0}"].value == datetime(2026, 11, 1)
    note = ws[f"{cols['note']}{row[PROVIDER[1]]}"]
    assert note.data_type == "s" and note.value.startswith("=HYPERLINK")  # text, not a formula
    assert ws[layout["cells"]["municipality"]].value == "見本市"
    assert ws[layout["cells"]["subject"]].value == "議事録要約AI"
    assert ws[layout["cells"]["assessor"]].value == "山田"
    # Still the same workbook: drop-down, protection, print set-up; summary numbers for previews.
    assert any(v.type == "list" for v in ws.data_validations.dataValidation)
    assert ws.protection.sheet and ws.page_setup.orientation == "landscape"
    summary = load_workbook(export_xlsx(page), data_only=True)[layout["summary"]]
    total_row = exports.SUMMARY_HEADER_ROW + 1 + len(G.principles)
    assert summary.cell(total_row, 3).value == 1  # done
    assert summary.cell(total_row, 4).value == 1  # partly


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is missing: run scripts/install-office.sh")
def test_web_to_excel_edited_in_libreoffice_and_back_gives_the_same_answers(checklist, browser, server, tmp_path):
    page = checklist
    fill_some(page)
    before = answers_on_page(page)
    exported = export_xlsx(page)
    # LibreOffice opens and saves it, as a colleague with LibreOffice would.
    (tmp_path / "web.xlsx").write_bytes(exported.getvalue())
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "out"), str(tmp_path / "web.xlsx")],
                   check=True, capture_output=True, timeout=300)
    resaved = (tmp_path / "out" / "web.xlsx").read_bytes()
    colleague = browser.new_context()
    other = colleague.new_page()
    other.goto(server + "roles/provider/")
    accept_dialogs(other)
    message = import_bytes(other, resaved, "web.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "読み込みました" in message, message
    assert answers_on_page(other) == before
    assert other.input_value(el("subject")) == "議事録要約AI" and other.input_value(el("assessor")) == "山田"
    colleague.close()


def test_the_blank_download_filled_by_hand_imports_as_expected(checklist, built):
    page = checklist
    accept_dialogs(page)
    # The site's own download: in a fork, named after the municipality and laid out with its rules.
    layout = exports.xlsx_layout(PROJECT, "provider", "ja")
    cols = layout["columns"]
    wb = load_workbook(built / "downloads" / exports.filename("xlsx", "provider", exports.municipality_slug(PROJECT)))
    ws = wb[layout["sheet"]]
    first = layout["firstRow"]
    ws[f"{cols['status']}{first}"] = "対応済"
    ws[f"{cols['note']}{first}"] = "手で記入"
    ws[f"{cols['due_on']}{first}"] = date(2027, 3, 31)
    ws[f"{cols['status']}{first + 1}"] = "未対応"
    ws[f"{cols['evidence']}{first + 1}"] = "要綱"
    own = layout["lastGuidelineRow"] + 1
    ws[f"A{own}"], ws[f"{cols['status']}{own}"] = "独自-01", "対応済"
    ws[layout["cells"]["subject"]] = "OCR"
    buffer = io.BytesIO()
    wb.save(buffer)
    message = import_bytes(page, buffer.getvalue(), "filled.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "独自-01" in message  # not an ID of the guideline: listed
    assert status(page, PROVIDER[0]) == "done" and status(page, PROVIDER[1]) == "todo"
    assert page.input_value(f"textarea[name='note-{PROVIDER[0]}']") == "手で記入"
    assert page.input_value(f"input[name='due_on-{PROVIDER[0]}']") == "2027-03-31"
    assert page.input_value(f"input[name='evidence-{PROVIDER[1]}']") == "要綱"
    assert page.input_value(el("subject")) == "OCR"
    assert status(page, PROVIDER[2]) is None


def test_the_excel_library_is_loaded_only_when_needed(context, server):
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + "roles/provider/")
    page.wait_for_load_state("networkidle")
    assert not any("exceljs" in url for url in requested)
    with page.expect_download(timeout=60000):
        page.click(el("export_xlsx"))
    assert any(url.endswith("assets/javascripts/vendor/exceljs.min.js") for url in requested)
    assert all(url.startswith(server) for url in requested if url.startswith("http"))


def test_the_vendored_excel_library_is_the_pinned_package():
    from tests.conftest import ROOT
    package = ROOT / "node_modules" / "exceljs"
    if not package.exists():
        pytest.skip("node_modules/exceljs is not installed: run `npm ci`")
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/exceljs"]["version"] == json.loads(
        (package / "package.json").read_text(encoding="utf-8"))["version"] == "4.4.0"
    vendored = ROOT / "overrides/assets/javascripts/vendor/exceljs.min.js"
    assert vendored.read_bytes() == (package / "dist" / "exceljs.min.js").read_bytes()


# --- keyboard and accessible names ---------------------------------------------------------------

def test_the_checklist_works_with_the_keyboard(checklist):
    page = checklist
    first = page.locator(f"input[name='status-{PROVIDER[0]}']").first
    first.focus()
    page.keyboard.press("Space")
    assert status(page, PROVIDER[0]) == "done"
    page.keyboard.press("ArrowRight")
    assert status(page, PROVIDER[0]) == "partial"
    page.keyboard.press("Tab")  # on to the note
    assert page.evaluate("document.activeElement.name") == f"note-{PROVIDER[0]}"
    page.keyboard.type("typed")
    page.reload()
    assert status(page, PROVIDER[0]) == "partial"
    assert page.input_value(f"textarea[name='note-{PROVIDER[0]}']") == "typed"


@pytest.mark.parametrize("cm", G.countermeasures("provider")[:3] + G.countermeasures("provider")[-1:],
                         ids=lambda cm: cm.id)
def test_each_status_group_is_named_by_its_countermeasure(checklist_to_read, cm):
    from guideline.checklist import short_text
    page = checklist_to_read()
    legend = page.inner_text(f"fieldset[data-cm-id='{cm.id}'] legend")
    assert cm.id in legend and short_text(cm.text["ja"]) in legend
    assert short_text(cm.text["ja"]) in page.get_attribute(f"textarea[name='note-{cm.id}']", "aria-label")
    # The radio group's accessible name, as assistive technology gets it.
    snapshot = page.locator(f"fieldset[data-cm-id='{cm.id}']").aria_snapshot()
    assert short_text(cm.text["ja"])[:20] in snapshot


CONTROLS = {
    "radio": lambda: f"input[name='status-{PROVIDER[0]}'][value='done']",
    "textarea": lambda: f"textarea[name='note-{PROVIDER[0]}']",
    "details": lambda: f"fieldset[data-cm-id='{PROVIDER[0]}'] summary",
    "date": lambda: f"input[name='due_on-{PROVIDER[0]}']",
    "text": lambda: el("municipality"),
    "select": lambda: el("assessment_select"),
    "button": lambda: el("export_xlsx"),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(CONTROLS))
def test_keyboard_focus_is_visible_on_every_kind_of_control(checklist_to_read, kind, scheme):
    page = checklist_to_read(scheme)
    if kind == "date":  # inside the countermeasure's details, opened (staying open for the next test)
        page.eval_on_selector(f"fieldset[data-cm-id='{PROVIDER[0]}'] details", "details => { details.open = true }")
    selector = CONTROLS[kind]()
    page.focus(selector)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    if kind == "radio":  # Tab lands on the group's checked or first radio
        page.focus(selector)
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {tag: document.activeElement.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                color: s.outlineColor, background: getComputedStyle(document.body).backgroundColor,
                shadow: s.boxShadow}; }""")
    assert style["outline"] != "none" and style["width"] >= 2, style
    assert style["color"] != style["background"], style


# --- print ------------------------------------------------------------------------------------

def printed_pages(page):
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    # The PDF's text comes back with Kangxi radicals for some kanji (⽤ for 用) and extra spaces.
    texts = [unicodedata.normalize("NFKC", p.extract_text()) for p in pdf.pages]
    return pdf, texts


def squash(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("prefix,lang", [("", "ja"), ("en/", "en")])
def test_the_checklist_prints_on_a4_without_navigation(browser, server, prefix, lang):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + prefix + "roles/user/")
    page.check(f"input[name='status-{G.countermeasures('user')[0].id}'][value='done']")
    pdf, texts = printed_pages(page)
    context.close()
    pages = [squash(t) for t in texts]
    assert len(pages) >= 3
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 in points
    header = "AI利用者における留意点" if lang == "ja" else "Points to note for the AI user"
    nav_only = "第6部 自治体におけるAI活用の今後の展望" if lang == "ja" else "Part 6 Outlook"
    for number, text in enumerate(pages, start=1):
        assert squash(header) in text, f"running header missing on page {number}"
        assert squash(nav_only) not in text, f"navigation printed on page {number}"
        assert f"{number}/{len(pages)}" in text
    everything = "\n".join(pages)
    for key in ("approval.reviewer", "approval.approver", "approval.date", "status.done", "status.na"):
        assert squash(G.text(key, lang)) in everything
    assert G.countermeasures("user")[-1].id in everything
    assert squash(G.text("checklist.export", lang)) not in everything  # on-screen controls are not printed


def test_the_printout_says_what_was_assessed_by_whom_and_shows_full_notes(checklist):
    page = checklist
    long_note = "。".join(f"改善計画{i}行目の記述" for i in range(1, 13))
    answer(page, PROVIDER[0], "done", long_note)
    page.fill(el("municipality"), "見本市")
    page.fill(el("subject"), "議事録要約AI")
    page.fill(el("assessor"), "山田太郎")
    _, texts = printed_pages(page)
    everything = squash("".join(texts))
    for text in ("見本市", "議事録要約AI", "山田太郎", "対応済1", date.today().isoformat(),
                 squash(G.text("checklist.printed", "ja"))):
        assert squash(text) in everything, text
    assert "改善計画12行目の記述" in everything  # the whole note, not two lines of it


@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="pdftotext (poppler-utils) is missing: run scripts/install-office.sh")
@pytest.mark.parametrize("role", [r.id for r in G.roles])
def test_no_heading_is_left_alone_at_the_foot_of_a_printed_page(context, server, tmp_path, role):
    page = context.new_page()
    page.goto(server + f"roles/{role}/")
    (tmp_path / "print.pdf").write_bytes(page.pdf(format="A4", print_background=True))
    # pdftotext -layout reads each page top to bottom, as a reader does (pypdf keeps drawing order).
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "print.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    headings = {G.text(k, "ja") for k in ("risks", "countermeasures", "role_content")}
    headings |= {render.principle_label(p, "ja") for p in G.principles}
    orphans = []
    for number, sheet in enumerate(text.split("\f")[:-1], start=1):
        lines = [line.strip() for line in sheet.splitlines() if line.strip()]
        content = [line for line in lines if not re.fullmatch(r"\d+\s*/\s*\d+", line)]  # the page number
        if content and (content[-1] in headings or re.fullmatch(r"[①-⑳]\s*\S+", content[-1])):
            orphans.append((number, content[-1]))
    assert not orphans


# --- IDs from older guideline versions --------------------------------------------------------------

@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    """1.1.0 renamed P01-1-PROV-01 to -02 and removed P01-2-PROV-02; 1.2.0 renamed -02 to -03."""
    from tests.conftest import build
    from tests.site.test_site import renamed_dataset

    from .conftest import serve
    tmp = tmp_path_factory.mktemp("renamed")
    data = renamed_dataset(tmp / "data")
    for name, old, new in (("checksheets.yaml", "id: P01-1-PROV-02\n", "id: P01-1-PROV-03\n"),
                           ("editorial_notes.yaml", "refs: [P01-1-PROV-02]", "refs: [P01-1-PROV-03]"),
                           ("guideline.yaml", "version: 1.1.0", "version: 1.2.0")):
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    changes = data / "changes.yaml"
    changes.write_text(changes.read_text(encoding="utf-8").replace("versions:\n", (
        'versions:\n  - version: 1.2.0\n    date: "2026-12-15"\n    summary: {ja: 改訂2, en: Revision 2}\n'
        '    added: []\n    changed: []\n    removed: []\n    renamed: {P01-1-PROV-02: P01-1-PROV-03}\n'), 1),
        encoding="utf-8")
    out = tmp / "site"
    result = build(out, data, langs=("ja",))
    assert result.returncode == 0, result.stderr[-2000:]
    with serve(out) as url:
        yield url


def test_an_answer_saved_under_a_renamed_id_follows_the_chain_of_renames(browser, renamed_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(renamed_site + "roles/provider/")
    accept_dialogs(page)
    old_file = {"format": "aigov-checklist", "guideline_version": "1.0.0", "role": "provider",
                "answers": {"P01-1-PROV-01": {"status": "done", "note": "from 1.0.0"},
                            "P01-2-PROV-02": {"status": "todo", "note": "removed later"}}}
    message = import_file(page, json.dumps(old_file))
    assert status(page, "P01-1-PROV-03") == "done"
    assert page.input_value("textarea[name='note-P01-1-PROV-03']") == "from 1.0.0"
    assert "P01-2-PROV-02" in message and "P01-1-PROV-01" not in message  # the removed one is listed
    retired = page.inner_text(el("retired"))  # and kept, shown as removed in 1.1.0
    assert "P01-2-PROV-02" in retired and "1.1.0" in retired and "removed later" in retired
    context.close()


def test_answers_saved_under_an_older_version_are_carried_forward_on_load(browser, renamed_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(renamed_site + "roles/provider/")
    page.evaluate("""v => localStorage.setItem('aigov-checklist:provider:1.0.0', v)""", json.dumps(
        {"answers": {"P01-1-PROV-01": {"status": "partial", "note": "old"},
                     "P01-2-PROV-02": {"status": "done", "note": "kept"}}}))
    page.reload()
    assert status(page, "P01-1-PROV-03") == "partial"
    assert "P01-2-PROV-02" in page.inner_text(el("retired"))
    context.close()
