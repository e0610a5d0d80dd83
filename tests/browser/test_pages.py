"""Every page of both editions, in a real browser.

One visit per page (light colour scheme) checks: the `lang` attribute, that no request leaves the
site (page load and opening the search, which loads the index), WCAG 2.1 A/AA with axe-core, and
that the language switch lands on the same page in the other edition. A second pass runs axe in
the dark colour scheme. Problems are collected so one failure does not hide another.
"""
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from ruamel.yaml import YAML

from .conftest import PAGES, site_pages

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ALLOWLIST = YAML(typ="safe").load((Path(__file__).parent / "axe_allowlist.yaml").read_text())["entries"] or []
_allowlist_used: set[int] = set()
AXE = Axe()


def axe_problems(page) -> list[str]:
    """WCAG violations not covered by the allow-list of known upstream issues."""
    problems = []
    # Judge the settled state, not colours caught half-way through the theme's transitions.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    for violation in AXE.run(page, options=WCAG_21_AA).response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            entry = next((i for i, e in enumerate(ALLOWLIST)
                          if e["rule"] == violation["id"] and e["target"] in target), None)
            if entry is None:
                problems.append(f"axe {violation['id']} ({violation['impact']}): {target}: "
                                f"{node.get('failureSummary', '')[:300]}")
            else:
                _allowlist_used.add(entry)
    return problems


@pytest.fixture(scope="module")
def light(browser):
    context = browser.new_context(color_scheme="light")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def dark(browser):
    context = browser.new_context(color_scheme="dark")
    yield context.new_page()
    context.close()


def test_the_page_list_matches_the_built_site(built):
    assert sorted(site_pages(built)) == sorted(PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_page(light, server, path):
    page, problems = light, []
    host = urlparse(server).netloc
    requests: list[str] = []

    def record(request):
        requests.append(request.url)

    page.on("request", record)
    try:
        page.goto(server + path)
        page.locator("input.md-search__input").click()  # loads the search worker and index
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("request", record)
    outside = [u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != host]
    if outside:
        problems.append(f"requests to other hosts: {outside}")
    page.keyboard.press("Escape")

    lang = "en" if path.startswith("en/") else "ja"
    if page.get_attribute("html", "lang") != lang:
        problems.append(f"lang is {page.get_attribute('html', 'lang')!r}, expected {lang!r}")
    if page.get_attribute("body", "data-md-color-scheme") != "default":
        problems.append("light colour scheme not applied")
    problems += axe_problems(page)

    other_lang = "ja" if lang == "en" else "en"
    page.hover(".md-header__option .md-select")
    page.click(f'a.md-select__link[hreflang="{other_lang}"]')
    page.wait_for_load_state()
    expected = "/" + (path[3:] if lang == "en" else "en/" + path)
    if urlparse(page.url).path != expected:
        problems.append(f"language switch went to {urlparse(page.url).path}, expected {expected}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES)
def test_page_in_dark_scheme(dark, server, path):
    dark.goto(server + path)
    assert dark.get_attribute("body", "data-md-color-scheme") == "slate"
    problems = axe_problems(dark)
    assert not problems, "\n".join(problems)


def test_every_allowlist_entry_is_still_needed():
    """Runs after the page checks (pytest keeps file order): fixed upstream issues leave the list."""
    for entry in ALLOWLIST:
        assert entry["upstream"].startswith("https://"), "each entry links to its upstream report"
    unused = [ALLOWLIST[i] for i in range(len(ALLOWLIST)) if i not in _allowlist_used]
    assert not unused, f"no longer needed, remove from axe_allowlist.yaml: {unused}"
