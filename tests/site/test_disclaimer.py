"""The disclaimer and the glossary provenance, as readers see them on the built site (issue 11)."""
import html
import re

from guideline.loader import load_guideline
from tests.conftest import DATA, UPSTREAM

G = UPSTREAM


def _disclaimer(page: str) -> str | None:
    found = re.search(r'<aside class="gl-disclaimer"[^>]*>(.*?)</aside>', page, re.S)
    return found.group(1) if found else None


def test_english_edition_shows_the_disclaimer_on_every_page_with_a_link_to_the_notes(built):
    pages = sorted((built / "en").rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        if path.name == "404.html":
            continue
        block = _disclaimer(path.read_text(encoding="utf-8"))
        assert block is not None, f"no disclaimer on {path.relative_to(built)}"
        assert G.meta.disclaimer.en in html.unescape(block)
        on_notes_page = path.parent.name == "editorial-notes"
        assert re.search(r'href="(\./|[^"]*editorial-notes/)"' if on_notes_page else r'href="[^"]*editorial-notes/"',
                         block), path


def test_japanese_edition_shows_the_disclaimer_on_its_home_page(built):
    block = _disclaimer((built / "index.html").read_text(encoding="utf-8"))
    assert block is not None and G.meta.disclaimer.ja in html.unescape(block)
    assert 'href="editorial-notes/"' in block


def test_glossary_labels_each_term_with_its_provenance_in_both_editions(built):
    for lang, folder in (("ja", built), ("en", built / "en")):
        page = (folder / "glossary" / "index.html").read_text(encoding="utf-8")
        for term in G.terms:
            start = page.index(f'id="term-{term.id}"')
            following = [page.find(f'id="term-{t.id}"', start + 1) for t in G.terms]
            end = min([i for i in following if i > start] or [len(page)])
            entry = page[start:end]
            label = G.text(f"glossary.from_{term.origin}", lang)
            assert f"gl-provenance--{term.origin}" in entry and label in html.unescape(entry), (lang, term.id)
            if term.defined_in:  # the link reaches the sub-item page (MkDocs resolved the .md link)
                assert re.search(rf'href="[^"]*{term.defined_in.lower()}/"', entry), (lang, term.id)



def test_a_hostile_disclaimer_comes_out_as_text(tmp_path):
    """Quotes and ampersands stay text, in the attribute-free paragraph (the schema already refuses "<")."""
    import json

    from tests.conftest import build, copy_data
    data = copy_data(tmp_path / "data")
    meta = data / "guideline.yaml"
    lines = meta.read_text(encoding="utf-8").split("\n")
    at = lines.index("disclaimer:") + 2
    assert lines[at].startswith("  en: ")
    hostile = 'Read " onmouseover="alert(1)" & &amp; /aside> \\ end'  # the schema refuses <, {{ and {%
    lines[at] = "  en: " + json.dumps(hostile)
    meta.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "site"
    result = build(out, data, langs=("en",))
    assert result.returncode == 0, result.stderr[-2000:]
    page = (out / "en" / "index.html").read_text(encoding="utf-8")
    block = _disclaimer(page)
    assert block is not None
    assert html.unescape(block).count(hostile) == 1
    assert 'onmouseover="alert' not in block and "&amp;amp;" in block
