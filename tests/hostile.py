"""A hostile copy of the data and of the example fork's overlay, generated from the JSON Schemas.

Every string in every data file is replaced by the most hostile value its schema still accepts: the
walk follows the schema (properties, items, $ref, additionalProperties), and for each text or
constrained string (not a bare reference to another record, which must resolve) tries a
list of payloads in order, keeping the first that the string's own schema validates (texts refuse
`<` and template delimiters, so they get quotes, Markdown links, `javascript:` and entities; URL and
e-mail fields get whatever their patterns let through). IDs, enums and other patterned strings that
admit no payload keep their value, so references still resolve. A field added to a schema is covered
without any edit here.
"""
import shutil
from pathlib import Path
from typing import Any

import jsonschema
from ruamel.yaml import YAML

from guideline.schema import FILES, OVERLAY_FILE, SCHEMAS

# Each payload carries MARK and a serial number (so that values that must differ, such as glossary
# terms, still differ), so a test can find where data shows up on a page.
MARK = "HX"
PAYLOADS = [
    '{mark}"><img src=x onerror=alert(1)>',                      # markup (refused by text schemas)
    '{mark}" onmouseover="alert(2)" x="[a](javascript:alert(3)) *em* `c` &lt;b&gt; =1+1 \'q\' {{#x}} | t |',
    'https://a.example/{mark}"onmouseover=alert(4)//',         # URL fields with a weak pattern
    '{mark}"onmouseover=alert(5)"@a.example',                  # e-mail fields
    'javascript:alert(6)//{mark}',
]
_serial = iter(range(10**9))
# Interface strings that also become Excel sheet names or drop-down values, whose characters Excel
# limits: validation refuses hostile ones (tests/bad_input_cases.py), so they keep their value here.
EXCEL_BOUND = ("sheet.", "status.")


def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].split("/")[-1]]
    return schema


def _hostile_string(value: str, schema: dict, root: dict) -> str:
    validator = jsonschema.Draft202012Validator({**schema, "$defs": root.get("$defs", {})})
    mark = f"{MARK}{next(_serial)}"
    for template in PAYLOADS:
        payload = template.replace("{mark}", mark)
        # The payload after the value: what the value must hold (an interface string's {placeholders},
        # a pattern's start) stays, and the payload still reaches every place the value is shown.
        appended = f"{value} {payload}"
        if validator.is_valid(appended):
            return appended
        if validator.is_valid(payload):
            return payload
    return value


def poison(node: Any, schema: dict, root: dict) -> Any:
    """The node with every string made as hostile as its schema allows."""
    schema = _resolve(schema, root)
    if isinstance(node, str):
        # A bare string schema is a reference to another record (checked across files, not by the
        # schema): poisoning it would only make the data invalid. Texts and patterned fields are fair game.
        if not set(schema) & {"not", "pattern", "format", "minLength"}:
            return node
        return _hostile_string(node, schema, root)
    if isinstance(node, list):
        items = schema.get("items", {})
        return [poison(v, items, root) for v in node]
    if isinstance(node, dict):
        props = schema.get("properties", {})
        extra = schema.get("additionalProperties", {})
        return {k: poison(v, props.get(k, extra if isinstance(extra, dict) else {}), root) for k, v in node.items()}
    return node


def hostile_copy(data: Path, overlay: Path | None, target: Path) -> tuple[Path, Path | None]:
    """Poisoned copies of a data folder and an overlay folder, under target."""
    yaml = YAML(typ="safe")
    dumper = YAML()
    dumper.width = 4096
    out_data = target / "data"
    out_data.mkdir(parents=True)
    for name, filename in FILES.items():
        document = yaml.load((data / filename).read_text(encoding="utf-8"))
        if name == "ui":  # sheet names and status labels must also be what Excel accepts (validate.check_ui)
            kept = {k: v for k, v in document["strings"].items() if k.startswith(EXCEL_BOUND)}
        poisoned = poison(document, SCHEMAS[name], SCHEMAS[name])
        if name == "ui":
            poisoned["strings"].update(kept)
        with (out_data / filename).open("w", encoding="utf-8") as f:
            dumper.dump(poisoned, f)
    if overlay is None:
        return out_data, None
    out_overlay = target / "municipality"
    shutil.copytree(overlay, out_overlay)
    document = yaml.load((overlay / OVERLAY_FILE).read_text(encoding="utf-8"))
    with (out_overlay / OVERLAY_FILE).open("w", encoding="utf-8") as f:
        dumper.dump(poison(document, SCHEMAS["municipality"], SCHEMAS["municipality"]), f)
    return out_data, out_overlay
