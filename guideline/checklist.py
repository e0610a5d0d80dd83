"""The self-assessment checklist on the per-role pages: its controls, toolbar, approval block and
the settings checklist.js reads. (The statuses and the export format are shared with the downloads.)"""
import json
from dataclasses import dataclass

from markupsafe import Markup

from .exports import CHECKLIST_FORMAT, STATUSES, filename, municipality_slug
from .model import Countermeasure, Guideline, Role
from .naming import relative, role_title
from .templating import inert


def inline(text: str) -> str:
    return str(inert(text))


@dataclass(frozen=True)
class ChecklistParts:
    """What a role page embeds: the toolbar, per-countermeasure controls, approval, print header, settings."""
    toolbar: Markup
    controls: dict[str, Markup]
    approval: Markup
    print_header: Markup
    config: Markup


def parts(g: Guideline, r: Role, lang: str, path: str) -> ChecklistParts:
    return ChecklistParts(
        toolbar=Markup(checklist_toolbar(g, r, lang, path)),
        controls={c.id: Markup(checklist_controls(g, c, lang)) for c in g.countermeasures(r.id) if not c.omitted},
        approval=Markup(approval_block(g, lang)),
        print_header=Markup(print_header_style(f"{g.meta.title[lang]} — {role_title(g, r, lang)} — v{g.meta.version}")),
        config=Markup(checklist_config(g, r, lang)))


def checklist_controls(g: Guideline, cm: Countermeasure, lang: str) -> str:
    """Status (four radio buttons) and a note for one countermeasure. Plain form controls with
    labels, so they work with the keyboard and screen readers, and print as boxes to tick."""
    cm_id, principle_id = cm.id, g.sub_item(cm.sub_item_id).principle_id
    legend = inline(g.text("checklist.status_of", lang, id=cm_id))
    options = "".join(
        f'<label class="gl-check__option"><input type="radio" name="status-{cm_id}" value="{status}"> '
        f'{inline(g.text(f"status.{status}", lang))}</label>' for status in STATUSES)
    note_label = inline(g.text("column.note", lang))
    note_name = inline(g.text("checklist.note_of", lang, id=cm_id))
    return (f'<fieldset class="gl-check" data-search-exclude data-cm-id="{cm_id}" data-principle="{principle_id}">'
            f'<legend class="gl-visually-hidden">{legend}</legend>{options}'
            f'<label class="gl-check__note"><span aria-hidden="true">{note_label}</span>'
            f'<textarea name="note-{cm_id}" rows="2" aria-label="{note_name}"></textarea></label></fieldset>')


def checklist_toolbar(g: Guideline, r: Role, lang: str, path: str) -> str:
    """Saving, export and import need the script: the toolbar stays hidden without it."""
    t = lambda key: inline(g.text(key, lang))  # noqa: E731
    downloads = " · ".join(f"[{name}]({relative(path, 'downloads/' + name)})"
                           for name in (filename("xlsx", r.id, municipality_slug(g)), filename("csv", r.id, municipality_slug(g)),
                                        filename("json")))
    toolbar = (f'<div class="gl-checklist" id="gl-checklist" data-search-exclude hidden>'
               f'<p class="gl-checklist__privacy">{t("checklist.privacy")}</p>'
               f'<p><label for="gl-municipality">{t("checklist.municipality")}</label> '
               f'<input type="text" id="gl-municipality" autocomplete="organization"></p>'
               f'<div class="gl-progress gl-progress--total" data-principle=""></div>'
               f'<p class="gl-checklist__actions">'
               f'<button type="button" class="md-button" id="gl-export">{t("checklist.export")}</button> '
               f'<button type="button" class="md-button" id="gl-import-button">{t("checklist.import")}</button> '
               f'<input type="file" id="gl-import" accept=".json,application/json" hidden> '
               f'<button type="button" class="md-button" id="gl-clear">{t("checklist.clear")}</button></p>'
               f'<p id="gl-message" class="gl-checklist__message" role="status" aria-live="polite"></p></div>')
    return f"{toolbar}\n\n{t('checklist.downloads')} {downloads}"


def approval_block(g: Guideline, lang: str) -> str:
    """Sign-off boxes, as Japanese office forms have them (確認者 / 承認者 / 日付)."""
    t = lambda key: inline(g.text(key, lang))  # noqa: E731
    rows = "".join(f'<tr><th scope="row">{t(who)}</th><td class="gl-approval__sign"></td>'
                   f'<th scope="row">{t("approval.date")}</th><td class="gl-approval__date"></td></tr>'
                   for who in ("approval.reviewer", "approval.approver"))
    return f'<table class="gl-approval">{rows}</table>'


def print_header_style(text: str) -> str:
    """The running header printed at the top of every page of the checklist."""
    css_string = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'<style>@media print {{ @page {{ @top-left {{ content: "{css_string}"; }} }} }}</style>'


def checklist_config(g: Guideline, r: Role, lang: str) -> str:
    """Settings and strings for checklist.js, as a JSON data island (not executed)."""
    config = {
        "format": CHECKLIST_FORMAT, "version": g.meta.version, "role": r.id, "lang": lang,
        "roles": {x.id: x.name[lang] for x in g.roles},
        "statuses": {s: g.text(f"status.{s}", lang) for s in [*STATUSES, "blank"]},
        "strings": {k.split(".", 1)[1]: v[lang] for k, v in g.ui.items() if k.startswith("checklist.")},
        "progressLabel": g.text("checklist.progress", lang),
        # Saved answers under a renamed ID move to the new ID when imported.
        "renamed": {old: new for old, (_, new) in g.retired_ids.items() if new},
    }
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="gl-checklist-config">{data}</script>'
