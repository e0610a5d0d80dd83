"""The ID scheme, defined once.

The JSON Schemas, the validator, the renderer (URL anchors) and the tests all use these
patterns. IDs are chosen by editors and never derived from titles or positions, so editing
a text or reordering items never changes them. See docs/*/id-scheme.md.
"""
import re

PRINCIPLE = r"P[0-9]{2}"
SUB_ITEM = rf"{PRINCIPLE}-[0-9]{{1,2}}"
ROLE_CODE = r"[A-Z]{3,5}"
RISK = rf"{SUB_ITEM}-{ROLE_CODE}-R[0-9]{{2}}"
COUNTERMEASURE = rf"{SUB_ITEM}-{ROLE_CODE}-[0-9]{{2}}"
ROLE = r"[a-z]+"
# A municipality's own rule (in its fork's municipality/municipality.yaml), e.g. L-P05-1-USER-01.
LOCAL_RULE = rf"L-{SUB_ITEM}-{ROLE_CODE}-[0-9]{{2}}"
TERM = r"[a-z0-9]+(?:-[a-z0-9]+)*"
CASE = r"CASE-[0-9]+"
EDITORIAL_NOTE = r"ED-[A-Z0-9]+(?:-[A-Z0-9]+)*-[0-9]{2}"

# Any ID of a record of the guideline (as named in data/changes.yaml).
ANY_RECORD = f"(?:{RISK}|{COUNTERMEASURE}|{SUB_ITEM}|{PRINCIPLE}|{TERM}|{CASE})"

# Human-readable shape of each kind of ID, used in error messages.
EXAMPLES = {
    PRINCIPLE: "P01",
    SUB_ITEM: "P01-1",
    RISK: "P01-1-PROV-R01",
    COUNTERMEASURE: "P01-1-PROV-01",
    ROLE: "provider",
    ANY_RECORD: "P01-1-PROV-01",
    LOCAL_RULE: "L-P05-1-USER-01",
    TERM: "data-drift",
    CASE: "CASE-1",
    EDITORIAL_NOTE: "ED-P05-1-PROV-R01-01",
}


def anchored(pattern: str) -> str:
    """The pattern as a whole-string JSON Schema / regex pattern."""
    return f"^{pattern}$"


def matches(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern, value) is not None


def principle_of(sub_item_id: str) -> str:
    """P01-3 -> P01."""
    return sub_item_id.split("-")[0]


def risk_prefix(sub_item_id: str, role_code: str) -> str:
    return f"{sub_item_id}-{role_code}-R"


def countermeasure_prefix(sub_item_id: str, role_code: str) -> str:
    return f"{sub_item_id}-{role_code}-"


def local_rule_prefix(sub_item_id: str, role_code: str) -> str:
    return f"L-{sub_item_id}-{role_code}-"


def role_code_of(record_id: str) -> str | None:
    """PROV for P01-1-PROV-R01 or P01-1-PROV-01; None for IDs that belong to no role."""
    m = re.fullmatch(rf"{SUB_ITEM}-({ROLE_CODE})-R?[0-9]{{2}}", record_id)
    return m.group(1) if m else None
