"""JSON Schemas of the data files, built from the ID patterns in `ids`.

They are used by the validator and also shipped as `schemas/*.schema.json` (regenerated and
checked by `python -m guideline schemas`), so editors' YAML editors validate as they type.
"""
from . import ids

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Data texts are plain text: the renderer escapes them, and these are refused outright so that
# an editor learns at once that markup does not work here.
FORBIDDEN_IN_TEXT = r"<|\{\{|\{%|\{#|\}\}|%\}"
# Names of the site (the guideline's title, a municipality's name) also go into the theme's HTML
# attributes, some of which the theme does not escape: no double quote either.
FORBIDDEN_IN_NAME = FORBIDDEN_IN_TEXT + r'|"'


# A text must hold something visible: whitespace-only texts are refused.
BLANK = r"\S"
# What one spreadsheet cell holds (the XLSX downloads put each text in one cell).
MAX_TEXT = 32_767


def _plain_string(description: str) -> dict:
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_TEXT,
        "pattern": BLANK,
        # `type` inside `not`: a number or a list is reported as a wrong type, not as markup.
        "not": {"type": "string", "pattern": FORBIDDEN_IN_TEXT},
        "description": description,
    }


def _name_string(description: str) -> dict:
    return {**_plain_string(description), "not": {"type": "string", "pattern": FORBIDDEN_IN_NAME}}


NAME_TEXT = {
    "type": "object",
    "description": "A name of the site in both languages (no markup, no double quote: use 「」 or “”).",
    "required": ["ja", "en"],
    "additionalProperties": False,
    "properties": {"ja": _name_string("Japanese name."), "en": _name_string("English name.")},
}

TEXT = {
    "type": "object",
    "description": "A text in both languages.",
    "required": ["ja", "en"],
    "additionalProperties": False,
    "properties": {
        "ja": _plain_string("Japanese text (plain text, no HTML or template syntax)."),
        "en": _plain_string("English text (plain text, no HTML or template syntax)."),
    },
}

# A fork's own rules may be written in Japanese only: the English edition then shows the Japanese,
# marked as untranslated, and validation warns.
LOCAL_TEXT = {**TEXT, "required": ["ja"],
              "description": "A text in Japanese, and in English if translated (a missing English "
                             "text is shown in Japanese, marked as untranslated)."}

# Web and mail addresses. Only these schemes, and only characters that cannot end an HTML
# attribute or a Markdown link (no quotes, spaces, angle brackets or parentheses).
_URL_CHARACTERS = r"[A-Za-z0-9._~:/?#@!$&*+,;=%-]"
URL = {"type": "string", "pattern": rf"^(?:https?://{_URL_CHARACTERS}+|mailto:{_URL_CHARACTERS}+@{_URL_CHARACTERS}+)$",
       "examples": ["https://www.example.jp/ai/"],
       "description": "an https:, http: or mailto: address without spaces, quotes, brackets or parentheses"}
DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "examples": ["2026-11-22"], "description": "a date written YYYY-MM-DD, in quotes"}
_VERSION_FORM = "a version number MAJOR.MINOR.PATCH, in quotes if YAML would read it as a number"
VERSION = {"type": "string", "pattern": r"^[0-9]+\.[0-9]+\.[0-9]+$", "examples": ["1.1.0"],
           "description": _VERSION_FORM}


def _id(pattern: str) -> dict:
    return {"type": "string", "pattern": ids.anchored(pattern), "examples": [ids.EXAMPLES[pattern]],
            "description": f"Stable ID, e.g. {ids.EXAMPLES[pattern]}. Never reuse or change it."}


def _texts(description: str, min_items: int = 1) -> dict:
    return {"type": "array", "minItems": min_items, "items": {"$ref": "#/$defs/text"},
            "description": description}


def _object(required: list[str], properties: dict, description: str = "") -> dict:
    return {"type": "object", "required": required, "additionalProperties": False,
            "properties": properties, "description": description}


def _document(title: str, root: dict, defs: dict | None = None) -> dict:
    return {"$schema": DRAFT, "title": title, "$defs": {"text": TEXT, **(defs or {})}, **root}


def _countermeasure(id_pattern: str) -> dict:
    return _object(["id", "text"], {
        "id": _id(id_pattern),
        "text": {"$ref": "#/$defs/text"},
        "sub_points": _texts("Sub-points (➢) of this countermeasure."),
        "examples": _texts("【具体的な手法（例）】 examples for this countermeasure."),
    })


ROLE_SHEET = _object(["risks", "countermeasures"], {
    "content": _texts("This role's own 内容, only where it differs in meaning from 第4部."),
    "risks": {"type": "array", "minItems": 1,
              "items": _object(["id", "text"], {"id": _id(ids.RISK), "text": {"$ref": "#/$defs/text"}})},
    "countermeasures": {"type": "array", "minItems": 1, "items": _countermeasure(ids.COUNTERMEASURE)},
})

SCHEMAS = {
    "guideline": _document("Guideline metadata", _object(
        ["title", "version", "published", "publisher"], {
            "title": NAME_TEXT,
            "version": {**VERSION, "description": "Version of the guideline content (semantic versioning): "
                                                  + _VERSION_FORM},
            "published": DATE,
            "publisher": {"$ref": "#/$defs/text"},
            "disclaimer": {"$ref": "#/$defs/text"},
        })),
    "principles": _document("Principles (第4部)", _object(["intro", "principles"], {
        "intro": _texts("Introductory paragraphs of 第4部."),
        "principles": {"type": "array", "minItems": 1, "items": _object(
            ["id", "title", "sub_items"], {
                "id": _id(ids.PRINCIPLE),
                "title": {"$ref": "#/$defs/text"},
                "sub_items": {"type": "array", "minItems": 1, "items": _object(
                    ["id", "title", "content"], {
                        "id": _id(ids.SUB_ITEM),
                        "title": {"$ref": "#/$defs/text"},
                        "content": _texts("The 内容 points."),
                        "contacts": {"type": "array", "uniqueItems": True,
                                     "items": {"enum": ["ai_officer", "inquiry"]},
                                     "description": "The contacts this sub-item asks a municipality for (shown "
                                                    "there from a fork's overlay): ai_officer (8-①), inquiry "
                                                    "(7-②, 9-②)."},
                    })},
            })},
    })),
    "checksheets": _document("Risks and countermeasures per sub-item and role (第5部)", _object(
        ["intro", "checksheets"], {
            "intro": _texts("Introductory paragraphs of 第5部."),
            "checksheets": {"type": "array", "minItems": 1, "items": _object(["sub_item", "roles"], {
                "sub_item": _id(ids.SUB_ITEM),
                "roles": {"type": "object", "minProperties": 1,
                          "propertyNames": {"pattern": ids.anchored(ids.ROLE), "examples": [ids.EXAMPLES[ids.ROLE]]},
                          "additionalProperties": ROLE_SHEET},
            })},
        })),
    "roles": _document("Roles (第2部 and 第5部 introductions)", _object(["roles"], {
        "roles": {"type": "array", "minItems": 1, "items": _object(
            ["id", "code", "name", "actor", "definition", "considerations_intro"], {
                "id": _id(ids.ROLE),
                "code": {"type": "string", "pattern": ids.anchored(ids.ROLE_CODE), "examples": ["PROV"],
                         "description": "Code used inside risk and countermeasure IDs, e.g. PROV."},
                "name": {"$ref": "#/$defs/text"},
                "actor": {"$ref": "#/$defs/text"},
                "definition": _texts("Definition of the role (第2部)."),
                "considerations_intro": _texts("Introduction of the role's section in 第5部."),
            })},
    })),
    "glossary": _document("Glossary (用語集)", _object(["terms"], {
        "terms": {"type": "array", "minItems": 1, "items": {**_object(
            ["id", "term", "definition", "origin"], {
                "id": _id(ids.TERM),
                "term": {"$ref": "#/$defs/text"},
                "aliases": _object([], {
                    "ja": {"type": "array", "items": _plain_string("Other Japanese surface form.")},
                    "en": {"type": "array", "items": _plain_string("Other English surface form.")},
                }),
                "definition": _texts("The guideline's definition."),
                "references": {"type": "array", "items": _object(["source", "text"], {
                    "source": {"$ref": "#/$defs/text"},
                    "text": _texts("The quoted reference definition."),
                })},
                "origin": {"enum": ["glossary", "text", "editors"],
                           "description": "Provenance, labelled on the glossary page. glossary: defined in the "
                                          "guideline's 用語集; text: defined in the body text (defined_in says "
                                          "where); editors: added by the site's editors, not part of the "
                                          "guideline (an editorial note refers to it)."},
                "defined_in": {**_id(ids.SUB_ITEM),
                               "description": "The sub-item whose text defines the term (origin: text only)."},
                "annotate": {"type": "boolean",
                             "description": "false: do not show this term's definition on hover."},
            }),
            # A body-text definition says where it is; the other kinds have no such place.
            "if": {"properties": {"origin": {"const": "text"}}},
            "then": {"required": ["defined_in"]},
            "else": {"not": {"required": ["defined_in"]}},
        }},
    })),
    "cases": _document("Case studies (第1部 1-2)", _object(["source", "cases"], {
        "source": {"$ref": "#/$defs/text"},
        "source_url": URL,
        "cases": {"type": "array", "minItems": 1, "items": _object(
            ["id", "title", "organization", "function", "background", "data_and_security", "effects"], {
                "id": _id(ids.CASE),
                "title": {"$ref": "#/$defs/text"},
                "organization": {"$ref": "#/$defs/text"},
                "function": {"enum": ["identification", "prediction", "execution"]},
                "background": _texts("導入の背景、経過、目的など"),
                "data_and_security": _texts("取り扱うデータとセキュリティ"),
                "effects": _texts("得られた効果"),
            })},
    })),
    "editorial_notes": _document("Editorial notes: where the site differs from the PDF", _object(
        ["notes"], {
            "notes": {"type": "array", "items": _object(["id", "kind", "explanation"], {
                "id": _id(ids.EDITORIAL_NOTE),
                "refs": {"type": "array", "items": {"type": "string", "maxLength": 100},
                         "description": "IDs of the records this correction touches."},
                "section": {"type": "string", "pattern": r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*\.md$",
                            "examples": ["part1/ai-features.md"],
                            "description": "Prose page this correction touches."},
                "kind": {"enum": ["global", "page-break", "duplication", "numbering", "typo",
                                  "structure", "other"]},
                "original": _plain_string("Verbatim excerpt of the PDF text."),
                "corrected": _plain_string("The corrected text as published."),
                "explanation": {"$ref": "#/$defs/text"},
            })},
        })),
    "changes": _document("Versions and the IDs each added, changed, removed or renamed", _object(["versions"], {
        "versions": {"type": "array", "minItems": 1, "items": _object(
            ["version", "date", "summary", "added", "changed", "removed", "renamed"], {
                "version": VERSION,
                "date": DATE,
                "summary": {"$ref": "#/$defs/text"},
                "added": {"type": "array", "items": _id(ids.ANY_RECORD), "description": "IDs new in this version."},
                "changed": {"type": "array", "items": _id(ids.ANY_RECORD), "description": "IDs whose text changed."},
                "removed": {"type": "array", "items": _id(ids.ANY_RECORD),
                            "description": "IDs removed in this version; never used again."},
                "renamed": {"type": "object", "additionalProperties": _id(ids.ANY_RECORD),
                            "propertyNames": {"pattern": ids.anchored(ids.ANY_RECORD),
                                              "examples": [ids.EXAMPLES[ids.ANY_RECORD]]},
                            "description": "Old ID -> new ID; the old ID is never used again."},
            })},
    })),
    "ui": _document("Interface strings", _object(["strings"], {
        "strings": {"type": "object", "additionalProperties": {"$ref": "#/$defs/text"},
                    "propertyNames": {"pattern": r"^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$", "maxLength": 100,
                                      "examples": ["checklist.title"],
                                      "description": "lower-case words joined by dots"}},
    })),
}

# Which schema checks which file under data/ (the overlay's schema is added below).
FILES = {name: f"{name}.yaml" for name in SCHEMAS}

def _local_texts(description: str) -> dict:
    return {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/local_text"}, "description": description}


# A fork's overlay, municipality/municipality.yaml: the only file a municipality edits.
_CONTACT = _object(["title", "name"], {
    "title": {"$ref": "#/$defs/text"},
    "name": {"$ref": "#/$defs/text"},
    "department": {"$ref": "#/$defs/text"},
    "email": {"type": "string", "pattern": r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$",
              "examples": ["ai@city.example.jp"], "description": "an e-mail address"},
    "phone": {"type": "string", "pattern": r"^[0-9+() -]+$", "maxLength": 30, "examples": ["03-0000-0000"],
              "description": "digits, spaces, +, - and parentheses"},
    "url": URL,
})
# A local rule's text: Japanese required, English optional (the English edition then shows the
# Japanese, marked as untranslated, and validation warns).
LOCAL_TEXT = {**TEXT, "required": ["ja"], "description": "A text in Japanese, and in English if translated."}
MUNICIPALITY = _document("A municipality's overlay (municipality/municipality.yaml)", _object(["municipality"], {
    "municipality": _object(["name"], {
        "name": NAME_TEXT,
        "site_url": {"type": "string", "pattern": rf"^https?://{_URL_CHARACTERS}+/$",
                     "examples": ["https://www.city.example.jp/ai-guideline/"],
                     "description": "the address the site is published at: http(s), ending with /"},
        "logo": {"type": "string", "pattern": r"^[A-Za-z0-9_-][A-Za-z0-9._-]*\.(svg|png)$", "examples": ["logo.svg"],
                 "description": "Logo file in the municipality/ folder."},
        "hide_maintainer_pages": {"type": "boolean",
                                  "description": "true: leave upstream's pages for editors (fork guide, ID "
                                                 "scheme, customizer) out of the fork's public site."},
    }),
    "ai_officer": {**_CONTACT, "description": "AI活用責任者 (8-① 責任者の明確化)."},
    "inquiry": {**_CONTACT, "description": "Where residents send inquiries and complaints (7-② 住民への情報提供)."},
    "accessibility": {**_CONTACT,
                      "description": "Where readers report accessibility problems (accessibility statement)."},
    "local_rules": {"type": "array", "items": _object(["id", "sub_item", "role", "text"], {
        "id": _id(ids.LOCAL_RULE),
        "sub_item": _id(ids.SUB_ITEM),
        "role": _id(ids.ROLE),
        "text": {"$ref": "#/$defs/local_text"},
        "sub_points": _local_texts("Sub-points of this rule."),
        "examples": _local_texts("Examples for this rule."),
    })},
    "omissions": {"type": "array", "items": _object(["id", "reason"], {
        "id": {"type": "string", "pattern": ids.anchored(f"(?:{ids.RISK}|{ids.COUNTERMEASURE})"),
               "examples": [ids.EXAMPLES[ids.COUNTERMEASURE], ids.EXAMPLES[ids.RISK]],
               "description": "Stable ID of the upstream risk or countermeasure left out (never a local rule: "
                              "delete a local rule instead of omitting it)."},
        "reason": {"$ref": "#/$defs/text"},
    })},
    "pages": {"type": "array", "items": _object(["file"], {
        "file": {"type": "string", "pattern": r"^[a-z0-9-]+\.md$", "examples": ["approved-services.md"],
                 "description": "Page in municipality/pages/ja/ and municipality/pages/en/."},
    })},
}), defs={"local_text": LOCAL_TEXT})
SCHEMAS["municipality"] = MUNICIPALITY
OVERLAY_FILE = "municipality.yaml"
