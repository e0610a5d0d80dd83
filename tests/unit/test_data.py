"""The real guideline data: complete, bilingual, faithful to the source, consistent.

Tests run once per record, with the record's ID in the test name (e.g. test_...[P01-1]).
"""
import hashlib
import re

import pytest

from guideline import ids
from guideline.validate import all_records
from tests.conftest import DATA, UPSTREAM

G = UPSTREAM
SUB_ITEMS = G.sub_items
RISKS_AND_COUNTERMEASURES = [*G.risks(), *G.countermeasures()]
SOURCE = DATA.parent / "source" / "004_be1f9c7407c738b5.txt"  # the PDF extraction (source/README.md)
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")  # kana, kanji, full-width forms


def by_id(records):
    return pytest.mark.parametrize("record", records, ids=[r.id for r in records])


# --- completeness ----------------------------------------------------------------------------

def test_the_ten_principles_and_nineteen_sub_items_of_part_4():
    assert [p.id for p in G.principles] == [f"P{n:02d}" for n in range(1, 11)]
    assert len(G.sub_items) == 19
    assert [s.title.ja for s in G.principle("P01").sub_items] == [
        "住民自治", "人間主導", "偽情報等への対策", "多様性・包摂性の確保", "利用者支援"]
    assert G.principles[-1].title.ja == "イノベーション"


@by_id(G.principles)
def test_principle_has_countermeasures_for_both_roles(record):
    for role in G.roles:
        counts = [len(G.sheet(s.id, role.id).countermeasures) for s in record.sub_items
                  if G.sheet(s.id, role.id)]
        assert sum(counts) >= 1, f"{record.id} has no countermeasure for {role.id}"


@by_id(SUB_ITEMS)
def test_sub_item_has_risks_and_countermeasures_for_both_roles(record):
    for role in G.roles:
        sheet = G.sheet(record.id, role.id)
        assert sheet is not None, f"{record.id} has no {role.id} block"
        assert sheet.risks, f"{record.id} has no {role.id} risk"
        assert sheet.countermeasures, f"{record.id} has no {role.id} countermeasure"


@by_id(SUB_ITEMS)
def test_sub_item_has_content(record):
    assert record.content


# --- both languages --------------------------------------------------------------------------

def texts_of(record):
    """Every Text inside a record (title, content, sub-points, examples, definitions…)."""
    from guideline.model import Text
    found = []

    def walk(value):
        if isinstance(value, Text):
            found.append(value)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                if name not in ("sub_items", "source"):
                    walk(getattr(value, name))
    walk(record)
    return found


TRANSLATED = [*G.principles, *G.sub_items, *G.roles, *RISKS_AND_COUNTERMEASURES, *G.terms, *G.cases]


@by_id(TRANSLATED)
def test_every_text_has_japanese_and_an_english_translation(record):
    texts = texts_of(record)
    assert texts
    for text in texts:
        assert text.ja.strip() and text.en.strip()
        assert not JAPANESE.search(text.en), f"untranslated Japanese in English text: {text.en!r}"
        assert text.ja != text.en or not JAPANESE.search(text.ja)


def test_interface_strings_are_bilingual():
    for key, text in G.ui.items():
        assert text.ja.strip() and text.en.strip(), key
        assert not JAPANESE.search(text.en), key


# --- IDs and references ----------------------------------------------------------------------

PATTERN_OF_KIND = {"principle": ids.PRINCIPLE, "sub-item": ids.SUB_ITEM, "risk": ids.RISK,
                   "countermeasure": ids.COUNTERMEASURE, "role": ids.ROLE, "glossary term": ids.TERM,
                   "case": ids.CASE, "editorial note": ids.EDITORIAL_NOTE}
RECORDS = list(all_records(G))


@pytest.mark.parametrize("record_id,kind", [(i, k) for i, _, k in RECORDS], ids=[i for i, _, _ in RECORDS])
def test_id_is_well_formed_and_unique(record_id, kind):
    assert ids.matches(PATTERN_OF_KIND[kind], record_id)
    assert [i for i, _, _ in RECORDS].count(record_id) == 1


@by_id(RISKS_AND_COUNTERMEASURES)
def test_id_names_its_sub_item_and_role(record):
    code = G.role(record.role_id).code
    assert record.id.startswith(f"{record.sub_item_id}-{code}-")


@by_id(G.notes)
def test_editorial_note_references_resolve(record):
    known = {i for i, _, _ in RECORDS}
    assert all(ref in known for ref in record.refs)
    if record.section:  # a hand-written page in both languages, or a page generated from the data
        from guideline import site
        for lang in ("ja", "en"):
            assert (DATA.parent / "docs" / lang / record.section).exists() or record.section in site.pages(G, lang)


@by_id([t for t in G.terms if t.defined_in])
def test_glossary_term_is_defined_where_it_says(record):
    s = G.sub_item(record.defined_in)
    sheets = [G.sheet(s.id, r.id) for r in G.roles]
    body = "".join(t.ja for sheet in sheets for t in texts_of(sheet)) + "".join(c.ja for c in s.content)
    assert any(surface in body for surface in record.surfaces("ja"))


# --- faithful to the source ------------------------------------------------------------------

def source_checksum() -> str:
    """The SHA-256 that source/README.md records for the source text."""
    readme = (SOURCE.parent / "README.md").read_text(encoding="utf-8")
    found = re.search(r"SHA-256 \| `([0-9a-f]{64})`", readme)
    assert found, "source/README.md does not record the SHA-256 of the source text"
    return found.group(1)


def test_source_is_the_published_extraction():
    """The source text is byte for byte the extraction recorded in source/README.md (no final newline)."""
    data = SOURCE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == source_checksum(), \
        f"{SOURCE} differs from the extraction recorded in source/README.md; restore it, never edit it"
    assert not data.endswith(b"\n"), "the source has no final newline; do not add one"


def _site_results_by_record() -> dict[str, list[tuple[str, str]]]:
    """The two-way comparison of tests/unit/test_fidelity.py, per record (or page)."""
    from tests.unit.test_fidelity import SITE_RESULTS
    grouped: dict[str, list[tuple[str, str]]] = {}
    for text, result in SITE_RESULTS:
        grouped.setdefault(text.where, []).append((text.text, result))
    return grouped


SITE_RESULTS_BY_RECORD = _site_results_by_record()


@pytest.mark.parametrize("where", list(SITE_RESULTS_BY_RECORD), ids=list(SITE_RESULTS_BY_RECORD))
def test_japanese_text_is_the_source_text_or_explained(where):
    """Each record's Japanese reads as in the source, unless an editorial note on it explains the difference."""
    unexplained = [text for text, result in SITE_RESULTS_BY_RECORD[where] if result == "unexplained"]
    assert not unexplained, f"{where}: not in the source and not explained by a note: {unexplained}"


# --- terminology -----------------------------------------------------------------------------

TERMS = [t for t in G.terms if t.origin == "text" or t.id not in ("ai",)]


@by_id(RISKS_AND_COUNTERMEASURES + SUB_ITEMS)
def test_translation_follows_the_glossary(record):
    """Where the Japanese uses a glossary term, the English uses its glossary translation."""
    for text in texts_of(record):
        for term in TERMS:
            if any(s in text.ja for s in term.surfaces("ja")):
                assert any(s.casefold() in text.en.casefold() for s in term.surfaces("en")), \
                    f"{term.term.ja} should be translated as {term.term.en!r}: {text.en!r}"
