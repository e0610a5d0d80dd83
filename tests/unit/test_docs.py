"""Hand-written pages: every Japanese page has its English twin, with the same anchors."""
import re

import pytest

from tests.conftest import ROOT

JA, EN = ROOT / "docs" / "ja", ROOT / "docs" / "en"
PAGES = sorted(p.relative_to(JA).as_posix() for p in JA.rglob("*.md"))
ANCHOR = re.compile(r"^#{1,6} .*\{ #([a-z0-9-]+) \}\s*$", re.M)
HEADING = re.compile(r"^#{2,6} ", re.M)
MACRO = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)")  # the macro called (its labels are translated)
FOOTNOTE = re.compile(r"^\[\^([^\]]+)\]:", re.M)


def test_both_editions_have_the_same_pages():
    assert PAGES == sorted(p.relative_to(EN).as_posix() for p in EN.rglob("*.md"))


@pytest.mark.parametrize("page", PAGES)
def test_translation_keeps_anchors_macros_and_footnotes(page):
    ja, en = (JA / page).read_text(encoding="utf-8"), (EN / page).read_text(encoding="utf-8")
    assert ANCHOR.findall(ja) == ANCHOR.findall(en)
    assert MACRO.findall(ja) == MACRO.findall(en)
    assert FOOTNOTE.findall(ja) == FOOTNOTE.findall(en)


@pytest.mark.parametrize("page", PAGES)
def test_every_section_heading_has_an_explicit_anchor(page):
    for text in ((JA / page).read_text(encoding="utf-8"), (EN / page).read_text(encoding="utf-8")):
        headings = [line for line in text.splitlines() if HEADING.match(line)]
        assert all(ANCHOR.match(h) for h in headings), [h for h in headings if not ANCHOR.match(h)]
