"""Two-way fidelity: the source text and the site's Japanese text, unit by unit.

(a) every unit of the source (each risk, countermeasure, sub-point, example and 内容 point of the
    第5部 tables, each line of 第4部, each glossary line, each paragraph of the other parts) is found
    in the data or the hand-written pages, or is explained by an editorial note that quotes it;
(b) every Japanese text of the data and every paragraph of the pages is found in the source, or is
    explained by an editorial note that names its record (refs) or page (section) and quotes it.

"Found" is after normalization (the extraction artifacts listed in source/README.md: markup, bullet
glyphs, spacing, footnote marks, page-break splits). A note can only explain what it quotes: its
`original` excerpt must occur in the source unit, its `corrected` excerpt in the data text.
The figure is printed at the end of the run (test_print_the_fidelity_figure).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from guideline import render
from guideline.model import EditorialNote, Guideline, Text
from tests.conftest import DATA, UPSTREAM

ROOT = DATA.parent
SOURCE = ROOT / "source" / "004_be1f9c7407c738b5.txt"
# The hand-written Japanese pages that carry the guideline's prose (the other pages are generated
# from the data, or are about the site).
PROSE_PAGES = ["introduction.md", "part1/ai-features.md", "part1/cases.md", "part1/risk-management.md",
               "part2.md", "part3.md", "part6.md", "glossary.md"]
MIN_EXCERPT = 8  # a note's excerpt shorter than this (normalized) could match anywhere (「すること」)


def normalize(text: str) -> str:
    """Drop what the PDF extraction (and Markdown) add around the words."""
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)          # autolinks keep their URL
    text = re.sub(r"\[\^\d+\]:?", "", text)                       # Markdown footnote marks
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)          # Markdown links keep their text
    text = re.sub(r"\{\s*#[^}]*\}", "", text)                     # heading anchors
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)                 # HTML list markup
    text = re.sub(r"<([^<>]+)>", r"〈\1〉", text)                  # <学問分野>: data texts may not hold "<"
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]", "", text)                      # footnote superscripts
    text = re.sub(r"[\s|#*・➢➤▶■\-]", "", text)                  # spacing, bullets, table rules
    text = re.sub(r"[:：]$", "", text)                             # 「AI :」: a definition list's colon
    return text.replace("(", "（").replace(")", "）")


# --- the source, cut into units ----------------------------------------------------------------

BULLET = re.compile(r"<[^>]+>|(?:^|\s)[・➢➤▶](?=\s)|【具体的な手法（例）】")


def source_units(text: str) -> list[str]:
    """Each paragraph, and each bulleted item of a table cell, normalized; the table of contents is
    left out (the site has its own navigation)."""
    lines = text.split("\n")  # not splitlines() semantics to worry about: no final newline to lose
    body = lines.index("はじめに", lines.index("目次"))  # the first heading after the contents
    units = []
    for line in lines[body:]:
        for cell in line.split("\t"):
            for item in BULLET.split(cell):
                if normalize(item):
                    units.append(normalize(item))
    return units


# --- the site's Japanese texts -------------------------------------------------------------------

@dataclass
class SiteText:
    where: str        # record ID or page, for messages
    owners: set[str]  # what a note must name (refs or section) to explain this text
    text: str         # normalized


def record_texts(g: Guideline) -> list[SiteText]:
    found: list[SiteText] = []

    def add(where: str, owners: set[str], texts: list[Text]) -> None:
        found.extend(SiteText(where, owners | {where}, normalize(t.ja)) for t in texts if normalize(t.ja))

    add("principles/index.md", set(), g.principles_intro)
    add("checksheets", set(), g.checksheets_intro)
    for p in g.principles:
        add(p.id, set(), [p.title])
        for s in p.sub_items:
            add(s.id, set(), [s.title, *s.content])
    for r in g.roles:
        add(r.id, set(), [r.name, *r.definition, *r.considerations_intro])
    for (sub_item_id, role_id), sheet in g.sheets.items():
        add(f"{sub_item_id} ({role_id})", {sub_item_id, role_id}, sheet.content)
        for risk in sheet.risks:
            add(risk.id, set(), [risk.text])
        for c in sheet.countermeasures:
            add(c.id, set(), [c.text, *c.sub_points, *c.examples])
    for term in g.terms:
        add(term.id, set(), [term.term, *term.definition,
                             *(t for ref in term.references for t in [ref.source, *ref.text])])
    for case in g.cases:
        add(case.id, set(), [case.title, case.organization, *case.background, *case.data_and_security,
                             *case.effects])
    add("part1/cases.md", set(), [g.cases_source])
    return found


def page_texts(docs: Path) -> list[SiteText]:
    """Each paragraph (line) of the hand-written Japanese prose pages, macros left out."""
    found = []
    for page in PROSE_PAGES:
        for line in (docs / page).read_text(encoding="utf-8").split("\n"):
            if "{{" in line or not normalize(line):
                continue
            found.append(SiteText(page, {page}, normalize(line)))
    return found


def labels(g: Guideline) -> list[str]:
    """Headings and labels the generated pages show (section labels, numbered titles)."""
    shown = [normalize(t.ja) for t in g.ui.values()]
    for p in g.principles:
        shown += [normalize(render.principle_label(p, "ja")), normalize(f"{render.principle_number(p)}{p.title.ja}")]
        shown += [normalize(f"{chr(0x2460 + p.ordinal - 1)}{p.title.ja}")]  # ① 人間中心 (第5部)
        shown += [normalize(render.sub_item_label(s, "ja")) for s in p.sub_items]
    for i, r in enumerate(g.roles, start=1):
        shown += [normalize(f"2-{i}. {r.name.ja}"), normalize(g.text("role_page.title", "ja", role=r.name.ja))]
    shown += [normalize(f"{g.text('case', 'ja')}{i}{c.title.ja}") for i, c in enumerate(g.cases, start=1)]
    return shown


# --- matching ------------------------------------------------------------------------------------

class Corpus:
    """Texts joined with separators, so that `in` finds a substring of one text and
    separators mark where a text starts or ends."""

    def __init__(self, texts: list[str]):
        self.whole = set(texts)
        self.joined = "\0" + "\0".join(texts) + "\0"

    def inside_one(self, unit: str) -> bool:
        return unit in self.joined

    def is_made_of_texts(self, unit: str) -> bool:
        """The unit is a run of whole texts, possibly starting with the end of a text and ending
        with the beginning of one (items run together, or a table row cut by a page break)."""
        n = len(unit)
        starts = {0}
        # where the first piece may end: the unit begins with the end of a text
        starts |= {k for k in range(MIN_EXCERPT, n) if unit[:k] + "\0" in self.joined}
        seen: set[int] = set()
        while starts:
            i = starts.pop()
            if i in seen:
                continue
            seen.add(i)
            rest = unit[i:]
            if rest in self.whole or (len(rest) >= MIN_EXCERPT and "\0" + rest in self.joined):
                return True  # the rest is a whole text, or the beginning of one
            starts |= {j for j in range(i + 1, n) if unit[i:j] in self.whole}
        return False

    def __contains__(self, unit: str) -> bool:
        return self.inside_one(unit) or self.is_made_of_texts(unit)


def excerpts(quoted: str | None) -> list[str]:
    """The pieces of a note's `original` or `corrected` quotation ("…" and "／" separate pieces)."""
    if not quoted:
        return []
    pieces = re.split(r"…|／|（改ページ[^）]*）|\s{2,}| … ", quoted)
    return [p for p in map(normalize, pieces) if len(p) >= MIN_EXCERPT]


def rest_is_found(text: str, quoted: list[str], found_in) -> bool:
    """With the note's quoted pieces taken out, what remains of `text` is found: a note explains
    the part it quotes, not a change elsewhere in the same text."""
    pieces = [text]
    for q in quoted:
        pieces = [part for piece in pieces for part in piece.split(q)]
    return all(part in found_in for part in pieces if part)


def note_explains_source(note: EditorialNote, unit: str) -> bool:
    quoted = [p for p in excerpts(note.original) if p in unit]
    return bool(quoted) and rest_is_found(unit, quoted, CORPUS)


def note_explains_text(note: EditorialNote, text: SiteText, g: Guideline) -> bool:
    named = set(note.refs) | ({note.section} if note.section else set())
    if not named & text.owners:
        return False
    term = next((t for t in g.terms if t.id in text.owners), None)
    if term is not None and term.origin == "editors":  # the whole entry is the editors' addition
        return True
    quoted = [p for p in excerpts(note.corrected) if p in text.text]
    return bool(quoted) and rest_is_found(text.text, quoted, NORMALIZED_SOURCE)


# --- the two directions --------------------------------------------------------------------------

G = UPSTREAM
SOURCE_TEXT = SOURCE.read_text(encoding="utf-8")
UNITS = source_units(SOURCE_TEXT)
SITE = record_texts(G) + page_texts(ROOT / "docs" / "ja")
CORPUS = Corpus([t.text for t in SITE] + labels(G))
NORMALIZED_SOURCE = normalize(SOURCE_TEXT)
NOTES = [n for n in G.notes if n.kind != "global"]  # global notes describe the normalization itself


def classify_source_unit(unit: str) -> str:
    if unit in CORPUS:
        return "verbatim"
    if any(note_explains_source(n, unit) for n in NOTES):
        return "explained"
    return "unexplained"


def classify_site_text(text: SiteText) -> str:
    if text.text in NORMALIZED_SOURCE:
        return "verbatim"
    if any(note_explains_text(n, text, G) for n in NOTES):
        return "explained"
    return "unexplained"


SOURCE_RESULTS = [(u, classify_source_unit(u)) for u in UNITS]
SITE_RESULTS = [(t, classify_site_text(t)) for t in SITE]


def test_every_unit_of_the_source_is_on_the_site_or_explained():
    missing = [u for u, result in SOURCE_RESULTS if result == "unexplained"]
    assert not missing, (f"{len(missing)} source units are neither on the site nor explained by an "
                         "editorial note:\n" + "\n".join(f"  {u[:120]}" for u in missing))


def test_every_japanese_text_of_the_site_is_in_the_source_or_explained():
    changed = [t for t, result in SITE_RESULTS if result == "unexplained"]
    assert not changed, (f"{len(changed)} site texts are not in the source and no editorial note on "
                         "their record or page explains them:\n"
                         + "\n".join(f"  {t.where}: {t.text[:120]}" for t in changed))


@pytest.mark.parametrize("note", NOTES, ids=[n.id for n in NOTES])
def test_every_note_quotes_the_source_and_the_site(note):
    """`original` quotes the source and `corrected` quotes the site (both editions show them as
    quotations; what was done is said in the explanation, in each language)."""
    if note.original and excerpts(note.original):
        assert any(p in NORMALIZED_SOURCE for p in excerpts(note.original)), \
            f"{note.id}: its `original` is not a quotation of the source"
    missing = [p for p in excerpts(note.corrected) if p not in CORPUS.joined]
    assert not missing, f"{note.id}: its `corrected` is not a quotation of the site: {missing}"


def test_the_matching_is_strict():
    """The checks would catch a dropped phrase, an added word, and a note on another record."""
    risk = G.risks()[0]
    unit = normalize(risk.text.ja)
    assert unit in CORPUS
    assert unit[:10] + unit[14:] not in CORPUS  # four characters dropped
    changed = SiteText(risk.id, {risk.id}, normalize(risk.text.ja + "（編集者が書き加えた文）"))
    assert classify_site_text(changed) == "unexplained"
    unrelated = SiteText("P99-9-PROV-R09", {"P99-9-PROV-R09"}, changed.text)
    assert not any(note_explains_text(n, unrelated, G) for n in NOTES)
    # a note explains what it quotes, not another change in the same source unit
    explained = next(u for u, result in SOURCE_RESULTS if result == "explained" and len(u) > 60)
    assert classify_source_unit(explained) == "explained"
    assert classify_source_unit(explained[:-12] + "（別の文言）" + explained[-6:]) == "unexplained"


# --- 第5部 in place: each role's 内容, リスク and 対策 are in that role's own sheet -------------------

SUB_ITEM_ROW = re.compile(r"^[①-⑩]\s?[^\t]+\t\s*$")
PRINCIPLE_ROW = re.compile(r"^[①-⑩] [^\t]+$")
LABELS = {"内容": "content", "リスク": "risks", "対策": "countermeasures"}


def part5_units(text: str, g: Guideline) -> dict[tuple[str, str, str], list[str]]:
    """(sub-item ID, role ID, content|risks|countermeasures) -> the source units of that table cell,
    following the tables of 5-1 (AI provider) and 5-2 (AI user) in order."""
    lines = text.split("\n")
    start = lines.index("第5部 自治体 AI 関係者の留意点")
    roles = {"5-1.": g.roles[0].id, "5-2.": g.roles[1].id}
    found: dict[tuple[str, str, str], list[str]] = {}
    role = principle = sub_item = label = None
    p_ord = s_ord = 0
    for line in lines[start:]:
        if line.startswith("第6部"):
            break
        if line[:4] in roles:
            role, p_ord = roles[line[:4]], 0
        elif PRINCIPLE_ROW.match(line) and role:
            p_ord, s_ord = p_ord + 1, 0
            principle = g.principles[p_ord - 1]
        elif SUB_ITEM_ROW.match(line) and principle:
            s_ord += 1
            sub_item, label = principle.sub_items[s_ord - 1].id, None
        elif "\t" in line and sub_item and role:
            first, *rest = line.split("\t")
            label = LABELS.get(first.strip(), label)
            cells = rest if first.strip() in LABELS or not first.strip() else [first, *rest]
            for cell in cells:
                for item in BULLET.split(cell):
                    if normalize(item) and label:
                        found.setdefault((sub_item, role, label), []).append(normalize(item))
    return found


PART5 = part5_units(SOURCE_TEXT, G)


def sheet_corpus(sub_item_id: str, role_id: str, label: str) -> Corpus:
    sheet = G.sheet(sub_item_id, role_id)
    assert sheet is not None
    if label == "content":
        texts = sheet.content or G.sub_item(sub_item_id).content
    elif label == "risks":
        texts = [r.text for r in sheet.risks]
    else:
        texts = [t for c in sheet.countermeasures for t in [c.text, *c.sub_points, *c.examples]]
    return Corpus([normalize(t.ja) for t in texts] + [normalize(G.text("examples", "ja"))])


def test_part5_tables_are_read_for_every_sheet():
    assert {(s, r) for s, r, _ in PART5} == set(G.sheets)
    assert all((s, r, label) in PART5 for s, r in G.sheets for label in LABELS.values())


@pytest.mark.parametrize("key", list(PART5), ids=[f"{s}-{G.role(r).code}-{label}" for s, r, label in PART5])
def test_part5_text_is_in_its_own_role_and_sub_item(key):
    """Not only somewhere on the site: a role's 内容, risks and countermeasures in that role's sheet
    (内容: the role's own wording where it has one, else 第4部's)."""
    corpus = sheet_corpus(*key)
    misplaced = [u for u in PART5[key] if u not in corpus and not any(note_explains_source(n, u) for n in NOTES)]
    assert not misplaced, f"{key}: source text not in this sheet and not explained: {misplaced}"


def figure(results: list) -> tuple[int, int, int, int]:
    counts = {k: sum(1 for _, r in results if r == k) for k in ("verbatim", "explained", "unexplained")}
    return counts["verbatim"], len(results), counts["explained"], counts["unexplained"]


def fidelity_lines() -> list[str]:
    lines = []
    for name, results in (("source -> site", SOURCE_RESULTS), ("site -> source", SITE_RESULTS)):
        n, m, k, u = figure(results)
        lines.append(f"fidelity {name}: {n} of {m} units verbatim, {k} explained by notes, {u} unexplained")
    return lines


def test_print_the_fidelity_figure(capsys):
    """Printed here for plain runs; tests/unit/conftest.py repeats it in the terminal summary."""
    for results in (SOURCE_RESULTS, SITE_RESULTS):
        n, m, k, u = figure(results)
        assert n + k + u == m and m > 0 and u == 0
    lines = fidelity_lines()
    with capsys.disabled():
        print("\n" + "\n".join(lines))


# --- glossary provenance -------------------------------------------------------------------------

def _glossary_section(text: str) -> str:
    lines = text.split("\n")
    start = lines.index("用語集", lines.index("はじめに", lines.index("目次")))
    end = lines.index("第 1 部 AI の基本情報", start)
    return normalize("\n".join(lines[start:end]))


SOURCE_GLOSSARY = _glossary_section(SOURCE_TEXT)


@pytest.mark.parametrize("term", G.terms, ids=[t.id for t in G.terms])
def test_glossary_provenance_is_true(term):
    """用語集: defined there; body text: defined in the sheet it links to; editors: in neither, and noted."""
    definition = [normalize(t.ja) for t in term.definition]
    if term.origin == "glossary":
        assert all(d in SOURCE_GLOSSARY for d in definition), f"{term.id}: not defined in the guideline's 用語集"
    elif term.origin == "text":
        assert term.defined_in, f"{term.id}: a body-text definition must say where"
        assert not any(d in SOURCE_GLOSSARY for d in definition)
        sheets = [G.sheet(term.defined_in, r.id) for r in G.roles]
        body = "".join(normalize(t.ja) for s in sheets if s for c in s.countermeasures
                       for t in [c.text, *c.sub_points]) + "".join(
            normalize(t.ja) for s in sheets if s for t in s.content)
        assert all(d in body for d in definition), f"{term.id}: not defined in {term.defined_in}"
    else:
        assert not any(d in NORMALIZED_SOURCE for d in definition), f"{term.id}: the guideline defines it"
        assert any(term.id in n.refs for n in G.notes), f"{term.id}: an editors' addition needs a note"
