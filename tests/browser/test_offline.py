"""The copy for closed networks: a ZIP of both editions that works opened from disk (file://)."""
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT


def test_the_vendored_worker_shim_is_the_pinned_package():
    vendored = ROOT / "overrides/assets/javascripts/vendor/iframe-worker-shim.js"
    package = ROOT / "node_modules/iframe-worker/shim/index.js"
    assert vendored.read_bytes() == package.read_bytes()


def test_no_page_refers_to_another_host_for_scripts_or_styles(offline_copy):
    for page in offline_copy.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and 'src="http' not in text and 'src="//' not in text, page


@pytest.mark.parametrize("start,query,expect", [
    ("index.html", "アクセスログ", "principles/p06/p06-1.html"),
    ("en/index.html", "access logs", "en/principles/p06/p06-1.html"),
])
def test_search_finds_a_countermeasure_from_disk(browser, offline_copy, start, query, expect):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(offline_copy.as_uri() + "/" + start)
    assert page.locator(".md-header").is_visible()  # the theme's CSS and scripts loaded from disk
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    box.press("End")
    page.wait_for_selector(".md-search-result__item a", timeout=10000)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert any(urlparse(h).path.endswith(expect) for h in hrefs[:4]), hrefs[:4]
    page.click(".md-search-result__item a")  # the result opens from disk too
    page.wait_for_load_state()
    assert urlparse(page.url).path.endswith(expect)
    assert "P06-1-PROV-03" in page.content()
    assert [u for u in requests if urlparse(u).scheme not in ("file", "data", "blob")] == []
    context.close()


def test_language_switch_works_from_disk(browser, offline_copy):
    context = browser.new_context()
    page = context.new_page()
    page.goto(offline_copy.as_uri() + "/roles/provider.html")
    page.hover(".md-header__option .md-select")
    page.click('a.md-select__link[hreflang="en"]')
    page.wait_for_load_state()
    assert urlparse(page.url).path.endswith("/en/roles/provider.html")
    context.close()
