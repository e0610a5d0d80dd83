"""The document HTML printed to an A4 PDF with WeasyPrint (engine chosen by measurement: see
docs/<lang>/documents.md).

WeasyPrint makes the bookmarks from the headings (bookmark-level in document.css), the contents'
page numbers from target-counter(), embeds subsets of the fonts (Debian's fonts-noto-cjk) and,
with pdf_tags, writes a tagged PDF (structure tree with headings, paragraphs, lists, tables).
"""
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetchingError


class _NoFetching(URLFetcher):
    """Only data: URIs (the inlined logo). Any other resource stops the build: nothing may be
    requested from another host, and a missing local file is a mistake to fix, not to skip."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, fail_on_errors=True)

    def fetch(self, url: str, headers: dict | None = None) -> object:
        if not url.startswith("data:"):
            raise URLFetchingError(f"the document may not load {url[:80]!r}: inline it or drop it")
        return super().fetch(url, headers)


def pdf_bytes(document_html: str) -> bytes:
    """Title and language come from the HTML (<title>, <html lang>)."""
    document = HTML(string=document_html, base_url=None, url_fetcher=_NoFetching())
    return document.write_pdf(pdf_tags=True) or b""
