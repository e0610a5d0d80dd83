"""The search regression set (search_queries.yaml) against Zensical's build of the generated folder.

Zensical (see tests/site/test_generate.py for the pin) has its own search: a dialog in a shadow
root, labelled in English only, that keeps the configured `separator` but ignores `lang` and the
field boosts. With this content it still finds every query of the set among its first three
sub-items, as Material does (measured with 0.0.73).
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import serve
from tests.browser.test_search import CASES, TOP, sub_item_of

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def zensical_servers(zensical_sites):
    with serve(zensical_sites["ja"]) as ja, serve(zensical_sites["en"]) as en:
        yield {"ja": ja, "en": en}


@pytest.fixture(scope="module")
def zensical_pages(browser, zensical_servers):
    context = browser.new_context()
    pages = {}
    for lang, url in zensical_servers.items():
        pages[lang] = context.new_page()
        pages[lang].goto(url)
    yield pages
    context.close()


def zensical_search(page, query: str) -> list[str]:
    """Type the query into Zensical's search dialog; the sub-items of its results, in order."""
    page.bring_to_front()  # a page in the background runs its timers and animation frames at 1 Hz
    box = page.locator("input[aria-autocomplete=list]")
    if not box.is_visible():
        page.locator(".md-search__button").click()
    box.click()
    box.fill(query)  # whole, as a Japanese input method commits it
    box.press("End")
    # Result links carry the query (?h=…) for highlighting: wait until they are this query's.
    hrefs: list[str] = []
    for _ in range(50):
        page.wait_for_timeout(100)
        links = page.locator("a[href*='h=']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        hrefs = [h for h in links if parse_qs(urlparse(h).query).get("h") == [query]]
        if hrefs:
            break
    page.wait_for_timeout(300)  # results render in batches
    links = page.locator("a[href*='h=']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    hrefs = [h for h in links if parse_qs(urlparse(h).query).get("h") == [query]]
    found: list[str] = []
    for href in hrefs:
        s = sub_item_of(href)
        if s and s not in found:
            found.append(s)
    return found


@pytest.mark.parametrize("lang,query,expect", CASES, ids=[f"{lang}:{q}" for lang, q, _ in CASES])
def test_zensical_search_finds_the_sub_item(zensical_pages, lang, query, expect):
    found = zensical_search(zensical_pages[lang], query)
    assert expect in found[:TOP], f"{query!r}: expected {expect} in the first {TOP}, got {found[:6]}"


def test_zensical_search_finds_a_countermeasure_by_its_id(zensical_pages):
    assert "P06-1" in zensical_search(zensical_pages["ja"], "P06-1-PROV-03")[:TOP]


def test_zensical_search_dialog_is_in_english_only(zensical_pages):
    """Known difference: the Japanese edition's search box is labelled "Search"."""
    page = zensical_pages["ja"]
    box = page.locator("input[aria-autocomplete=list]")
    if not box.is_visible():
        page.locator(".md-search__button").click()
    assert box.get_attribute("aria-label") == "Search"
