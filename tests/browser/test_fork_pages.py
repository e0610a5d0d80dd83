"""The quality gates on a fork's own content: the example fork's pages in the browser."""
import pytest

from .conftest import serve
from .test_pages import axe_problems_by_scheme, listed

PAGES = ["", "principles/p06/p06-1/", "principles/p08/p08-1/", "roles/provider/", "municipality/approved-services/"]


@pytest.fixture(scope="module")
def fork_server(fork_built):
    with serve(fork_built) as url:
        yield url


@pytest.mark.parametrize("path", [p for prefix in ("", "en/") for p in (prefix + q for q in PAGES)])
def test_fork_page_meets_wcag_and_stays_on_the_site(browser, fork_server, path):
    """axe in the light scheme, then in the dark one (the palette toggle), on one load of the page."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(fork_server + path, wait_until="networkidle")
    problems = axe_problems_by_scheme(page)
    outside = [u for u in requests if u.startswith("http") and not u.startswith(fork_server)]
    context.close()
    assert not outside, outside
    assert not any(problems.values()), listed(problems)
