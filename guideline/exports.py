"""Downloads generated from the data: checksheets (XLSX, CSV) per role, and the guideline as JSON.

One list of rows per role and language (`checksheet_rows`) feeds both the CSV and the XLSX.
Every file carries the guideline version and the generation date.
"""
import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import LANGUAGES, naming
from .model import Guideline, Text

STATUSES = ("done", "partial", "todo", "na")  # keys of saved answers; labels in ui.yaml (status.*)
CHECKLIST_FORMAT = "aigov-checklist"          # `format` of exported self-assessments (checklist.js)


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


def checksheet_rows(g: Guideline, role_id: str, lang: str) -> list[dict]:
    """One row per countermeasure of the role, in guideline order."""
    rows = []
    for p in g.principles:
        for s in p.sub_items:
            sheet = g.sheet(s.id, role_id)
            for cm in sheet.countermeasures if sheet else []:
                details = [f"・{t[lang]}" for t in cm.sub_points]
                details += [f"{g.text('examples', lang)} {t[lang]}" for t in cm.examples]
                # An item the municipality left out is answered "not applicable", with its reason.
                rows.append({"id": cm.id, "principle": naming.principle_label(p, lang),
                             "sub_item": naming.sub_item_label(s, lang), "countermeasure": cm.text[lang],
                             "details": "\n".join(details),
                             "origin": g.text("origin.local" if cm.local else "origin.guideline", lang),
                             "omitted": cm.omitted[lang] if cm.omitted else "",
                             "status": g.text("status.na", lang) if cm.omitted else "", "note": ""})
    return rows


COLUMNS = ("id", "principle", "sub_item", "countermeasure", "details", "origin", "omitted", "status", "note")


def headers(g: Guideline, lang: str) -> list[str]:
    return [g.text(f"column.{c}", lang) for c in COLUMNS]


def checksheet_csv(g: Guideline, role_id: str, lang: str, stamp: Stamp) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Japanese correctly. The last two columns carry
    the guideline version and generation date on every row (a CSV has no other place for them)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*headers(g, lang), g.text("column.version", lang), g.text("column.generated", lang)])
    for row in checksheet_rows(g, role_id, lang):
        writer.writerow([*(row[c] for c in COLUMNS), stamp.version, stamp.generated.isoformat()])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def checksheet_xlsx(g: Guideline, role_id: str, lang: str, stamp: Stamp) -> bytes:
    role = g.role(role_id)
    rows = checksheet_rows(g, role_id, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = g.text("sheet.checklist", lang)[:31]
    title = f"{g.meta.title[lang]} — {naming.role_title(g, role, lang)}"
    if g.municipality:  # what staff pass around says whose it is
        title = f"{g.meta.title[lang]} — {g.municipality.name[lang]} — {naming.role_title(g, role, lang)}"
    stamp_text = g.text("stamp", lang, version=stamp.version, date=stamp.generated.isoformat())
    ws.append([title])
    ws.append([stamp_text])
    ws.append(headers(g, lang))
    header_row = 3
    for row in rows:
        ws.append([row[c] for c in COLUMNS])
    last = header_row + len(rows)

    bold = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=14)
    for cell in ws[header_row]:
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDE3F5")
    widths = {"id": 17, "principle": 18, "sub_item": 22, "countermeasure": 60, "details": 45, "origin": 10,
              "omitted": 24, "status": 12, "note": 30}
    for i, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths[column]
    for row in ws.iter_rows(min_row=header_row + 1, max_row=last):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    status_col = get_column_letter(COLUMNS.index("status") + 1)
    labels = status_labels(g, lang)
    validation = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle=g.text("column.status", lang),
                                error=" / ".join(labels))
    validation.add(f"{status_col}{header_row + 1}:{status_col}{last}")
    ws.add_data_validation(validation)

    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(COLUMNS))}{last}"
    _a4(ws, landscape=True)
    ws.oddHeader.left.text = title
    ws.oddFooter.left.text = stamp_text
    ws.oddFooter.right.text = "&P / &N"

    # Summary: counts per principle and status, as formulas that follow what staff fill in.
    summary = wb.create_sheet(g.text("sheet.summary", lang)[:31])
    summary.append([title])
    summary.append([stamp_text])
    summary.append([g.text("principle", lang), *labels, g.text("status.blank", lang), g.text("total", lang)])
    for cell in summary[3]:
        cell.font = bold
    principle_col = get_column_letter(COLUMNS.index("principle") + 1)
    sheet_ref = f"'{ws.title}'"
    p_range = f"{sheet_ref}!${principle_col}${header_row + 1}:${principle_col}${last}"
    s_range = f"{sheet_ref}!${status_col}${header_row + 1}:${status_col}${last}"
    for r, p in enumerate(g.principles, start=4):
        label = naming.principle_label(p, lang)
        counts = [f'=COUNTIFS({p_range},$A{r},{s_range},"{lab}")' for lab in labels]
        total = f"=COUNTIF({p_range},$A{r})"
        blank = f"={get_column_letter(len(labels) + 3)}{r}-SUM(B{r}:{get_column_letter(len(labels) + 1)}{r})"
        summary.append([label, *counts, blank, total])
    total_row = 4 + len(g.principles)
    summary.append([g.text("total", lang)] + [f"=SUM({get_column_letter(c)}4:{get_column_letter(c)}{total_row - 1})"
                                               for c in range(2, len(labels) + 4)])
    for cell in summary[total_row]:
        cell.font = bold
    summary.column_dimensions["A"].width = 30
    summary.freeze_panes = "A4"
    _a4(summary, landscape=False)

    wb.properties.title = title
    wb.properties.subject = stamp_text
    wb.properties.creator = g.meta.publisher[lang]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _a4(ws, landscape: bool):
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


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
                    "risks": [record(x) for x in g.sheet(s.id, r.id).risks],
                    "countermeasures": [record(c, sub_points=[_text(t) for t in c.sub_points],
                                               examples=[_text(t) for t in c.examples])
                                        for c in g.sheet(s.id, r.id).countermeasures],
                } for r in g.roles if g.sheet(s.id, r.id)},
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
