"""Search as a reader uses it: enter a query, read the first results.

The regression set (search_queries.yaml) holds Japanese queries and English equivalents, each with
the sub-item that must be among the first three distinct sub-items found.
"""
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

QUERIES = YAML(typ="safe").load((Path(__file__).parent / "search_queries.yaml").read_text(encoding="utf-8"))
CASES = [(lang, q["query"], q["expect"]) for lang in ("ja", "en") for q in QUERIES[lang]]
TOP = 3


def sub_item_of(href: str) -> str | None:
    """The sub-item a result points to: its own page, or its section of a per-role page."""
    m = re.search(r"principles/p(\d\d)/p\d\d-(\d+)/", href)
    if m:
        return f"P{m.group(1)}-{m.group(2)}"
    m = re.search(r"roles/\w+/[^#]*#(P\d\d-\d+)", href)
    return m.group(1) if m else None


# The search's state, read from its summary line: waiting for a query (its placeholder), or done
# for the query typed (a count of results, or the line that none were found, which has no digit).
IDLE = """() => { const meta = document.querySelector('.md-search-result__meta');
    return meta && /入力|Type to start/.test(meta.textContent)
        && !document.querySelector('.md-search-result__item'); }"""
ANSWERED = """() => { const meta = document.querySelector('.md-search-result__meta');
    return meta && !/入力|Type to start/.test(meta.textContent)
        && (document.querySelector('.md-search-result__item') !== null || !/[0-9]/.test(meta.textContent)); }"""


def search(page, query: str) -> list[str]:
    """The sub-items of the results for `query`, in order. The query goes in whole, as a Japanese
    input method commits it; the box is emptied first, and the search seen idle, so the results
    read are this query's and not the last one's."""
    page.bring_to_front()  # a page in the background runs its timers and animation frames at 1 Hz
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")
    page.wait_for_function(IDLE)
    box.fill(query)
    box.press("End")  # an input method's commit ends with a key press
    page.wait_for_function(ANSWERED)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.getAttribute('href'))")
    found = []
    for href in hrefs:
        s = sub_item_of(href)
        if s and s not in found:
            found.append(s)
    return found


@pytest.fixture(scope="module")
def search_pages(browser, server):
    context = browser.new_context()
    pages = {"ja": context.new_page(), "en": context.new_page()}
    pages["ja"].goto(server)
    pages["en"].goto(server + "en/")
    yield pages
    context.close()


@pytest.mark.parametrize("lang,query,expect", CASES, ids=[f"{lang}:{q}" for lang, q, _ in CASES])
def test_query_finds_its_sub_item(search_pages, lang, query, expect):
    found = search(search_pages[lang], query)
    assert expect in found[:TOP], f"{query!r}: expected {expect} in the first {TOP}, got {found[:6]}"


def test_the_regression_set_is_large_enough():
    assert len(QUERIES["ja"]) >= 20 and len(QUERIES["en"]) >= 20


def test_search_finds_a_countermeasure_by_its_id(search_pages):
    assert "P06-1" in search(search_pages["ja"], "P06-1-PROV-03")[:TOP]
