"""The self-assessment checklist on the per-role pages, used as staff would use it."""
import io
import json
import re
import unicodedata

import pytest
from pypdf import PdfReader

from guideline.loader import load_guideline
from tests.conftest import DATA

G = load_guideline(DATA)
PROVIDER = [c.id for c in G.countermeasures("provider")]


def status(page, cm_id):
    return page.evaluate(
        "id => { const r = document.querySelector(`input[name='status-${id}']:checked`); return r ? r.value : null }",
        cm_id)


def saved(page):
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


@pytest.fixture
def checklist(browser, server):
    """A fresh browser profile on the provider checklist."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(server + "roles/provider/")
    yield page
    context.close()


def answer(page, cm_id, value, note=None):
    page.check(f"input[name='status-{cm_id}'][value='{value}']")
    if note is not None:
        page.fill(f"textarea[name='note-{cm_id}']", note)


def import_file(page, content: str, name="answers.json"):
    page.set_input_files("#gl-import", files=[{"name": name, "mimeType": "application/json",
                                               "buffer": content.encode("utf-8")}])
    page.wait_for_function("() => document.getElementById('gl-message').textContent.length > 0")
    return page.inner_text("#gl-message")


def test_statuses_and_notes_are_kept_after_a_reload(checklist):
    page = checklist
    assert page.is_visible("#gl-checklist")
    answer(page, PROVIDER[0], "done", "議事録に記載済み")
    answer(page, PROVIDER[1], "partial")
    answer(page, PROVIDER[-1], "na")
    page.fill("#gl-municipality", "テスト市")
    page.reload()
    assert status(page, PROVIDER[0]) == "done"
    assert status(page, PROVIDER[1]) == "partial"
    assert status(page, PROVIDER[-1]) == "na"
    assert status(page, PROVIDER[2]) is None
    assert page.input_value(f"textarea[name='note-{PROVIDER[0]}']") == "議事録に記載済み"
    assert page.input_value("#gl-municipality") == "テスト市"
    # Saved under the role and the guideline version, keyed by countermeasure ID.
    key = f"aigov-checklist:provider:{G.meta.version}"
    stored = json.loads(saved(page)[key])
    assert stored["answers"][PROVIDER[0]] == {"status": "done", "note": "議事録に記載済み"}


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
    page.fill("#gl-municipality", "Example City")
    with page.expect_download() as download:
        page.click("#gl-export")
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["format"] == "aigov-checklist" and exported["role"] == "provider"
    assert exported["guideline_version"] == G.meta.version and exported["municipality"] == "Example City"
    assert exported["date"][:4].isdigit()
    assert exported["answers"] == {PROVIDER[0]: {"status": "done", "note": "note one"},
                                   PROVIDER[3]: {"status": "todo", "note": ""}}

    colleague = browser.new_context()  # another profile: nothing saved there
    other = colleague.new_page()
    other.goto(server + "roles/provider/")
    assert status(other, PROVIDER[0]) is None
    message = import_file(other, json.dumps(exported))
    assert "2" in message
    assert status(other, PROVIDER[0]) == "done" and status(other, PROVIDER[3]) == "todo"
    assert other.input_value("#gl-municipality") == "Example City"
    other.reload()
    assert status(other, PROVIDER[0]) == "done"
    colleague.close()


@pytest.mark.parametrize("content", [
    "{ not json",
    json.dumps({"format": "something-else", "answers": {}}),
    json.dumps({"format": "aigov-checklist", "role": "provider", "answers": {"P01-1-PROV-01": {"status": "maybe"}}}),
    json.dumps({"format": "aigov-checklist", "role": "provider", "answers": ["P01-1-PROV-01"]}),
], ids=["not-json", "other-format", "bad-status", "answers-not-a-map"])
def test_a_malformed_file_changes_nothing_saved(checklist, content):
    page = checklist
    answer(page, PROVIDER[0], "partial", "keep me")
    before = saved(page)
    message = import_file(page, content)
    assert "読み込めませんでした" in message and "変更していません" in message
    assert saved(page) == before
    assert status(page, PROVIDER[0]) == "partial"


def test_a_file_for_the_other_role_is_refused(checklist):
    page = checklist
    before = saved(page)
    message = import_file(page, json.dumps({"format": "aigov-checklist", "role": "user", "answers": {}}))
    assert "AI利用者" in message and saved(page) == before


def test_a_file_from_an_older_version_keeps_matching_answers_and_lists_the_rest(checklist):
    page = checklist
    old = {"format": "aigov-checklist", "format_version": 1, "guideline_version": "0.9.0", "role": "provider",
           "municipality": "旧市", "answers": {PROVIDER[2]: {"status": "done", "note": "old"},
                                              "P01-9-PROV-01": {"status": "todo", "note": ""}}}
    message = import_file(page, json.dumps(old))
    assert "0.9.0" in message and "P01-9-PROV-01" in message
    assert status(page, PROVIDER[2]) == "done"
    stored = json.loads(saved(page)[f"aigov-checklist:provider:{G.meta.version}"])
    assert list(stored["answers"]) == [PROVIDER[2]]


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
    # Every control has an accessible name: the group by its legend, the note by its label.
    legend = page.inner_text(f"fieldset[data-cm-id='{PROVIDER[0]}'] legend")
    assert PROVIDER[0] in legend
    assert PROVIDER[0] in page.get_attribute(f"textarea[name='note-{PROVIDER[0]}']", "aria-label")


@pytest.mark.parametrize("prefix,lang", [("", "ja"), ("en/", "en")])
def test_the_checklist_prints_on_a4_without_navigation(browser, server, prefix, lang):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + prefix + "roles/user/")
    page.check(f"input[name='status-{G.countermeasures('user')[0].id}'][value='done']")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    context.close()
    # The PDF's text comes back with Kangxi radicals for some kanji (⽤ for 用) and extra spaces.
    pages = [re.sub(r"\s+", "", unicodedata.normalize("NFKC", p.extract_text())) for p in pdf.pages]

    def squash(text):
        return re.sub(r"\s+", "", text)

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


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    from tests.conftest import build
    from tests.site.test_site import renamed_dataset

    from .conftest import serve
    tmp = tmp_path_factory.mktemp("renamed")
    out = tmp / "site"
    result = build(out, renamed_dataset(tmp / "data"), langs=("ja",))
    assert result.returncode == 0, result.stderr[-2000:]
    with serve(out) as url:
        yield url


def test_an_answer_saved_under_a_renamed_id_moves_to_the_new_id(browser, renamed_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(renamed_site + "roles/provider/")
    old_file = {"format": "aigov-checklist", "guideline_version": "1.0.0", "role": "provider",
                "answers": {"P01-1-PROV-01": {"status": "done", "note": "from 1.0.0"},
                            "P01-2-PROV-02": {"status": "todo", "note": ""}}}
    message = import_file(page, json.dumps(old_file))
    assert status(page, "P01-1-PROV-02") == "done"
    assert page.input_value("textarea[name='note-P01-1-PROV-02']") == "from 1.0.0"
    assert "P01-2-PROV-02" in message and "P01-1-PROV-01" not in message  # removed one is listed
    context.close()
