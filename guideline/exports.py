"""Downloads generated from the data: checksheets (XLSX, CSV) per role, and the guideline as JSON.

One list of rows per role and language (`checksheet_rows`) feeds both the CSV and the XLSX.
Every file carries the guideline version and the generation date.
"""
import copy
import csv
import functools
import io
import json
import math
import re
import unicodedata
import weakref
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import LANGUAGES, naming
from .model import Guideline, Text

STATUSES = ("done", "partial", "todo", "na")  # keys of saved answers; labels in ui.yaml (status.*)
CHECKLIST_FORMAT = "aigov-checklist"          # `format` of exported self-assessments (checklist.js)
CHECKLIST_FORMAT_VERSION = 2                  # 1: one assessment, status and note; 2: subject and details


@dataclass(frozen=True)
class Stamp:
    """What every download carries."""
    version: str
    generated: date
    commit: str = "unknown"


def status_labels(g: Guideline, lang: str) -> list[str]:
    return [g.text(f"status.{s}", lang) for s in STATUSES]


def municipality_slug(g: Guideline) -> str:
    """'Midori City' -> 'midori-city': a fork's name in file names ('' upstream).

    From the English name: file names stay ASCII for old office PCs and mail gateways."""
    if not g.municipality:
        return ""
    slug = re.sub(r"[^a-z0-9]+", "-", g.municipality.name.en.casefold()).strip("-")
    return slug or "municipality"


def filename(kind: str, role_id: str | None = None, municipality: str = "") -> str:
    """A download's file name; the checksheets, which staff pass around, carry a fork's municipality."""
    suffix = f"-{municipality}" if municipality else ""
    return {"xlsx": f"checksheet-{role_id}{suffix}.xlsx", "csv": f"checksheet-{role_id}{suffix}.csv",
            "json": "guideline.json", "schema": "guideline.schema.json"}[kind]


# --- spreadsheet text that must stay text ------------------------------------------------------

# A cell text starting with one of these is run as a formula by Excel or LibreOffice when a CSV
# is opened (CSV injection, e.g. =HYPERLINK(...)); tab and CR hide the sign from a reader.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text for a CSV cell: a leading apostrophe keeps a would-be formula as text (OWASP advice)."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def checksheet_rows(g: Guideline, role_id: str, lang: str) -> list[dict]:
    """One row per countermeasure of the role, in guideline order, with the sub-item's risks."""
    rows = []
    for p in g.principles:
        for s in p.sub_items:
            sheet = g.sheet(s.id, role_id)
            if not sheet:
                continue
            risks = "\n".join(f"・{r.text[lang]}" for r in sheet.risks if not r.omitted)
            for cm in sheet.countermeasures:
                details = [f"・{t[lang]}" for t in cm.sub_points]
                details += [f"{g.text('examples', lang)} {t[lang]}" for t in cm.examples]
                # An item the municipality left out is answered "not applicable", with its reason.
                rows.append({"id": cm.id, "principle": naming.principle_label(p, lang),
                             "sub_item": naming.sub_item_label(s, lang), "risk": risks,
                             "countermeasure": cm.text[lang], "details": "\n".join(details),
                             "origin": g.text("origin.local" if cm.local else "origin.guideline", lang),
                             "omitted": cm.omitted[lang] if cm.omitted else "",
                             "status": g.text("status.na", lang) if cm.omitted else "",
                             "owner": "", "checked_on": "", "due_on": "", "note": "", "evidence": ""})
    return rows


# Answer columns: what staff fill in (unlocked in the XLSX). Their keys are the JSON answer fields.
ANSWER_COLUMNS = ("status", "owner", "checked_on", "due_on", "note", "evidence")
CSV_COLUMNS = ("id", "principle", "sub_item", "risk", "countermeasure", "details", "origin", "omitted",
               *ANSWER_COLUMNS)
XLSX_COLUMNS = ("id", "principle", "sub_item", "risk", "countermeasure", "origin", *ANSWER_COLUMNS)
COLUMNS = CSV_COLUMNS  # kept for callers of the CSV layout


def headers(g: Guideline, lang: str, columns: tuple[str, ...] = CSV_COLUMNS) -> list[str]:
    return [g.text(f"column.{c}", lang) for c in columns]


def checksheet_csv(g: Guideline, role_id: str, lang: str, stamp: Stamp) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Japanese correctly. The last two columns carry
    the guideline version and generation date on every row (a CSV has no other place for them)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*headers(g, lang), g.text("column.version", lang), g.text("column.generated", lang)])
    for row in checksheet_rows(g, role_id, lang):
        writer.writerow([*(csv_text(row[c]) for c in CSV_COLUMNS), stamp.version, stamp.generated.isoformat()])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- the XLSX checksheet ------------------------------------------------------------------------

# Font: 游ゴシック is the default Japanese font of Excel 2016 and later (Windows and Mac) and of
# Windows 8.1+, so LibreOffice on Windows has it too. Where it is missing (LibreOffice on Linux),
# LibreOffice substitutes a Japanese Gothic font (Noto Sans CJK JP with fonts-noto-cjk). Meiryo or
# MS P Gothic would look dated in current Excel; a Noto name would fall back to a non-Japanese
# font in Excel on Windows.
FONT_NAME = "游ゴシック"
FONT_SIZE = 11          # printed at >= 9 pt: the sheet is fitted to the page width only (see tests)
LINE_HEIGHT = 18.75     # points per line of 游ゴシック 11 pt, Excel's own default row height
OWN_ROWS = 20           # empty rows for the municipality's own items, covered by validation and formulas

# Widths in Excel's units: one digit of the workbook's default font, Calibri 11 (openpyxl's Normal
# style; LibreOffice uses the metric-compatible Carlito). Sum 166: fitted to the width of A4
# landscape the sheet prints at about 84 %, so the 11 pt text prints at about 9.2 pt (measured
# through LibreOffice, see tests/unit/test_exports.py).
WIDTHS = {"id": 14, "principle": 10, "sub_item": 11, "risk": 24, "countermeasure": 32, "origin": 7,
          "status": 9, "owner": 10, "checked_on": 10, "due_on": 10, "note": 19, "evidence": 10}

# The sheet's header block: (ui key of the label, field of the saved assessment).
HEADER_FIELDS = (("checklist.municipality", "municipality"), ("checklist.subject", "subject"),
                 ("checklist.department", "department"), ("checklist.use", "use"),
                 ("checklist.assessor", "assessor"), ("checklist.started", "started"),
                 ("column.version", "version"))
FIRST_HEADER_ROW = 3
INSTRUCTIONS_ROW = FIRST_HEADER_ROW + len(HEADER_FIELDS) + 1
HEADER_ROW = INSTRUCTIONS_ROW + 2
STATUS_FILLS = {"done": "C6EFCE", "partial": "FFEB9C", "todo": "FFC7CE", "na": "D9D9D9"}
SUMMARY_HEADER_ROW = 4


@functools.cache
def _font(bold: bool = False, size: float = FONT_SIZE) -> Font:
    """One Font object per kind (openpyxl style objects are never changed in place), so that _put
    can recognise a cell's style by the objects it is made of."""
    return Font(name=FONT_NAME, size=size, charset=128, family=3, bold=bold)


def display_width(text: str) -> float:
    """Width of a text in digit widths: full-width (CJK) characters take about two."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped text takes in a column `width` units wide (one cell margin left out)."""
    usable = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in str(text).split("\n"))


def row_height(values: Mapping[str, str], widths: Mapping[str, float], size: float = FONT_SIZE) -> float:
    """A row height in points that shows every line of the row's longest cell."""
    lines = max((lines_needed(v, widths[k]) for k, v in values.items() if v), default=1)
    return round(lines * LINE_HEIGHT * size / FONT_SIZE + 3, 2)


# Per workbook being written: the style (attribute name, style object id) each kind of cell has had,
# with its indices into the workbook's style tables. Gone with the workbook.
_STYLES_MADE: "weakref.WeakKeyDictionary[Workbook, dict[tuple, tuple[tuple, Any]]]" = weakref.WeakKeyDictionary()


def _put(ws, row: int, column: int, value, **style):
    """Write a cell. Text from the data is always a string, never a formula (=HYPERLINK…).

    Setting a style attribute makes openpyxl look the style up in the workbook's tables, which took
    half of writing a checksheet. A cell styled like an earlier one of the workbook (the same style
    objects) takes that cell's indices into the tables instead: the file written is the same."""
    cell = ws.cell(row, column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    if style:
        known = _STYLES_MADE.setdefault(ws.parent, {})
        key = tuple((name, v if isinstance(v, str) else id(v)) for name, v in sorted(style.items()))
        if key in known:
            cell._style = copy.copy(known[key][1])
        else:
            for name, v in style.items():
                setattr(cell, name, v)
            known[key] = (tuple(style.values()), copy.copy(cell._style))  # the objects kept: their ids stay theirs
    return cell


def xlsx_layout(g: Guideline, role_id: str, lang: str) -> dict:
    """Where things are in the checksheet, for checklist.js (which fills and reads it)."""
    n = len(g.countermeasures(role_id))
    letters = {c: get_column_letter(i) for i, c in enumerate(XLSX_COLUMNS, start=1)}
    return {"sheet": g.text("sheet.checklist", lang)[:31], "summary": g.text("sheet.summary", lang)[:31],
            "headerRow": HEADER_ROW, "firstRow": HEADER_ROW + 1, "lastGuidelineRow": HEADER_ROW + n,
            "lastRow": HEADER_ROW + n + OWN_ROWS, "columns": letters,
            "idHeader": g.text("column.id", lang), "summaryHeaderRow": SUMMARY_HEADER_ROW,
            "cells": {field: f"C{FIRST_HEADER_ROW + i}" for i, (_, field) in enumerate(HEADER_FIELDS)}}


def checksheet_xlsx(g: Guideline, role_id: str, lang: str, stamp: Stamp) -> bytes:
    role = g.role(role_id)
    rows = checksheet_rows(g, role_id, lang)
    layout = xlsx_layout(g, role_id, lang)
    col = {c: i for i, c in enumerate(XLSX_COLUMNS, start=1)}
    letter = layout["columns"]
    first, last_guideline, last = layout["firstRow"], layout["lastGuidelineRow"], layout["lastRow"]
    ncols = len(XLSX_COLUMNS)
    last_letter = get_column_letter(ncols)
    labels = status_labels(g, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = layout["sheet"]
    title = f"{g.meta.title[lang]} — {naming.role_title(g, role, lang)}"
    if g.municipality:  # what staff pass around says whose it is
        title = f"{g.meta.title[lang]} — {g.municipality.name[lang]} — {naming.role_title(g, role, lang)}"
    stamp_text = g.text("stamp", lang, version=stamp.version, date=stamp.generated.isoformat())
    unlocked = Protection(locked=False)
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    input_fill = PatternFill("solid", fgColor="FFFFFF")
    text_fill = PatternFill("solid", fgColor="F2F2F2")  # guideline text: grey, protected

    _put(ws, 1, 1, title, font=_font(bold=True, size=14))
    _put(ws, 2, 1, stamp_text, font=_font())
    ws.row_dimensions[1].height = LINE_HEIGHT * 14 / FONT_SIZE + 4
    # Header block: label (A:B) and value (C:E); the values are for staff to fill in.
    for i, (key, field) in enumerate(HEADER_FIELDS):
        r = FIRST_HEADER_ROW + i
        _put(ws, r, 1, g.text(key, lang), font=_font(bold=True), alignment=wrap, border=box, fill=text_fill)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        value = stamp.version if field == "version" else (
            g.municipality.name[lang] if field == "municipality" and g.municipality else None)
        cell = _put(ws, r, 3, value, font=_font(), alignment=wrap, border=box)
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
        if field != "version":
            cell.protection = unlocked
            cell.fill = input_fill
        if field == "started":
            cell.number_format = "yyyy/mm/dd"
    instructions = g.text("xlsx.instructions", lang, rows=OWN_ROWS)
    _put(ws, INSTRUCTIONS_ROW, 1, instructions, font=_font(), alignment=wrap)
    ws.merge_cells(start_row=INSTRUCTIONS_ROW, start_column=1, end_row=INSTRUCTIONS_ROW, end_column=ncols)
    total_width = sum(WIDTHS.values())
    ws.row_dimensions[INSTRUCTIONS_ROW].height = row_height({"all": instructions}, {"all": total_width})

    for k, name in enumerate(headers(g, lang, XLSX_COLUMNS), start=1):
        _put(ws, HEADER_ROW, k, name, font=_font(bold=True), alignment=wrap, border=box,
             fill=PatternFill("solid", fgColor="DDE3F5"))
    ws.row_dimensions[HEADER_ROW].height = row_height(
        dict(zip(XLSX_COLUMNS, headers(g, lang, XLSX_COLUMNS), strict=True)), WIDTHS)

    for r, row in enumerate(rows, start=first):
        values = {**row, "countermeasure": row["countermeasure"] + ("\n" + row["details"] if row["details"] else ""),
                  "note": (g.text("omitted.label", lang,
                                  municipality=g.municipality.name[lang] if g.municipality else "")
                           + " " + row["omitted"]) if row["omitted"] else ""}
        for c in XLSX_COLUMNS:
            cell = _put(ws, r, col[c], values[c] or None, font=_font(), alignment=wrap, border=box)
            if c in ANSWER_COLUMNS:
                cell.protection = unlocked
            else:
                cell.fill = text_fill
        ws.row_dimensions[r].height = row_height({c: values[c] for c in XLSX_COLUMNS}, WIDTHS)
    # The municipality's own items: every cell open, principle from a list, the same drop-down.
    for r in range(last_guideline + 1, last + 1):
        for c in XLSX_COLUMNS:
            _put(ws, r, col[c], g.text("origin.local", lang) if c == "origin" else None, font=_font(),
                 alignment=wrap, border=box, protection=unlocked)
        ws.row_dimensions[r].height = LINE_HEIGHT * 2 + 3
    for c in XLSX_COLUMNS:
        ws.column_dimensions[letter[c]].width = WIDTHS[c]
        if c in ("checked_on", "due_on"):
            for r in range(first, last + 1):
                ws.cell(r, col[c]).number_format = "yyyy/mm/dd"

    status_range = f"{letter['status']}{first}:{letter['status']}{last}"
    status_title = g.text("column.status", lang)
    validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle=status_title, error=" / ".join(labels),
                                showInputMessage=True, promptTitle=status_title,
                                prompt=g.text("xlsx.status_prompt", lang, statuses=" / ".join(labels)))
    validation.add(status_range)
    ws.add_data_validation(validation)
    dates = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                           showErrorMessage=True, errorTitle=g.text("column.checked_on", lang),
                           error=g.text("xlsx.date_error", lang), showInputMessage=True,
                           promptTitle=g.text("column.checked_on", lang), prompt=g.text("xlsx.date_prompt", lang))
    for c in ("checked_on", "due_on"):
        dates.add(f"{letter[c]}{first}:{letter[c]}{last}")
    dates.add(layout["cells"]["started"])
    ws.add_data_validation(dates)
    summary_title = layout["summary"]
    summary_ref = "'" + summary_title.replace("'", "''") + "'"
    principles_list = (f"{summary_ref}!$A${SUMMARY_HEADER_ROW + 1}:"
                       f"$A${SUMMARY_HEADER_ROW + len(g.principles)}")
    own_principle = DataValidation(type="list", formula1=principles_list, allow_blank=True,
                                   showInputMessage=True, promptTitle=g.text("column.principle", lang),
                                   prompt=g.text("xlsx.principle_prompt", lang))
    own_principle.add(f"{letter['principle']}{last_guideline + 1}:{letter['principle']}{last}")
    ws.add_data_validation(own_principle)
    for status, label in zip(STATUSES, labels, strict=True):
        ws.conditional_formatting.add(status_range, CellIsRule(
            operator="equal", formula=['"' + label.replace('"', '""') + '"'],
            fill=PatternFill("solid", fgColor=STATUS_FILLS[status], bgColor=STATUS_FILLS[status])))

    ws.freeze_panes = f"B{first}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{last_letter}{last}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_letter}{last}"
    _a4(ws, landscape=True)
    _header_footer(ws, title, stamp_text)
    _protect(ws)

    # Summary: counts per principle and status, and 対応率, as formulas that follow what staff fill in.
    summary = wb.create_sheet(summary_title)
    _put(summary, 1, 1, title, font=_font(bold=True, size=14))
    _put(summary, 2, 1, stamp_text, font=_font())
    _put(summary, 3, 1, g.text("xlsx.rate_note", lang), font=_font())
    head = [g.text("principle", lang), g.text("total", lang), *labels, g.text("status.blank", lang),
            g.text("xlsx.rate", lang)]
    for k, name in enumerate(head, start=1):
        _put(summary, SUMMARY_HEADER_ROW, k, name, font=_font(bold=True), border=box, alignment=wrap,
             fill=PatternFill("solid", fgColor="DDE3F5"))
    sheet_ref = "'" + ws.title.replace("'", "''") + "'"
    p_range = f"{sheet_ref}!${letter['principle']}${first}:${letter['principle']}${last}"
    s_range = f"{sheet_ref}!${letter['status']}${first}:${letter['status']}${last}"
    # Values of the blank workbook (only omitted items are answered), cached next to the formulas.
    prefilled = {p.id: {s: 0 for s in STATUSES} for p in g.principles}
    totals = {p.id: 0 for p in g.principles}
    for cm in g.countermeasures(role_id):
        pid = g.sub_item(cm.sub_item_id).principle_id
        totals[pid] += 1
        if cm.omitted:
            prefilled[pid]["na"] += 1
    cached: dict[str, float | int | str] = {}
    n_status = len(STATUSES)
    total_col, blank_col, rate_col = 2, 3 + n_status, 4 + n_status
    tl, bl, rl = (get_column_letter(number) for number in (total_col, blank_col, rate_col))
    done_l, na_l = get_column_letter(3 + STATUSES.index("done")), get_column_letter(3 + STATUSES.index("na"))

    def rate(done: int, total: int, na: int) -> float | str:
        return done / (total - na) if total - na else ""

    for r, p in enumerate(g.principles, start=SUMMARY_HEADER_ROW + 1):
        _put(summary, r, 1, naming.principle_label(p, lang), font=_font(), border=box)
        summary.cell(r, total_col).value = f"=COUNTIF({p_range},$A{r})"
        cached[f"{tl}{r}"] = totals[p.id]
        for k, (status, label) in enumerate(zip(STATUSES, labels, strict=True)):
            summary.cell(r, 3 + k).value = f'=COUNTIFS({p_range},$A{r},{s_range},"{label}")'
            cached[f"{get_column_letter(3 + k)}{r}"] = prefilled[p.id][status]
        summary.cell(r, blank_col).value = f"={tl}{r}-SUM(C{r}:{get_column_letter(2 + n_status)}{r})"
        cached[f"{bl}{r}"] = totals[p.id] - sum(prefilled[p.id].values())
        summary.cell(r, rate_col).value = f'=IF({tl}{r}-{na_l}{r}=0,"",{done_l}{r}/({tl}{r}-{na_l}{r}))'
        cached[f"{rl}{r}"] = rate(prefilled[p.id]["done"], totals[p.id], prefilled[p.id]["na"])
    total_row = SUMMARY_HEADER_ROW + 1 + len(g.principles)
    _put(summary, total_row, 1, g.text("total", lang), font=_font(bold=True), border=box)
    for number in range(2, rate_col):
        cl = get_column_letter(number)
        summary.cell(total_row, number).value = f"=SUM({cl}{SUMMARY_HEADER_ROW + 1}:{cl}{total_row - 1})"
        cached[f"{cl}{total_row}"] = sum(int(cached[f"{cl}{r}"]) for r in range(SUMMARY_HEADER_ROW + 1, total_row))
    summary.cell(total_row, rate_col).value = (f'=IF({tl}{total_row}-{na_l}{total_row}=0,"",'
                                               f"{done_l}{total_row}/({tl}{total_row}-{na_l}{total_row}))")
    cached[f"{rl}{total_row}"] = rate(int(cached[f"{done_l}{total_row}"]), int(cached[f"{tl}{total_row}"]),
                                      int(cached[f"{na_l}{total_row}"]))
    for r in range(SUMMARY_HEADER_ROW + 1, total_row + 1):
        for number in range(2, rate_col + 1):
            cell = summary.cell(r, number)
            cell.font = _font(bold=r == total_row)
            cell.border = box
        summary.cell(r, rate_col).number_format = "0.0%"
    # Approval block, as Japanese office forms have it.
    approval_row = total_row + 2
    _put(summary, approval_row, 1, g.text("approval.title", lang), font=_font(bold=True))
    for i, who in enumerate(("approval.reviewer", "approval.approver")):
        r = approval_row + 1 + i
        _put(summary, r, 1, g.text(who, lang), font=_font(bold=True), border=box, fill=text_fill)
        _put(summary, r, 2, None, border=box, protection=unlocked)
        summary.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
        _put(summary, r, 5, g.text("approval.date", lang), font=_font(bold=True), border=box, fill=text_fill)
        _put(summary, r, 6, None, border=box, protection=unlocked, number_format="yyyy/mm/dd")
        summary.merge_cells(start_row=r, start_column=6, end_row=r, end_column=rate_col)
        summary.row_dimensions[r].height = LINE_HEIGHT * 2.5
    summary.column_dimensions["A"].width = 34
    for number in range(2, rate_col + 1):
        summary.column_dimensions[get_column_letter(number)].width = 10
    summary.row_dimensions[SUMMARY_HEADER_ROW].height = LINE_HEIGHT * 2 + 3
    summary.freeze_panes = f"A{SUMMARY_HEADER_ROW + 1}"
    summary.print_area = f"A1:{get_column_letter(rate_col)}{approval_row + 2}"
    _a4(summary, landscape=False)
    _header_footer(summary, title, stamp_text)
    _protect(summary)

    wb.properties.title = title
    wb.properties.subject = stamp_text
    wb.properties.creator = g.meta.publisher[lang]
    out = io.BytesIO()
    wb.save(out)
    return with_cached_values(out.getvalue(), 2, cached)


def _header_footer(ws, title: str, stamp_text: str) -> None:
    """Title at the top, version and page number at the foot of every printed page, in the sheet's
    font size: the page is scaled to its width, and the footer must stay legible too."""
    for part, text in ((ws.oddHeader.left, title), (ws.oddFooter.left, stamp_text), (ws.oddFooter.right, "&P / &N")):
        part.text = text
        part.size = FONT_SIZE
        part.font = FONT_NAME


def _protect(ws) -> None:
    """Formulas and guideline text locked, answer cells open; no password (staff may unprotect to
    add columns: the protection guards against slips, not people). Filtering and resizing rows and
    columns stay allowed."""
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.formatCells = False


def with_cached_values(xlsx: bytes, sheet_number: int, values: Mapping[str, float | int | str]) -> bytes:
    """Add the results of formulas to a workbook openpyxl wrote, so file previews and viewers that
    do not calculate (mail clients, file servers' previews) show numbers instead of blanks.

    openpyxl has no way to write a formula's cached result: it writes `<f>…</f><v />`. The values
    are computed in Python from the same data as the formulas (the blank workbook); a test
    recalculates the workbook with LibreOffice and compares. Excel recalculates anyway on load
    (fullCalcOnLoad), so a stale value can never stick."""
    name = f"xl/worksheets/sheet{sheet_number}.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == name:
                text = data.decode("utf-8")
                for ref, value in values.items():
                    # The empty value is <v /> or <v></v> (openpyxl with or without lxml), or absent.
                    pattern = re.compile(
                        r'(<c r="' + ref + r'"(?: [^>]*)?)(>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?', re.S)
                    if isinstance(value, str):
                        # A text result needs t="str"; "" is what IF(...,"",...) gives.
                        replacement = r'\1 t="str"\2<v>' + xml_escape(value) + "</v>"
                    else:
                        replacement = r"\1\2<v>" + repr(value) + "</v>"
                    text, found = pattern.subn(replacement, text, count=1)
                    if not found:
                        raise ValueError(f"no formula cell {ref} in {name}")
                data = text.encode("utf-8")
            elif item.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                if "<calcPr" in text and "fullCalcOnLoad" not in text:
                    text = re.sub(r"<calcPr([^>]*?)/>", r'<calcPr\1 fullCalcOnLoad="1"/>', text, count=1)
                data = text.encode("utf-8")
            dst.writestr(item, data)
    return out.getvalue()


def _a4(ws, landscape: bool):
    """A4, fitted to the page width only: long sheets run onto more pages at a legible size."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25


# --- the whole guideline as JSON ----------------------------------------------------------------

def _text(t: Text) -> dict:
    return {lang: t[lang] for lang in LANGUAGES}


def guideline_json(g: Guideline, stamp: Stamp) -> bytes:
    def record(r, **extra):
        marks = {"omitted": _text(r.omitted) if r.omitted else None}
        if hasattr(r, "local"):
            marks["local"] = r.local
        return {"id": r.id, "text": _text(r.text), **extra, **marks}

    m = g.municipality
    municipality = {"name": _text(m.name), "site_url": m.site_url} if m else None

    document = {
        "$schema": "guideline.schema.json",
        "title": _text(g.meta.title),
        "guideline_version": stamp.version,
        "generated": stamp.generated.isoformat(),
        "commit": stamp.commit,
        "municipality": municipality,
        "roles": [{"id": r.id, "code": r.code, "name": _text(r.name), "actor": _text(r.actor)} for r in g.roles],
        "principles": [{
            "id": p.id, "number": naming.principle_number(p), "title": _text(p.title),
            "sub_items": [{
                "id": s.id, "number": naming.sub_item_number(s), "title": _text(s.title),
                "content": [_text(t) for t in s.content],
                "roles": {r.id: {
                    "risks": [record(x) for x in sheet.risks],
                    "countermeasures": [record(c, sub_points=[_text(t) for t in c.sub_points],
                                               examples=[_text(t) for t in c.examples])
                                        for c in sheet.countermeasures],
                } for r in g.roles if (sheet := g.sheet(s.id, r.id))},
            } for s in p.sub_items],
        } for p in g.principles],
        "glossary": [{"id": t.id, "term": _text(t.term), "definition": [_text(d) for d in t.definition]}
                     for t in g.terms],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def guideline_json_schema() -> dict:
    from . import ids
    text = {"type": "object", "required": list(LANGUAGES), "additionalProperties": False,
            "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES}}
    texts = {"type": "array", "items": {"$ref": "#/$defs/text"}}

    def record(pattern, **extra):
        return {"type": "object", "required": ["id", "text"], "additionalProperties": False,
                "properties": {"id": {"type": "string", "pattern": ids.anchored(pattern)},
                               "text": {"$ref": "#/$defs/text"},
                               "omitted": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/text"}],
                                           "description": "Left out by the municipality, for this reason."},
                               **extra}}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "AI Governance Guideline for Municipalities (guideline.json)",
        "$defs": {"text": text},
        "type": "object",
        "required": ["title", "guideline_version", "generated", "commit", "roles", "principles", "glossary"],
        "properties": {
            "$schema": {"type": "string"},
            "title": {"$ref": "#/$defs/text"},
            "guideline_version": {"type": "string", "pattern": r"^[0-9]+\.[0-9]+\.[0-9]+$"},
            "generated": {"type": "string", "format": "date"},
            "commit": {"type": "string"},
            "municipality": {"anyOf": [{"type": "null"}, {"type": "object", "required": ["name"]}]},
            "roles": {"type": "array", "items": {"type": "object", "required": ["id", "code", "name", "actor"]}},
            "principles": {"type": "array", "items": {
                "type": "object", "required": ["id", "number", "title", "sub_items"],
                "properties": {
                    "id": {"type": "string", "pattern": ids.anchored(ids.PRINCIPLE)},
                    "title": {"$ref": "#/$defs/text"},
                    "sub_items": {"type": "array", "items": {
                        "type": "object", "required": ["id", "number", "title", "content", "roles"],
                        "properties": {
                            "id": {"type": "string", "pattern": ids.anchored(ids.SUB_ITEM)},
                            "title": {"$ref": "#/$defs/text"},
                            "content": texts,
                            "roles": {"type": "object", "additionalProperties": {
                                "type": "object", "required": ["risks", "countermeasures"],
                                "properties": {
                                    "risks": {"type": "array", "items": record(ids.RISK)},
                                    "countermeasures": {"type": "array", "items": record(
                                        f"(?:{ids.COUNTERMEASURE}|{ids.LOCAL_RULE})", sub_points=texts,
                                        examples=texts, local={"type": "boolean"})},
                                }}},
                        }}},
                }}},
            "glossary": {"type": "array"},
        },
    }


def downloads(g: Guideline, lang: str, stamp: Stamp) -> dict[str, bytes]:
    """Every download of one edition: file name -> content."""
    files = {}
    for r in g.roles:
        files[filename("xlsx", r.id, municipality_slug(g))] = checksheet_xlsx(g, r.id, lang, stamp)
        files[filename("csv", r.id, municipality_slug(g))] = checksheet_csv(g, r.id, lang, stamp)
    files[filename("json")] = guideline_json(g, stamp)
    schema = {"$comment": f"Generated for guideline version {stamp.version} on {stamp.generated.isoformat()}: "
                          "do not edit; edit guideline/exports.py instead.", **guideline_json_schema()}
    files[filename("schema")] = (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files
