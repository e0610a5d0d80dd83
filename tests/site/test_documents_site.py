"""The PDF and DOCX of the whole guideline in the built site: under downloads/ of each edition,
named after the municipality in a fork, and listed on the downloads page with their real sizes."""
from html import unescape
from pathlib import Path

import pytest

from guideline import documents, site
from tests.conftest import EXAMPLE_FORK, PROJECT

# Building the PDFs takes tens of seconds: out of `make test-fast`, in `make test`.
pytestmark = pytest.mark.documents

EDITIONS = [("", "ja"), ("en/", "en")]


@pytest.mark.parametrize("prefix, lang", EDITIONS, ids=[lang for _, lang in EDITIONS])
@pytest.mark.parametrize("which", ["project", "example-fork"])
def test_documents_listed_on_the_downloads_page_with_their_sizes(request, which, prefix, lang):
    """This checkout's site (a fork's, in a fork) and the example fork's."""
    built: Path = request.getfixturevalue("built" if which == "project" else "fork_built")
    g = PROJECT if which == "project" else EXAMPLE_FORK
    page = unescape((built / prefix / "downloads" / "index.html").read_text(encoding="utf-8"))
    for kind in documents.KINDS:
        name = documents.filename(g, kind, lang)
        file = built / prefix / "downloads" / name
        assert file.is_file() and file.stat().st_size > 0, f"{file} missing"
        row = page[page.index(f'href="{name}"'):]
        row = row[:row.index("</tr>")]
        assert f"<td>{site.file_size(file.stat().st_size)}</td>" in row, row
