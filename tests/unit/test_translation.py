"""The English edition's conventions (docs/en/translation-conventions.md), checked per record.

- Modality: every countermeasure, sub-point and 内容 point reads as a recommendation: it contains
  "should" ("should not" for prohibitions). No other form is allowed.
- Consistency: the same Japanese text has the same English everywhere, unless the role named in it
  differs. Role substitution: 「IT担当者」 (IT staff, the AI provider's actor) and 「自治体職員」
  (municipal staff, the AI user's actor) are treated as the same word when comparing.
"""
import re
from collections import defaultdict

import pytest

from guideline.model import Guideline, Text
from tests.conftest import DATA, UPSTREAM

G = UPSTREAM
MODAL = re.compile(r"\bshould\b")


def recommendations(g: Guideline) -> list[tuple[str, list[Text]]]:
    """(record ID, texts) for every countermeasure and every 内容 list (第4部 and per role)."""
    found = [(c.id, [c.text, *c.sub_points]) for c in g.countermeasures()]
    found += [(s.id, s.content) for s in g.sub_items]
    found += [(f"{sub_item_id}-{g.role(role_id).code}-content", sheet.content)
              for (sub_item_id, role_id), sheet in g.sheets.items() if sheet.content]
    return found


RECOMMENDATIONS = recommendations(G)


@pytest.mark.parametrize("record_id,texts", RECOMMENDATIONS, ids=[i for i, _ in RECOMMENDATIONS])
def test_recommendation_reads_should(record_id, texts):
    weak = [t.en for t in texts if not MODAL.search(t.en)]
    assert not weak, f"{record_id}: not worded as a recommendation (\"should\"/\"should not\"): {weak}"


ROLE_ACTORS = {"ja": ("IT担当者", "自治体職員"), "en": ("IT staff", "municipal staff")}


def role_neutral(text: str, lang: str) -> str:
    """The text with the provider's actor written as the user's (the role substitution)."""
    provider, user = ROLE_ACTORS[lang]
    text = text.replace(provider, user)
    if lang == "en":
        text = text.replace(provider[0].upper() + provider[1:], user).replace(user[0].upper() + user[1:], user)
    return re.sub(r"\s+", "", text) if lang == "ja" else text


def all_texts(g: Guideline) -> list[tuple[str, Text]]:
    found: list[tuple[str, Text]] = []
    for s in g.sub_items:
        found += [(s.id, t) for t in [s.title, *s.content]]
    for (sub_item_id, role_id), sheet in g.sheets.items():
        found += [(f"{sub_item_id}-{g.role(role_id).code}-content", t) for t in sheet.content]
        found += [(r.id, r.text) for r in sheet.risks]
        found += [(c.id, t) for c in sheet.countermeasures for t in [c.text, *c.sub_points, *c.examples]]
    for term in g.terms:
        found += [(term.id, t) for t in term.definition]
    return found


def translation_groups(g: Guideline) -> dict[str, dict[str, list[str]]]:
    """Japanese (role-neutral) -> English (role-neutral) -> record IDs using that pair."""
    groups: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for record_id, text in all_texts(g):
        groups[role_neutral(text.ja, "ja")][role_neutral(text.en, "en")].append(record_id)
    return groups


GROUPS = translation_groups(G)
REPEATED = {ja: by_en for ja, by_en in GROUPS.items() if sum(len(v) for v in by_en.values()) > 1}


@pytest.mark.parametrize("ja", list(REPEATED), ids=[sorted(sum(v.values(), []))[0] for v in REPEATED.values()])
def test_same_japanese_gets_the_same_english(ja):
    by_en = REPEATED[ja]
    assert len(by_en) == 1, "the same Japanese is translated differently:\n" + "\n".join(
        f"  {', '.join(ids)}: {en}" for en, ids in by_en.items())


# --- the term table of docs/en/translation-conventions.md ----------------------------------------

CONVENTIONS = DATA.parent / "docs" / "en" / "translation-conventions.md"


def checked_terms() -> list[tuple[list[str], list[str]]]:
    """(Japanese forms, English forms) of each table row marked ✓ under "Terms"."""
    section = CONVENTIONS.read_text(encoding="utf-8").split("{ #terms }", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[3] == "✓":
            ja = [re.sub(r"\s*\(.*\)$", "", j).strip() for j in re.split(r"[,、]", cells[0])]
            en = [e.strip() for e in cells[1].split(";")]
            rows.append((ja, en))
    return rows


TERMS = checked_terms()


def test_the_term_table_is_read():
    assert len(TERMS) >= 10 and (["AI提供者"], ["AI provider"]) in TERMS


def texts_with_roles(g: Guideline) -> list[tuple[str, Text]]:
    found = all_texts(g)
    for r in g.roles:
        found += [(r.id, t) for t in [*r.definition, *r.considerations_intro]]
    return found


@pytest.mark.parametrize("ja,en", TERMS, ids=[row[0][0] for row in TERMS])
def test_data_follows_the_term_table(ja, en):
    wrong = [(record_id, t.en) for record_id, t in texts_with_roles(G)
             if any(j in t.ja for j in ja) and not any(e.casefold() in t.en.casefold() for e in en)]
    assert not wrong, f"{'/'.join(ja)} should be translated as {' or '.join(en)!r}:\n" + "\n".join(
        f"  {record_id}: {text}" for record_id, text in wrong)
