"""The accessibility statement (ウェブアクセシビリティ方針) and its test results (試験結果).

JIS X 8341-3:2016 is identical to WCAG 2.0 (ISO/IEC 40500:2012); Japanese public bodies report
against its 38 success criteria of levels A and AA, as MIC's みんなの公共サイト運用ガイドライン
describes. This site aims at WCAG 2.1 AA, which includes them.

The results come from a recorded run of the browser tests (scripts/record_accessibility.py writes
data/accessibility_results.yaml). The statement says, per criterion, only what that run checked:
automatically by axe-core on every page, by a browser test of behaviour, or not at all.
tests/unit/test_accessibility_results.py fails when the record no longer matches the site's pages
or the tests named here.
"""
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from ruamel.yaml import YAML

from .model import Guideline
from .templating import html_environment

RESULTS_FILE = "accessibility_results.yaml"

# (criterion, level, Japanese name as in JIS X 8341-3:2016, English name as in WCAG 2.0)
CRITERIA: tuple[tuple[str, str, str, str], ...] = (
    ("1.1.1", "A", "非テキストコンテンツ", "Non-text Content"),
    ("1.2.1", "A", "音声のみ及び映像のみ（収録済）", "Audio-only and Video-only (Prerecorded)"),
    ("1.2.2", "A", "キャプション（収録済）", "Captions (Prerecorded)"),
    ("1.2.3", "A", "音声解説、又はメディアに対する代替コンテンツ（収録済）",
     "Audio Description or Media Alternative (Prerecorded)"),
    ("1.2.4", "AA", "キャプション（ライブ）", "Captions (Live)"),
    ("1.2.5", "AA", "音声解説（収録済）", "Audio Description (Prerecorded)"),
    ("1.3.1", "A", "情報及び関係性", "Info and Relationships"),
    ("1.3.2", "A", "意味のある順序", "Meaningful Sequence"),
    ("1.3.3", "A", "感覚的な特徴", "Sensory Characteristics"),
    ("1.4.1", "A", "色の使用", "Use of Color"),
    ("1.4.2", "A", "音声の制御", "Audio Control"),
    ("1.4.3", "AA", "コントラスト（最低限レベル）", "Contrast (Minimum)"),
    ("1.4.4", "AA", "テキストのサイズ変更", "Resize text"),
    ("1.4.5", "AA", "文字画像", "Images of Text"),
    ("2.1.1", "A", "キーボード", "Keyboard"),
    ("2.1.2", "A", "キーボードトラップなし", "No Keyboard Trap"),
    ("2.2.1", "A", "タイミング調整可能", "Timing Adjustable"),
    ("2.2.2", "A", "一時停止、停止、非表示", "Pause, Stop, Hide"),
    ("2.3.1", "A", "3回の閃光、又は閾値以下", "Three Flashes or Below Threshold"),
    ("2.4.1", "A", "ブロックスキップ", "Bypass Blocks"),
    ("2.4.2", "A", "ページタイトル", "Page Titled"),
    ("2.4.3", "A", "フォーカス順序", "Focus Order"),
    ("2.4.4", "A", "リンクの目的（コンテキスト内）", "Link Purpose (In Context)"),
    ("2.4.5", "AA", "複数の手段", "Multiple Ways"),
    ("2.4.6", "AA", "見出し及びラベル", "Headings and Labels"),
    ("2.4.7", "AA", "フォーカスの可視化", "Focus Visible"),
    ("3.1.1", "A", "ページの言語", "Language of Page"),
    ("3.1.2", "AA", "一部分の言語", "Language of Parts"),
    ("3.2.1", "A", "フォーカス時", "On Focus"),
    ("3.2.2", "A", "入力時", "On Input"),
    ("3.2.3", "AA", "一貫したナビゲーション", "Consistent Navigation"),
    ("3.2.4", "AA", "一貫した識別性", "Consistent Identification"),
    ("3.3.1", "A", "エラーの特定", "Error Identification"),
    ("3.3.2", "A", "ラベル又は説明", "Labels or Instructions"),
    ("3.3.3", "AA", "エラー修正の提案", "Error Suggestion"),
    ("3.3.4", "AA", "エラー回避（法的、金融、データ）", "Error Prevention (Legal, Financial, Data)"),
    ("4.1.1", "A", "構文解析", "Parsing"),
    ("4.1.2", "A", "名前（name）・役割（role）及び値（value）", "Name, Role, Value"),
)

# Browser tests of behaviour and the criteria each one checks (test node name without parameters).
# Only what the test really asserts: e.g. the focus tests check that an indicator is drawn, not
# its contrast.
_A11Y, _CHECKLIST = "tests/browser/test_accessibility.py::", "tests/browser/test_checklist.py::"
BEHAVIOUR_TESTS: dict[str, tuple[str, ...]] = {
    _A11Y + "test_skip_link_is_the_first_stop_and_moves_to_the_content": ("2.4.1", "2.1.1"),
    _A11Y + "test_focus_is_visible_on_links": ("2.4.7",),
    _A11Y + "test_role_tabs_switch_with_arrow_keys": ("2.1.1", "4.1.2"),
    _CHECKLIST + "test_the_checklist_works_with_the_keyboard": ("2.1.1", "2.4.3"),
    _CHECKLIST + "test_keyboard_focus_is_visible_on_every_kind_of_control": ("2.4.7",),
    _CHECKLIST + "test_each_status_group_is_named_by_its_countermeasure": ("4.1.2", "2.4.6", "3.3.2"),
    _CHECKLIST + "test_a_malformed_file_changes_nothing_saved": ("3.3.1",),
    _CHECKLIST + "test_import_says_what_it_will_change_and_changes_nothing_when_declined": ("3.3.4",),
    _CHECKLIST + "test_delete_asks_first": ("3.3.4",),
    _CHECKLIST + "test_a_failed_save_says_so_and_keeps_the_entry_on_the_page": ("3.3.1",),
    "tests/browser/test_pages.py::test_page": ("3.1.1",),  # also asserts the lang attribute itself
}

# The tests whose axe-core runs are recorded: every page, in the light and dark colour scheme (one
# test per page checks both, and records the outcome of each).
AXE_TESTS = ("tests/browser/test_pages.py::test_page",)

KNOWN_EXCEPTIONS = ("pdf_source", "excel", "third_party")

# Interface strings the statement template uses (as t.<name>).
STATEMENT_STRINGS = (
    "a11y.policy_title", "a11y.policy", "a11y.scope_title", "a11y.scope", "a11y.exceptions_title",
    "a11y.exception_pdf_source", "a11y.exception_excel", "a11y.exception_third_party", "a11y.results_title",
    "a11y.tested_on", "a11y.tested_commit", "a11y.tools", "a11y.pages", "a11y.pages_value", "a11y.summary",
    "a11y.no_claim", "a11y.criterion", "a11y.level", "a11y.method", "a11y.result", "a11y.evidence",
    "a11y.method_axe", "a11y.method_behaviour", "a11y.method_none", "a11y.result_pass", "a11y.result_fail",
    "a11y.result_none", "a11y.no_results", "a11y.contact_title", "a11y.contact_upstream")


def results_path(data_dir: Path) -> Path:
    return Path(data_dir) / RESULTS_FILE


def load_results(data_dir: Path) -> dict[str, Any] | None:
    path = results_path(data_dir)
    return YAML(typ="safe").load(path.read_text(encoding="utf-8")) if path.is_file() else None


def criteria_table(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Per criterion: how the recorded run checked it and with what result."""
    behaviour = results.get("behaviour", [])
    automatic = results.get("axe", {}).get("criteria", {})
    rows = []
    for sc, level, ja, en in CRITERIA:
        tests = [t for t in behaviour if sc in t["criteria"]]
        axe = automatic.get(sc)
        failed = (axe and axe.get("violations")) or any(t["outcome"] != "passed" for t in tests)
        method = [m for m, used in (("axe", bool(axe)), ("behaviour", bool(tests))) if used]
        rows.append({"sc": sc, "level": level, "name": {"ja": ja, "en": en}, "method": method,
                     "result": "none" if not method else ("fail" if failed else "pass"),
                     "tests": [t["test"].split("::")[-1] for t in tests],
                     "axe_rules": sorted((axe or {}).get("rules", []))})
    return rows


@cache
def _environment() -> Environment:
    from .render import inline
    return html_environment(Path(__file__).parent / "templates" / "accessibility",
                            inert=lambda text: Markup(inline(str(text))))


def statement(g: Guideline, lang: str, results: dict[str, Any] | None, site_name: str) -> str:
    """The statement's generated part: scope, date, results table and what was not tested."""
    from . import render
    t = {key.split(".", 1)[1]: g.ui[key][lang] for key in STATEMENT_STRINGS}
    contact = render.contact_html(g, "accessibility", lang)
    rows = criteria_table(results) if results else []
    html = _environment().get_template("statement.html").render(
        lang=lang, t=t, results=results, rows=rows, site_name=site_name, contact=Markup(contact),
        counts={r: sum(1 for row in rows if row["result"] == r) for r in ("pass", "fail", "none")},
        exceptions=[t[f"exception_{e}"] for e in KNOWN_EXCEPTIONS])
    # One raw HTML block for Markdown: no blank lines inside.
    return "\n".join(line for line in html.splitlines() if line.strip())
