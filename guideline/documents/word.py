"""The document HTML as a DOCX with python-docx: Word's own styles (Title, Heading 1-4 = 見出し 1-4,
List Bullet, List Number, Table Grid), so that a municipality can edit it in Word or 一太郎.

The HTML (content.py) is walked element by element; every mapping is to a built-in style. Only the
fields (table of contents, page numbers) and the document language need a few lines of WordprocessingML,
because python-docx has no API for them.
"""
import base64
import io
from datetime import UTC, datetime, time

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html
from lxml.html import HtmlElement

from .. import exports

HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = {"p", "ul", "ol", "table", "div", "section", "nav", "blockquote", "hr", "img", *HEADINGS}
PNG_DATA = "data:image/png;base64,"
ID_STYLE = "Record ID"  # a character style for the IDs, so that they can be found and restyled in Word
Container = DocxDocument | _Cell


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (TOC, PAGE): begin, instruction, separate, shown text, end."""
    def char(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")  # Word fills in the field when the file is opened
        run._r.append(element)
    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _set_language(document: DocxDocument, lang: str) -> None:
    """Proofing language of the Normal style (Japanese text is checked as Japanese)."""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    element = OxmlElement("w:lang")
    tag = "ja-JP" if lang == "ja" else "en-GB"
    element.set(qn("w:val"), "ja-JP" if lang == "ja" else "en-GB")
    element.set(qn("w:eastAsia"), "ja-JP")
    element.set(qn("w:bidi"), tag)
    rpr.append(element)


class _Writer:
    def __init__(self, document: DocxDocument, lang: str):
        self.document = document
        self.lang = lang

    # --- inline content -----------------------------------------------------------------------
    def runs(self, paragraph: Paragraph, element: HtmlElement, bold: bool = False, italic: bool = False,
             superscript: bool = False, stop_at_blocks: bool = False) -> None:
        if element.text:
            self._run(paragraph, element.text, bold, italic, superscript)
        for child in element:
            if stop_at_blocks and child.tag in BLOCKS:
                return  # the rest of a list item is its nested blocks
            self._inline(paragraph, child, bold, italic, superscript)
            if child.tail:
                self._run(paragraph, child.tail, bold, italic, superscript)

    def _inline(self, paragraph: Paragraph, child: HtmlElement, bold: bool, italic: bool, sup: bool) -> None:
        css = child.get("class") or ""
        if child.tag == "br":
            paragraph.add_run().add_break(WD_BREAK.LINE)
        elif "footnote-backref" in css or "headerlink" in css or child.tag in ("script", "style"):
            return
        elif "id" in css.split():
            run = paragraph.add_run(child.text_content())
            run.style = self.document.styles[ID_STYLE]
        else:
            self.runs(paragraph, child, bold or child.tag in ("strong", "b", "th"),
                      italic or child.tag in ("em", "i"), sup or child.tag == "sup")

    @staticmethod
    def _run(paragraph: Paragraph, text: str, bold: bool, italic: bool, superscript: bool) -> None:
        text = " ".join(text.split()) if not text.strip() else text.replace("\n", " ")
        if not text or (not paragraph.runs and not text.strip()):
            return
        run = paragraph.add_run(text if paragraph.runs else text.lstrip())
        run.bold, run.italic = bold or None, italic or None
        if superscript:
            run.font.superscript = True

    # --- blocks --------------------------------------------------------------------------------
    def blocks(self, container: Container, element: HtmlElement, list_level: int = 0) -> None:
        for child in element:
            self.block(container, child, list_level)

    def paragraph(self, container: Container, style: str | None = None) -> Paragraph:
        if isinstance(container, _Cell) and len(container.paragraphs) == 1 and not container.paragraphs[0].text:
            paragraph = container.paragraphs[0]  # a new cell's own empty paragraph
            if style:
                paragraph.style = self.document.styles[style]
            return paragraph
        return container.add_paragraph(style=style)

    def block(self, container: Container, child: HtmlElement, list_level: int = 0) -> None:
        tag, css = child.tag, (child.get("class") or "").split()
        if not isinstance(tag, str):
            return  # comments
        if tag in HEADINGS and isinstance(container, DocxDocument):
            heading = self.document.add_heading(level=min(HEADINGS[tag], 9))
            self.runs(heading, child)
        elif tag in ("ul", "ol"):
            style = "List Number" if tag == "ol" else "List Bullet"
            for item in child.findall("li"):
                self.list_item(container, item, style, list_level + 1)
        elif tag == "table":
            self.table(container, child)
        elif tag == "hr" or "footnote-backref" in css:
            return
        elif tag == "img":
            return  # only the cover has an image (the logo), placed by docx_bytes
        elif tag in ("div", "section", "nav", "blockquote") or tag in HEADINGS:
            if "admonition" in css or "contact" in css:  # a box on the site: its title in bold, then its text
                for p in child.findall("p"):
                    title = any(c in (p.get("class") or "") for c in ("admonition-title", "contact__heading"))
                    self.runs(self.paragraph(container), p, bold=title)
                return
            self.blocks(container, child, list_level)
        else:  # p, and inline elements that stand alone
            # 内容 / リスク / 対策 are headings of their lists (Word's navigation pane shows them)
            paragraph_style: str | None = "Heading 5" if "label" in css else "Quote" if "omitted" in css else None
            paragraph = self.paragraph(container, paragraph_style)
            self.runs(paragraph, child) if tag == "p" else self._inline(paragraph, child, False, False, False)

    def list_item(self, container: Container, item: HtmlElement, style: str, level: int) -> None:
        level_style = style if level == 1 else f"{style} {min(level, 3)}"
        paragraph = self.paragraph(container, level_style)
        first = item[0] if len(item) and not (item.text or "").strip() else None
        if first is not None and first.tag == "p":  # <li><p>…</p></li> (footnotes): one paragraph
            self.runs(paragraph, first)
            rest = list(item)[1:]
        else:
            self.runs(paragraph, item, stop_at_blocks=True)
            rest = [c for c in item if c.tag in BLOCKS]
            # inline children after the first block are rare; they join the blocks below
        for child in rest:
            if child.tag in ("ul", "ol"):
                for sub in child.findall("li"):
                    self.list_item(container, sub, "List Number" if child.tag == "ol" else "List Bullet", level + 1)
            elif child.tag == "p" and "omitted" in (child.get("class") or ""):
                self.runs(self.paragraph(container, "Quote"), child)
            else:
                self.block(container, child, level)

    def table(self, container: Container, element: HtmlElement) -> None:
        rows = element.findall(".//tr")
        columns = max(len(row.findall("th") + row.findall("td")) for row in rows)
        table = container.add_table(rows=len(rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        for row_element, row in zip(rows, table.rows, strict=True):
            cells = [c for c in row_element if c.tag in ("th", "td")]
            for cell_element, cell in zip(cells, row.cells, strict=False):  # a short row leaves cells empty
                if any(c.tag in BLOCKS for c in cell_element):
                    self.blocks(cell, cell_element)
                else:
                    paragraph = cell.paragraphs[0]
                    self.runs(paragraph, cell_element, bold=cell_element.tag == "th")
            if "approval" in (element.get("class") or ""):
                row.height = Mm(22)


def docx_bytes(document_html: str, lang: str, title: str, author: str, stamp: exports.Stamp,
               contents_label: str, update_hint: str) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(20), Mm(18)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.different_first_page_header_footer = True  # a cover without header and page number
    section.header.paragraphs[0].text = title
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")

    properties = document.core_properties
    properties.title, properties.author, properties.language = title, author, ("ja-JP" if lang == "ja" else "en-GB")
    properties.subject = f"{stamp.version} ({stamp.commit})"
    moment = datetime.combine(stamp.generated, time(), tzinfo=UTC)  # reproducible: the build date
    properties.created = properties.modified = moment
    properties.revision = 1
    _set_language(document, lang)
    update = OxmlElement("w:updateFields")  # Word offers to fill in the contents when the file is opened
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)
    id_style = document.styles.add_style(ID_STYLE, WD_STYLE_TYPE.CHARACTER)
    id_style.font.color.rgb = RGBColor(0x23, 0x3A, 0x8B)
    id_style.font.size = Pt(9)
    document.styles["Heading 1"].paragraph_format.page_break_before = True

    tree = lxml_html.document_fromstring(document_html)
    body = tree.find("body")
    writer = _Writer(document, lang)
    for part in body:
        css = part.get("class") or ""
        if "cover" in css:
            logo = part.find(".//img")
            if logo is not None and logo.get("src", "").startswith(PNG_DATA):  # python-docx cannot place SVG
                document.add_picture(io.BytesIO(base64.b64decode(logo.get("src")[len(PNG_DATA):])), width=Mm(30))
            for p in part.iter("p"):
                style = "Title" if "cover__title" in (p.get("class") or "") else \
                    "Subtitle" if "cover__municipality" in (p.get("class") or "") else None
                writer.runs(document.add_paragraph(style=style), p)
        elif part.tag == "nav":  # the contents: Word's own TOC field, filled in when the file is opened
            document.add_heading(contents_label, level=1)
            _field(document.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', update_hint)
        else:
            writer.block(document, part)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
