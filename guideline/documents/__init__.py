"""The whole guideline as documents to approve and distribute: one A4 PDF and one DOCX per edition.

    build_documents(g, lang, stamp, docs_dir, cache_dir) -> {file name: bytes}

Both are made from one HTML document (content.py): the PDF by WeasyPrint (pdf.py), the DOCX by
python-docx (word.py). A fork's documents are its own version (cover, contacts, local rules,
omissions, its pages). Plain Python: no MkDocs import. GUIDELINE_SKIP_DOCUMENTS=1 skips them
(fast previews); the downloads page then lists none. Made documents are kept in `cache_dir` by a
hash of their HTML, metadata and this package's code (guideline/cache.py): typesetting takes about
ten seconds per edition, and most builds change nothing in them.
"""
import os
import time
from collections.abc import Callable
from pathlib import Path

from .. import cache, exports
from ..model import Guideline

SKIP_VARIABLE = "GUIDELINE_SKIP_DOCUMENTS"
KINDS = ("pdf", "docx")


def skipped() -> bool:
    return os.environ.get(SKIP_VARIABLE, "") not in ("", "0")


def slug_name(g: Guideline) -> str:
    """`-mihon-city` for a fork (from its English name), empty upstream."""
    if not g.municipality:
        return ""
    words = "".join(c.lower() if c.isascii() and c.isalnum() else "-" for c in g.municipality.name["en"])
    name = "-".join(w for w in words.split("-") if w)
    return f"-{name}" if name else ""


def filename(g: Guideline, kind: str, lang: str) -> str:
    """ai-governance-guideline-ja.pdf upstream, ai-governance-guideline-mihon-city-ja.pdf in a fork."""
    return f"ai-governance-guideline{slug_name(g)}-{lang}.{kind}"


def build_documents(g: Guideline, lang: str, stamp: exports.Stamp, docs_dir: Path,
                    cache_dir: Path | None = None) -> dict[str, bytes]:
    """The PDF and the DOCX of one edition, by file name; nothing when skipped. With `cache_dir`,
    made once per content (and code) and then reused."""
    if skipped():
        return {}
    return _build(g, lang, stamp, Path(docs_dir), {}, cache_dir)


def time_documents(g: Guideline, lang: str, stamp: exports.Stamp, docs_dir: Path) -> dict[str, float]:
    """Seconds each step takes for one edition (for `make bench`): the HTML, the PDF, the DOCX."""
    seconds: dict[str, float] = {}
    _build(g, lang, stamp, Path(docs_dir), seconds)
    return seconds


def _writers() -> tuple[Callable[[str], bytes], Callable[..., bytes]]:
    """The PDF and DOCX writers, imported when a document is made (not when it comes from the
    cache): WeasyPrint (Pango), python-docx and lxml take a second or two to import."""
    try:
        from .pdf import pdf_bytes
        from .word import docx_bytes
    except ImportError as e:
        raise ImportError(f"the PDF and DOCX editions need {e.name} (make documents-deps installs the Debian "
                          f"packages; requirements/site.txt the Python ones), or set {SKIP_VARIABLE}=1 to skip "
                          f"them") from e
    return pdf_bytes, docx_bytes


def _build(g: Guideline, lang: str, stamp: exports.Stamp, docs_dir: Path,
           seconds: dict[str, float], cache_dir: Path | None = None) -> dict[str, bytes]:
    from .content import document_html
    municipality = g.municipality.name[lang] if g.municipality else ""
    title = f"{g.meta.title[lang]} — {municipality}" if municipality else g.meta.title[lang]
    start = time.perf_counter()
    html = document_html(g, lang, stamp, docs_dir)
    seconds["html"] = time.perf_counter() - start
    author = municipality or g.meta.publisher[lang]
    contents, update_contents = g.text("document.contents", lang), g.text("document.update_contents", lang)

    def typeset() -> dict[str, bytes]:
        pdf_bytes, docx_bytes = _writers()
        start = time.perf_counter()
        pdf = pdf_bytes(html)
        seconds["pdf"] = time.perf_counter() - start
        start = time.perf_counter()
        docx = docx_bytes(html, lang, title, author, stamp, contents, update_contents)
        seconds["docx"] = time.perf_counter() - start
        return {filename(g, "pdf", lang): pdf, filename(g, "docx", lang): docx}

    if cache_dir is None:
        return typeset()
    # Everything the two files are made from: the HTML carries the content, the stamp and the
    # language; the rest is the DOCX's metadata and labels, and the file names.
    inputs = [html, lang, title, author, repr(stamp), contents, update_contents,
              filename(g, "pdf", lang), filename(g, "docx", lang)]
    return cache.made(cache_dir, "documents", inputs, typeset)
