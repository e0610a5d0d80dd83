"""Browser tests: Debian's Chromium driven by Playwright, against the built site on localhost."""
from pathlib import Path

import pytest

from guideline.localhost import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: F401  (used by the browser tests)


@pytest.fixture(scope="session")
def server(built):
    with serve(built) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def site_pages(built: Path) -> list[str]:
    """URL paths of every page of both editions, relative to the site root."""
    paths = []
    for index in built.rglob("index.html"):
        folder = index.parent.relative_to(built).as_posix()
        paths.append("" if folder == "." else folder + "/")
    return sorted(paths)


def expected_pages(g=None) -> list[str]:
    """Every page URL of both editions, derived from the data and docs/ (known before building):
    of this checkout as it builds (a fork's own pages in, its hidden pages out), or of `g`."""
    from guideline import site
    from tests.conftest import PROJECT, ROOT

    g = g or PROJECT
    hidden = site.hidden_pages(g)
    urls = []
    for lang, prefix in (("ja", ""), ("en", "en/")):
        sources = [p.relative_to(ROOT / "docs" / lang).as_posix() for p in (ROOT / "docs" / lang).rglob("*.md")]
        for src in sorted([*(s for s in sources if s not in hidden), *site.pages(g, lang)]):
            path = src[:-3]
            path = path[: -len("index")] if path.endswith("index") else path + "/"
            urls.append(prefix + path)
    return urls


PAGES = expected_pages()
