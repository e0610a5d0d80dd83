"""The PDF and DOCX of the whole guideline in the built site: under downloads/ of each edition,
named after the municipality in a fork, and listed on the downloads page with their real sizes."""
from html import unescape
from pathlib import Path

import pytest

from guideline import documents, site
from guideline.loader import load_guideline
from tests.conftest import DATA, FORK

# Building the PDFs takes tens of seconds: out of `make test-fast`, in `make test`.
pytestmark = pytest.mark.documents

EDITIONS = [("", "ja"), ("en/", "en")]


@pytest.mark.parametrize("prefix, lang", EDITIONS, ids=[lang for _, lang in EDITIONS])
@pytest.mark.parametrize("which", ["upstream", "fork"])
def test_documents_listed_on_the_downloads_page_with_their_sizes(request, which, prefix, lang):
    built: Path = request.getfixturevalue("built" if which == "upstream" else "fork_built")
    g = load_guideline(DATA, overlay_dir=FORK if which == "fork" else None)
    page = unescape((built / prefix / "downloads" / "index.html").read_text(encoding="utf-8"))
    for kind in documents.KINDS:
        name = documents.filename(g, kind, lang)
        file = built / prefix / "downloads" / name
        assert file.is_file() and file.stat().st_size > 0, f"{file} missing"
        row = page[page.index(f'href="{name}"'):]
        row = row[:row.index("</tr>")]
        assert f"<td>{site.file_size(file.stat().st_size)}</td>" in row, row
