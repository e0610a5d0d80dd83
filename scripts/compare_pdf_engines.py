"""Measure the two candidate PDF engines on the real document (the choice is recorded in
docs/<lang>/documents.md): WeasyPrint and Chromium (Playwright's page.pdf).

    python scripts/compare_pdf_engines.py [--lang ja] [--runs 3]

Both print the same HTML (guideline.documents.content). Prints the median time, size, pages,
whether the PDF is tagged, the number of bookmarks and whether the contents show page numbers.
"""
import argparse
import io
import re
import statistics
import sys
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guideline import site  # noqa: E402
from guideline.documents.content import document_html  # noqa: E402


def weasyprint_pdf(html: str) -> bytes:
    from guideline.documents.pdf import pdf_bytes
    return pdf_bytes(html)


def chromium_pdf(html: str, title: str) -> bytes:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.route("**/*", lambda route: route.abort())  # nothing from other hosts
        page.set_content(html, wait_until="load")
        pdf = page.pdf(format="A4", print_background=True, tagged=True, outline=True, display_header_footer=True,
                       header_template=f'<div style="font-size:7pt;margin-left:20mm">{title}</div>',
                       footer_template='<div style="font-size:8pt;width:100%;text-align:center">'
                                       '<span class="pageNumber"></span> / <span class="totalPages"></span></div>',
                       margin={"top": "22mm", "bottom": "20mm", "left": "20mm", "right": "18mm"})
        browser.close()
        return pdf


def outline_count(items) -> int:
    return sum(outline_count(i) if isinstance(i, list) else 1 for i in items)


def describe(name: str, pdf: bytes, seconds: list[float]) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    contents = reader.pages[1].extract_text() if len(reader.pages) > 1 else ""
    numbered = bool(re.search(r"[.]{3,}\s*[0-9]+", contents))
    return (f"{name}: median {statistics.median(seconds):.1f} s (runs {', '.join(f'{s:.1f}' for s in seconds)}), "
            f"{len(pdf) / 1e6:.2f} MB, {len(reader.pages)} pages, tagged={'/StructTreeRoot' in root}, "
            f"lang={root.get('/Lang')}, bookmarks={outline_count(reader.outline)}, "
            f"contents page numbers={numbered}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="ja")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="folder to write both PDFs into, to look at them")
    args = parser.parse_args()
    g = site.load_project(ROOT)
    html = document_html(g, args.lang, site.build_stamp(g, ROOT), ROOT / "docs" / args.lang)
    engines = (("WeasyPrint", weasyprint_pdf), ("Chromium", lambda h: chromium_pdf(h, g.meta.title[args.lang])))
    for name, make in engines:
        seconds, pdf = [], b""
        for _ in range(args.runs):
            start = time.perf_counter()
            pdf = make(html)
            seconds.append(time.perf_counter() - start)
        print(describe(name, pdf, seconds), flush=True)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / f"{name.lower()}-{args.lang}.pdf").write_bytes(pdf)


if __name__ == "__main__":
    main()
