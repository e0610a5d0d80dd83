"""Downloads: the XLSX and CSV checksheets per role and language, and guideline.json."""
import csv
import io
import json
import re
from datetime import date

import jsonschema
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from guideline import exports
from guideline.loader import load_guideline
from tests.conftest import DATA

G = load_guideline(DATA)
STAMP = exports.Stamp(version=G.meta.version, generated=date(2026, 11, 22), commit="abc123")
CASES = [(r.id, lang) for r in G.roles for lang in ("ja", "en")]
IDS = [f"{role}-{lang}" for role, lang in CASES]


def role_ids(role_id):
    return [c.id for c in G.countermeasures(role_id)]


@pytest.fixture(scope="module", params=CASES, ids=IDS)
def workbook(request):
    role_id, lang = request.param
    return role_id, lang, load_workbook(io.BytesIO(exports.checksheet_xlsx(G, role_id, lang, STAMP)))


def header_row_of(ws, lang):
    for i, row in enumerate(ws.iter_rows(values_only=True), 1):
        if row[0] == G.text("column.id", lang):
            return i
    raise AssertionError("no header row")


def test_xlsx_holds_exactly_the_roles_countermeasures(workbook):
    role_id, lang, wb = workbook
    ws = wb.worksheets[0]
    header = header_row_of(ws, lang)
    ids = [row[0] for row in ws.iter_rows(min_row=header + 1, values_only=True)]
    assert ids == role_ids(role_id)
    texts = [row[3] for row in ws.iter_rows(min_row=header + 1, values_only=True)]
    assert texts == [c.text[lang] for c in G.countermeasures(role_id)]


def test_xlsx_status_column_has_a_drop_down_of_the_four_statuses(workbook):
    role_id, lang, wb = workbook
    ws = wb.worksheets[0]
    header = header_row_of(ws, lang)
    last = header + len(role_ids(role_id))
    status_col = get_column_letter(exports.COLUMNS.index("status") + 1)
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"' + ",".join(exports.status_labels(G, lang)) + '"'
    assert str(validation.sqref) == f"{status_col}{header + 1}:{status_col}{last}"
    assert ws.cell(header, exports.COLUMNS.index("status") + 1).value == G.text("column.status", lang)


def test_xlsx_is_set_up_for_a4_with_a_frozen_header_and_a_stamp(workbook):
    role_id, lang, wb = workbook
    ws = wb.worksheets[0]
    header = header_row_of(ws, lang)
    assert ws.freeze_panes == f"A{header + 1}"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # "9" is A4 in the OOXML paper codes
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    stamp = G.text("stamp", lang).replace("{version}", STAMP.version).replace("{date}", "2026-11-22")
    assert ws.cell(2, 1).value == stamp
    assert wb.worksheets[1].cell(2, 1).value == stamp
    assert wb.properties.subject == stamp


def evaluate(formula: str, ws_by_name, own) -> float:
    """A tiny evaluator for the summary's formulas: COUNTIFS, COUNTIF, SUM and a difference."""
    formula = formula.lstrip("=")

    def cells(ref, sheet):
        m = re.fullmatch(r"(?:'([^']+)'!)?\$?([A-Z])\$?(\d+):\$?([A-Z])\$?(\d+)", ref)
        name, c1, r1, c2, r2 = m.groups()
        target = ws_by_name[name] if name else sheet
        return [target[f"{c}{r}"].value for c in [c1] for r in range(int(r1), int(r2) + 1)]

    def value(arg):
        arg = arg.strip()
        if arg.startswith('"'):
            return arg.strip('"')
        m = re.fullmatch(r"\$?([A-Z])\$?(\d+)", arg)
        return own[f"{m.group(1)}{m.group(2)}"].value

    m = re.fullmatch(r"COUNTIFS\((.+)\)", formula)
    if m:
        args = re.split(r",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", m.group(1))
        pairs = [(cells(args[i], own), value(args[i + 1])) for i in range(0, len(args), 2)]
        return sum(all(col[k] == crit for col, crit in pairs) for k in range(len(pairs[0][0])))
    m = re.fullmatch(r"COUNTIF\((.+),(.+)\)", formula)
    if m:
        return sum(v == value(m.group(2)) for v in cells(m.group(1), own))
    m = re.fullmatch(r"SUM\((.+)\)", formula)
    if m:
        return sum(evaluate(c, ws_by_name, own) if isinstance(c, str) and c.startswith("=") else (c or 0)
                   for c in cells(m.group(1), own))
    m = re.fullmatch(r"([A-Z]\d+)-SUM\((.+)\)", formula)
    if m:
        first = own[m.group(1)].value
        first = evaluate(first, ws_by_name, own) if isinstance(first, str) else first
        return first - evaluate(f"SUM({m.group(2)})", ws_by_name, own)
    raise AssertionError(f"unexpected formula {formula}")


def test_xlsx_summary_counts_statuses_per_principle_with_formulas(workbook):
    role_id, lang, wb = workbook
    ws, summary = wb.worksheets
    header = header_row_of(ws, lang)
    labels = exports.status_labels(G, lang)
    status_col = exports.COLUMNS.index("status") + 1
    # Fill in statuses as staff would: cycle through the four, leave every fifth blank.
    for k, row in enumerate(range(header + 1, header + 1 + len(role_ids(role_id)))):
        ws.cell(row, status_col).value = None if k % 5 == 4 else labels[k % 4]
    filled = {p.id: {label: 0 for label in labels} for p in G.principles}
    for k, cm in enumerate(G.countermeasures(role_id)):
        if k % 5 != 4:
            filled[G.sub_item(cm.sub_item_id).principle_id][labels[k % 4]] += 1
    sheets = {ws.title: ws, summary.title: summary}
    for r, p in enumerate(G.principles, start=4):
        assert summary.cell(r, 1).value.startswith(f"4-{p.ordinal}.")
        for c, label in enumerate(labels, start=2):
            formula = summary.cell(r, c).value
            assert formula.startswith("=COUNTIFS(")
            assert evaluate(formula, sheets, summary) == filled[p.id][label], (p.id, label)
        total = sum(1 for cm in G.countermeasures(role_id) if G.sub_item(cm.sub_item_id).principle_id == p.id)
        assert evaluate(summary.cell(r, len(labels) + 3).value, sheets, summary) == total
    total_row = 4 + len(G.principles)
    assert evaluate(summary.cell(total_row, len(labels) + 3).value, sheets, summary) == len(role_ids(role_id))


@pytest.mark.parametrize("role_id,lang", CASES, ids=IDS)
def test_csv_has_a_bom_and_exactly_the_roles_countermeasures(role_id, lang):
    raw = exports.checksheet_csv(G, role_id, lang, STAMP)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:len(exports.COLUMNS)] == exports.headers(G, lang)
    assert [r[0] for r in rows[1:]] == role_ids(role_id)
    assert {(r[-2], r[-1]) for r in rows[1:]} == {(STAMP.version, "2026-11-22")}
    if lang == "ja":
        assert any("ハルシネーション" in r[3] + r[4] for r in rows[1:])


def test_guideline_json_is_complete_and_valid_against_its_schema():
    document = json.loads(exports.guideline_json(G, STAMP))
    jsonschema.validate(document, exports.guideline_json_schema())
    assert (document["guideline_version"], document["commit"], document["generated"]) == (STAMP.version, "abc123", "2026-11-22")
    ids = [c["id"] for p in document["principles"] for s in p["sub_items"] for role in s["roles"].values()
           for c in role["countermeasures"]]
    assert sorted(ids) == sorted(c.id for c in G.countermeasures())
    assert {"provider", "user"} == set(document["principles"][0]["sub_items"][0]["roles"])


def test_guideline_json_schema_rejects_a_broken_export():
    document = json.loads(exports.guideline_json(G, STAMP))
    document["principles"][0]["sub_items"][0]["roles"]["provider"]["countermeasures"][0]["id"] = "bad id"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, exports.guideline_json_schema())
