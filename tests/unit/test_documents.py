"""The whole guideline as PDF and DOCX (guideline/documents): content, order, fork additions,
bookmarks, fonts, Word styles. The four documents of each format are built once per session."""
import io
import re
import zlib
from dataclasses import dataclass

import pytest
from docx import Document
from pypdf import PdfReader

from guideline import cache, documents, exports, site
from guideline.documents import content
from guideline.model import Guideline
from tests.conftest import EXAMPLE_FORK, FORK, ROOT, UPSTREAM

# Building the PDFs takes tens of seconds: out of `make test-fast`, in `make test`.
pytestmark = pytest.mark.documents

EDITIONS = {"ja": ("ja", None), "en": ("en", None), "fork-ja": ("ja", FORK), "fork-en": ("en", FORK)}
GUIDELINES = {None: UPSTREAM, FORK: EXAMPLE_FORK}
STAMPS = {overlay: site.build_stamp(g, ROOT) for overlay, g in GUIDELINES.items()}
LIST_MARKERS = str.maketrans("", "", "•◦▪▶")  # drawn by the PDF engine, not part of the text
# The body of an A4 page in points: running header above, page number below (see document.css).
PAGE_TOP, PAGE_BOTTOM = 842 - 60, 55


def squeeze(text: str) -> str:
    """Text without whitespace: line breaks fall anywhere in a typeset PDF."""
    return re.sub(r"\s+", "", text)


@dataclass
class Built:
    g: Guideline
    lang: str
    files: dict[str, bytes]

    def data(self, kind: str) -> bytes:
        return self.files[documents.filename(self.g, kind, self.lang)]

    def text(self, kind: str) -> str:
        if kind == "pdf":
            return squeeze("".join(pdf_body(page) for page in self.pdf.pages)).translate(LIST_MARKERS)
        return squeeze("".join(self.docx.element.body.itertext()))

    @property
    def pdf(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.data("pdf")))

    @property
    def docx(self):
        return Document(io.BytesIO(self.data("docx")))


def pdf_body(page) -> str:
    """A page's text without its running header and page number."""
    parts: list[str] = []

    def visit(text, cm, tm, font, size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if PAGE_BOTTOM < y < PAGE_TOP:
            parts.append(text)
    page.extract_text(visitor_text=visit)
    return "".join(parts)


_built: dict[str, Built] = {}
_texts: dict[tuple[str, str], str] = {}


def built(edition: str) -> Built:
    if edition not in _built:
        lang, overlay = EDITIONS[edition]
        g = GUIDELINES[overlay]
        # Stamped as a build of this checkout is, and through the same cache: the documents the site
        # build makes (fixtures built, fork_built) are these, typeset once per session.
        _built[edition] = Built(g, lang, documents.build_documents(g, lang, STAMPS[overlay], ROOT / "docs" / lang,
                                                                   cache.folder(ROOT / ".cache")))
    return _built[edition]


def text_of(edition: str, kind: str) -> str:
    if (edition, kind) not in _texts:
        _texts[(edition, kind)] = built(edition).text(kind)
    return _texts[(edition, kind)]


# --- every record, with its texts, in the data's order ---------------------------------------

def records(g: Guideline, lang: str) -> list[tuple[str, list[str]]]:
    """(ID, texts that follow it) in the order of the document: Part 4 (principles, sub-items with
    their content), then Part 5 (per role and sub-item: risks, then countermeasures)."""
    out: list[tuple[str, list[str]]] = []
    for p in g.principles:
        out.append((p.id, [p.title[lang]]))
        out += [(s.id, [s.title[lang], *(t[lang] for t in s.content)]) for s in p.sub_items]
    for r in g.roles:
        for s in g.sub_items:
            sheet = g.sheet(s.id, r.id)
            if sheet is None:
                continue
            out += [(x.id, [x.text[lang], *([x.omitted[lang]] if x.omitted else [])]) for x in sheet.risks]
            out += [(x.id, [x.text[lang], *(t[lang] for t in [*x.sub_points, *x.examples]),
                            *([x.omitted[lang]] if x.omitted else [])]) for x in sheet.countermeasures]
    return out


def placement(text: str, expected: list[tuple[str, list[str]]]) -> dict[str, str | None]:
    """Walk the document text record by record. For each ID: None if it comes after the previous
    record's ID and its texts come, in order, before the next record's ID; else what is wrong."""
    problems: dict[str, str | None] = {}
    position = 0
    for index, (record_id, texts) in enumerate(expected):
        found = text.find(record_id, position)
        if found < 0:
            problems[record_id] = f"{record_id} missing after position {position} (or out of order)"
            continue
        # the next record's ID bounds this one's texts (IDs are prefixes of each other: P01 < P01-1)
        following = [text.find(nid, found + len(record_id)) for nid, _ in expected[index + 1:index + 2]]
        end = following[0] if following and following[0] >= 0 else len(text)
        cursor, problem = found + len(record_id), None
        for t in texts:
            at = text.find(squeeze(t), cursor, end)
            if at < 0:
                problem = f"{record_id}: text not found after its ID: {t[:60]!r}"
                break
            cursor = at + len(squeeze(t))
        problems[record_id] = problem
        position = found + len(record_id)
    return problems


_placements: dict[tuple[str, str], dict[str, str | None]] = {}


def record_params():
    for edition, (lang, overlay) in EDITIONS.items():
        for kind in documents.KINDS:
            for record_id, _ in records(GUIDELINES[overlay], lang):
                yield pytest.param(edition, kind, record_id, id=f"{edition}-{kind}-{record_id}")


@pytest.mark.parametrize("edition, kind, record_id", list(record_params()))
def test_every_record_with_its_text_in_the_data_order(edition, kind, record_id):
    if (edition, kind) not in _placements:
        b = built(edition)
        _placements[(edition, kind)] = placement(text_of(edition, kind), records(b.g, b.lang))
    assert _placements[(edition, kind)][record_id] is None, _placements[(edition, kind)][record_id]


# --- a fork's own version ------------------------------------------------------------------------

FORK_EDITIONS = [e for e, (_, overlay) in EDITIONS.items() if overlay]


def fork_params():
    for edition in FORK_EDITIONS:
        for kind in documents.KINDS:
            yield pytest.param(edition, kind, id=f"{edition}-{kind}")


@pytest.mark.parametrize("edition, kind", list(fork_params()))
def test_fork_cover_contacts_and_pages(edition, kind):
    b = built(edition)
    m, text, stamp = b.g.municipality, text_of(edition, kind), STAMPS[FORK]
    cover = squeeze(b.g.text("document.fork_version", b.lang, municipality=m.name[b.lang],
                             date=stamp.generated.isoformat(), commit=stamp.commit))
    assert text.find(squeeze(m.name[b.lang])) < text.find(squeeze(b.g.meta.title[b.lang])) < text.find(cover), \
        "cover: municipality, title, fork version"
    assert squeeze(b.g.text("stamp", b.lang, version=b.g.meta.version, date=stamp.generated.isoformat())) in text
    for contact in (m.ai_officer, m.inquiry):
        assert squeeze(contact.name[b.lang]) in text
    for page in m.pages:  # the fork's own pages, with their heading
        heading = (FORK / "pages" / b.lang / page).read_text(encoding="utf-8").splitlines()[0]
        assert squeeze(re.sub(r"^#\s*|\{.*\}$", "", heading)) in text


def fork_record_params():
    g = GUIDELINES[FORK]
    for edition in FORK_EDITIONS:
        for kind in documents.KINDS:
            for cm in g.countermeasures():
                if cm.local:
                    yield pytest.param(edition, kind, cm.id, "local", id=f"{edition}-{kind}-{cm.id}")
            for x in [*g.risks(), *g.countermeasures()]:
                if x.omitted:
                    yield pytest.param(edition, kind, x.id, "omitted", id=f"{edition}-{kind}-{x.id}")


@pytest.mark.parametrize("edition, kind, record_id, change", list(fork_record_params()))
def test_fork_local_rules_marked_and_omissions_with_reasons(edition, kind, record_id, change):
    b = built(edition)
    text = text_of(edition, kind)
    record = next(x for x in [*b.g.risks(), *b.g.countermeasures()] if x.id == record_id)
    municipality = b.g.municipality.name[b.lang]
    # In Part 5, after the front matter's summary (which lists it too):
    part5 = text.rfind(squeeze(b.g.text("part5.title", b.lang)))
    at = text.find(record_id, part5)
    if change == "local":  # the badge sits between the ID and the text
        after = text[at + len(record_id):at + len(record_id) + 200]
        assert after.startswith(squeeze(b.g.text("local.badge", b.lang)) + squeeze(record.text[b.lang])), \
            f"{record_id} is followed by {after[:60]!r}"
        summary_title = b.g.text("document.local_rules", b.lang, municipality=municipality)
    else:
        label = squeeze(b.g.text("omitted.label", b.lang, municipality=municipality))
        assert text.find(label + squeeze(record.omitted[b.lang]), at) > at
        summary_title = b.g.text("document.omissions", b.lang, municipality=municipality)
    summary = text.find(squeeze(summary_title))
    assert 0 <= summary < text.find(record_id, summary) < part5, "listed in the front matter's summary"


def test_upstream_has_no_fork_front_matter():
    b = built("ja")
    assert squeeze(b.g.text("local.badge", "ja")) not in text_of("ja", "pdf").split(
        squeeze(b.g.text("principles.title", "ja")))[0]
    assert documents.filename(b.g, "pdf", "ja") == "ai-governance-guideline-ja.pdf"
    assert documents.filename(built("fork-ja").g, "pdf", "ja") == "ai-governance-guideline-mihon-city-ja.pdf"


# --- PDF: bookmarks, fonts, metadata, tagging, no requests --------------------------------------

def outline_tree(reader: PdfReader, items=None) -> list[tuple[str, list]]:
    """pypdf's outline (a flat list with children in a list after their parent) as a tree."""
    tree: list[tuple[str, list]] = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            tree[-1] = (tree[-1][0], outline_tree(reader, item))
        else:
            tree.append((squeeze(item.title), []))
    return tree


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_bookmarks_by_part_principle_and_sub_item(edition):
    b = built(edition)
    from guideline import render
    tree = dict(outline_tree(b.pdf))
    part4 = squeeze(b.g.text("principles.title", b.lang))
    assert part4 in tree and squeeze(b.g.text("part5.title", b.lang)) in tree
    principles = dict(tree[part4])
    assert list(principles) == [squeeze(f"{p.id} {render.principle_label(p, b.lang)}") for p in b.g.principles]
    for p in b.g.principles:
        children = [title for title, _ in principles[squeeze(f"{p.id} {render.principle_label(p, b.lang)}")]]
        assert children == [squeeze(f"{s.id} {render.sub_item_label(s, b.lang)}") for s in p.sub_items]


TAGS = {"/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"}


def structure_roles(pdf: bytes) -> set[str]:
    """The types (/H1, /P, /Table …) of the structure elements of a tagged PDF. Read from the raw and
    inflated object streams: walking thousands of elements through pypdf takes minutes."""
    parts = [pdf]
    for start in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[start.end():pdf.find(b"endstream", start.end())]))
        except zlib.error:
            continue
    return {"/" + m.decode() for m in re.findall(rb"/Type\s*/StructElem\s*/S\s*/(\w+)", b"\n".join(parts))}


def font_embedding(reader: PdfReader) -> dict[str, bool]:
    """Each font used on a page -> whether its font program is in the file."""
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


def test_font_check_sees_a_font_that_is_not_embedded():
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    helvetica = DictionaryObject({NameObject(k): NameObject(v) for k, v in
                                  (("/Type", "/Font"), ("/Subtype", "/Type1"), ("/BaseFont", "/Helvetica"))})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): writer._add_object(helvetica)})})
    out = io.BytesIO()
    writer.write(out)
    assert font_embedding(PdfReader(io.BytesIO(out.getvalue()))) == {"/Helvetica": False}


@pytest.mark.parametrize("edition", EDITIONS)
def test_pdf_fonts_embedded_language_title_and_tags(edition):
    b = built(edition)
    reader = b.pdf
    fonts = font_embedding(reader)
    assert fonts and all(fonts.values()), f"not embedded: {[f for f, ok in fonts.items() if not ok]}"
    assert any("CJK-JP" in name for name in fonts), "the Japanese font (fonts-noto-cjk) is used"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == b.lang
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog
    roles = structure_roles(b.data("pdf"))
    assert TAGS <= roles, f"not tagged: {TAGS - roles}"
    assert reader.metadata.title.startswith(b.g.meta.title[b.lang])
    assert "/A4" not in catalog and [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [595, 842]


def test_pdf_contents_has_page_numbers():
    b = built("ja")
    contents = pdf_body(b.pdf.pages[1])
    part4 = b.g.text("principles.title", "ja")
    assert re.search(re.escape(part4) + r"[ .]*\d+", contents), contents[:400]


def test_pdf_engine_requests_nothing_from_other_hosts():
    from guideline.documents.pdf import pdf_bytes
    html = '<html lang="ja"><head><title>x</title></head><body><img src="https://example.com/x.png"></body></html>'
    with pytest.raises(BaseException, match="example.com"):
        pdf_bytes(html)


# --- DOCX: Word styles, fields, A4 -------------------------------------------------------------

@pytest.mark.parametrize("edition", EDITIONS)
def test_docx_word_styles_contents_field_page_numbers_a4(edition):
    b = built(edition)
    from guideline import render
    document = b.docx
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(squeeze(paragraph.text))
    assert squeeze(b.g.text("principles.title", b.lang)) in by_style["Heading 1"]
    assert [squeeze(f"{p.id} {render.principle_label(p, b.lang)}") for p in b.g.principles] == \
        [t for t in by_style["Heading 2"] if re.match(r"P\d\d4-", t)]
    assert [squeeze(f"{s.id} {render.sub_item_label(s, b.lang)}") for s in b.g.sub_items] == \
        [t for t in by_style["Heading 3"] if re.match(r"P\d\d-\d+", t)]
    assert by_style.get("List Bullet") and by_style.get("List Bullet 2")
    assert document.tables and all(t.style.name == "Table Grid" for t in document.tables)
    body_xml = document.element.body.xml
    assert "TOC \\o" in body_xml, "table of contents field"
    assert " PAGE " in document.sections[0].footer._element.xml, "page number field"
    assert (round(document.sections[0].page_width.mm), round(document.sections[0].page_height.mm)) == (210, 297)
    assert document.core_properties.title.startswith(b.g.meta.title[b.lang])


# --- what the document is made of ----------------------------------------------------------------

def test_every_page_of_the_nav_is_in_the_document_or_site_only():
    nav = re.findall(r"^\s+- ([a-z0-9/_-]+\.md)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    in_document = {p for entry in content.PAGES for p in (entry[1] if isinstance(entry, tuple) else [entry])}
    placed = in_document | set(content.APPENDIX) | set(content.SITE_ONLY)
    assert nav and [p for p in nav if p not in placed] == []
    assert [p for p in placed if p not in nav] == []


def test_skipping_documents_for_fast_previews(monkeypatch):
    b = built("ja")
    monkeypatch.setenv(documents.SKIP_VARIABLE, "1")
    assert documents.build_documents(b.g, "ja", exports.Stamp("1.0.0", __import__("datetime").date(2026, 4, 1)),
                                     ROOT / "docs" / "ja") == {}


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_link_inside_the_document_lands_and_ids_are_unique(edition):
    """Links between the site's pages become links inside the document (or plain text)."""
    lang, overlay = EDITIONS[edition]
    g = GUIDELINES[overlay]
    html = content.document_html(g, lang, exports.Stamp(g.meta.version, __import__("datetime").date(2026, 4, 1)),
                                 ROOT / "docs" / lang)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"
    broken = [h for h in re.findall(r'href="([^"]+)"', html)
              if not h.startswith(("https://", "http://", "mailto:")) and h.removeprefix("#") not in set(ids)]
    assert broken == []
