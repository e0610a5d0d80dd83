"""The self-assessment checklist on the per-role pages: form controls, toolbar, approval block,
print header and the settings island for overrides/assets/checklist.js.

HTML comes from Jinja templates in guideline/templates/checklist/ with autoescape on. Data
strings also pass the `inert` filter (render.inline), because the fragments end up inside
Markdown pages, where `*`, `_`, `[` or `{{` in the data must stay text.

Element IDs and names that the script looks up are defined once here (`ELEMENT_IDS`) and
reach the script through the JSON settings island, so Python and JavaScript cannot drift apart.
"""
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from . import exports
from .model import Countermeasure, Guideline, Role
from .naming import relative, role_title
from .templating import html_environment, inert

# id="…" of the page elements checklist.js uses. The script reads them from the settings island.
ELEMENT_IDS: dict[str, str] = {
    "config": "gl-checklist-config",
    "toolbar": "gl-checklist",
    "assessments": "gl-assessments",
    "assessment_select": "gl-assessment-select",
    "assessment_list": "gl-assessment-list",
    "new": "gl-assessment-new",
    "duplicate": "gl-assessment-duplicate",
    "rename": "gl-assessment-rename",
    "delete": "gl-assessment-delete",
    "municipality": "gl-municipality",
    "subject": "gl-subject",
    "department": "gl-department",
    "use": "gl-use",
    "assessor": "gl-assessor",
    "started": "gl-started",
    "export_json": "gl-export",
    "export_xlsx": "gl-export-xlsx",
    "import_button": "gl-import-button",
    "import_input": "gl-import",
    "clear": "gl-clear",
    "message": "gl-message",
    "save_status": "gl-save-status",
    "retired": "gl-retired-answers",
    "print_summary": "gl-print-summary",
}

# The assessment's own fields (its subject and who fills it in), in the order of the form.
SUBJECT_FIELDS = ("municipality", "subject", "department", "use", "assessor", "started")

# Per countermeasure: the status, the note (改善計画・メモ) and the columns the Excel file has.
ANSWER_DETAILS = ("owner", "checked_on", "due_on", "evidence")

SHORT_TEXT = 40  # characters of the countermeasure text in a control's accessible name


@cache
def _environment() -> Environment:
    # Markup: inert() escapes for HTML (and Markdown), autoescape must not do it twice.
    return html_environment(Path(__file__).parent / "templates" / "checklist", inert=lambda text: inert(str(text)))


def _render(template: str, **values: Any) -> str:
    # Templates are one block of HTML: no blank lines, which would end the raw HTML block in Markdown.
    html = _environment().get_template(template).render(ids=ELEMENT_IDS, **values)
    return "".join(line.strip() for line in html.splitlines())


def short_text(text: str, limit: int = SHORT_TEXT) -> str:
    """The beginning of a countermeasure, for accessible names that must stay short."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def controls(g: Guideline, cm: Countermeasure, lang: str) -> str:
    """Status (four radio buttons), a note and the Excel file's detail fields for one countermeasure.
    Plain form controls with labels, so they work with the keyboard and screen readers."""
    short = short_text(cm.text[lang])
    return _render(
        "controls.html", cm_id=cm.id, principle_id=g.sub_item(cm.sub_item_id).principle_id,
        legend=g.text("checklist.status_of", lang, id=cm.id, text=short),
        statuses=[(s, g.text(f"status.{s}", lang)) for s in exports.STATUSES],
        note_label=g.text("column.note", lang),
        note_name=g.text("checklist.note_of", lang, id=cm.id, text=short),
        details_label=g.text("checklist.details", lang),
        details=[(field, g.text(f"column.{field}", lang), "date" if field.endswith("_on") else "text")
                 for field in ANSWER_DETAILS])


# Interface strings the toolbar template uses (as t.<name>).
TOOLBAR_STRINGS = ("checklist.privacy", "checklist.assessment", "checklist.new", "checklist.duplicate",
                   "checklist.rename", "checklist.delete", "checklist.list", "checklist.subject",
                   "checklist.department", "checklist.assessor", "checklist.progress", "checklist.updated",
                   "checklist.subject_legend", "checklist.export_xlsx", "checklist.export", "checklist.import",
                   "checklist.clear")


def toolbar(g: Guideline, lang: str) -> str:
    """Assessments, subject, saving, export and import. They need the script: hidden without it."""
    text = {key.split(".", 1)[1]: g.ui[key][lang] for key in TOOLBAR_STRINGS}
    return _render("toolbar.html", t=text,
                   subject_fields=[(f, g.text(f"checklist.{f}", lang)) for f in SUBJECT_FIELDS])


def approval_block(g: Guideline, lang: str) -> str:
    """Sign-off boxes, as Japanese office forms have them (確認者 / 承認者 / 日付)."""
    return _render("approval.html", rows=[g.text(who, lang) for who in ("approval.reviewer", "approval.approver")],
                   date=g.text("approval.date", lang))


def print_header_style(text: str) -> str:
    """The running header printed at the top of every page of the checklist (a CSS string)."""
    css_string = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return _render("print_header.html", css_string=Markup(css_string))


def config(g: Guideline, r: Role, lang: str, blank_xlsx: str) -> dict[str, Any]:
    """Settings and strings for checklist.js. `blank_xlsx` is the relative link of the blank
    workbook that the page fills in when it exports Excel."""
    return {
        "format": exports.CHECKLIST_FORMAT, "formatVersion": exports.CHECKLIST_FORMAT_VERSION,
        "version": g.meta.version, "role": r.id, "lang": lang,
        "ids": ELEMENT_IDS, "subjectFields": list(SUBJECT_FIELDS), "detailFields": list(ANSWER_DETAILS),
        "roles": {x.id: x.name[lang] for x in g.roles},
        "statuses": {s: g.text(f"status.{s}", lang) for s in [*exports.STATUSES, "blank"]},
        # Status labels of both editions, so a workbook filled in the other language still imports.
        "statusLabels": {g.text(f"status.{s}", other): s for s in exports.STATUSES for other in ("ja", "en")},
        "strings": {k.split(".", 1)[1]: v[lang] for k, v in g.ui.items() if k.startswith("checklist.")},
        "progressLabel": g.text("checklist.progress", lang),
        "municipalityName": g.municipality.name[lang] if g.municipality else "",
        # Saved answers under a renamed ID move to its current ID (the script follows chains of
        # renames, A→B→C); answers to removed IDs are kept and shown as retired.
        "renamed": {old: new for old, (_, new) in g.retired_ids.items() if new},
        "retired": {old: version for old, (version, _) in g.retired_ids.items()},
        # Left out by the municipality: no answer is asked for (the workbook marks them not applicable).
        "omitted": [c.id for c in g.countermeasures(r.id) if c.omitted],
        "xlsx": {**exports.xlsx_layout(g, r.id, lang), "blank": blank_xlsx,
                 "library": "javascripts/vendor/exceljs.min.js"},
    }


def config_island(g: Guideline, r: Role, lang: str, blank_xlsx: str) -> str:
    """The settings as a JSON data island (type application/json: data, never executed)."""
    data = json.dumps(config(g, r, lang, blank_xlsx), ensure_ascii=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _render("config.html", data=Markup(data))


@dataclass(frozen=True)
class ChecklistParts:
    """What a role page embeds (guideline/templates/pages/role.md): the toolbar with the blank
    downloads, each countermeasure's controls, the approval block, the print header, the settings."""
    toolbar: Markup
    controls: dict[str, Markup]
    approval: Markup
    print_header: Markup
    config: Markup


def parts(g: Guideline, r: Role, lang: str, path: str) -> ChecklistParts:
    slug = exports.municipality_slug(g)
    names = (exports.filename("xlsx", r.id, slug), exports.filename("csv", r.id, slug), exports.filename("json"))
    downloads = " · ".join(f"[{name}]({relative(path, 'downloads/' + name)})" for name in names)
    site_root = "../" * (path.count("/") + 1)  # from the page's URL (directory URLs: roles/provider/)
    return ChecklistParts(
        toolbar=Markup(f"{toolbar(g, lang)}\n\n{inert(g.text('checklist.downloads', lang))} {downloads}"),
        controls={c.id: Markup(controls(g, c, lang)) for c in g.countermeasures(r.id) if not c.omitted},
        approval=Markup(approval_block(g, lang)),
        print_header=Markup(print_header_style(f"{g.meta.title[lang]} — {role_title(g, r, lang)} — v{g.meta.version}")),
        config=Markup(config_island(g, r, lang, site_root + "downloads/" + names[0])))
