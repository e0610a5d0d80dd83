"""Language switch and network isolation, page by page, in the browser."""
from urllib.parse import urlparse

import pytest

from .conftest import PAGES


@pytest.fixture(scope="module")
def nav_page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_language_switch_lands_on_the_same_page(nav_page, server, path):
    in_english = path.startswith("en/")
    other = path[3:] if in_english else "en/" + path
    nav_page.goto(server + path)
    nav_page.hover(".md-header__option .md-select")
    nav_page.click(f'a.md-select__link[hreflang="{"ja" if in_english else "en"}"]')
    nav_page.wait_for_load_state()
    assert urlparse(nav_page.url).path == "/" + other


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_site(nav_page, server, path):
    host = urlparse(server).netloc
    requests = []

    def record(request):
        requests.append(request.url)

    nav_page.on("request", record)
    try:
        nav_page.goto(server + path, wait_until="networkidle")
        nav_page.locator("input.md-search__input").click()  # loads the search worker and index
        nav_page.wait_for_load_state("networkidle")
    finally:
        nav_page.remove_listener("request", record)
    outside = [u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).netloc != host]
    assert requests and not outside, outside
