"""Every page of both editions, in a real browser: WCAG 2.1 A/AA with axe-core, in the light and the
dark colour scheme, both on one load of the page (the dark one reached with the palette toggle, as a
reader does; that the system's dark preference selects it is checked on one page of each kind).
What a page's HTML says (its `lang`, the language switch's target, the resources
it names) is checked for every page without a browser in tests/site/; what only a browser shows
(requests made by scripts, such as the search worker and its index, and the switch followed by a
click) is checked here on one page of each kind. Problems are collected so one does not hide another.
"""
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from ruamel.yaml import YAML

from .conftest import PAGES, site_pages

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ALLOWLIST = YAML(typ="safe").load((Path(__file__).parent / "axe_allowlist.yaml").read_text())["entries"] or []
AXE = Axe()
# Options for speed: only the WCAG rules, and only violations reported (not every passing node).
WCAG_21_AA = {**WCAG_21_AA, "resultTypes": ["violations"]}


def axe_violations(page) -> list[tuple[str, str, str]]:
    """(rule, CSS target, summary) of every WCAG violation on the page, in its settled state."""
    # Judge the settled state, not colours caught half-way through the theme's transitions.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    return [(v["id"], " ".join(map(str, n["target"])), f"({v['impact']}) {n.get('failureSummary', '')[:300]}")
            for v in AXE.run(page, options=WCAG_21_AA).response["violations"] for n in v["nodes"]]


def axe_problems(page) -> list[str]:
    """WCAG violations not covered by the allow-list of known upstream issues."""
    return [f"axe {rule} {summary}: {target}" for rule, target, summary in axe_violations(page)
            if not any(e["rule"] == rule and e["target"] in target for e in ALLOWLIST)]


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


# The header's palette toggle: one label per scheme, the one for the other scheme shown.
PALETTE_TOGGLE = "form[data-md-component=palette] label:not([hidden])"


def axe_problems_by_scheme(page) -> dict[str, list[str]]:
    """axe_problems of a page loaded in the light scheme, then in the dark one, reached with the
    palette toggle as a reader does (one load of the page for both)."""
    problems = {"light": axe_problems(page)}
    page.click(PALETTE_TOGGLE)
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    problems["dark"] = axe_problems(page)
    return problems


def listed(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{scheme}: {problem}" for scheme, found in problems.items() for problem in found)


@pytest.mark.parametrize("path", PAGES)
def test_page(light, server, path, record_property):
    """axe-core in the light scheme, then in the dark one; which schemes passed is recorded for the
    accessibility statement (scripts/record_accessibility.py)."""
    light.goto(server + path)
    try:
        assert light.get_attribute("body", "data-md-color-scheme") == "default", "light colour scheme not applied"
        lang = "en" if path.startswith("en/") else "ja"
        assert light.get_attribute("html", "lang") == lang, "the page's language, as the browser sees it"
        problems = axe_problems_by_scheme(light)
    finally:
        light.evaluate("localStorage.clear()")  # the toggle's choice is kept: the next page starts light again
    record_property("schemes", {scheme: "failed" if found else "passed" for scheme, found in problems.items()})
    assert not any(problems.values()), listed(problems)


def pages_of_each_kind() -> list[str]:
    """One page of each kind, in both editions: home, hand-written, principle, sub-item, role, downloads."""
    kinds = ("", "glossary/", "principles/p01/", "principles/p01/p01-1/", "roles/provider/", "downloads/")
    return [prefix + kind for prefix in ("", "en/") for kind in kinds if prefix + kind in PAGES]


@pytest.mark.parametrize("path", pages_of_each_kind())
def test_page_requests_nothing_from_other_hosts_and_switches_language(light, server, path):
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
    outside = [u for u in requests
               if urlparse(u).scheme in ("http", "https", "ws", "wss") and urlparse(u).netloc != host]
    if outside:
        problems.append(f"requests to other hosts: {outside}")
    page.keyboard.press("Escape")
    lang = "en" if path.startswith("en/") else "ja"
    other_lang = "ja" if lang == "en" else "en"
    page.hover(".md-header__option .md-select")
    page.click(f'a.md-select__link[hreflang="{other_lang}"]')
    page.wait_for_load_state()
    expected = "/" + (path[3:] if lang == "en" else "en/" + path)
    if urlparse(page.url).path != expected:
        problems.append(f"language switch went to {urlparse(page.url).path}, expected {expected}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", pages_of_each_kind())
def test_the_systems_dark_preference_selects_the_dark_scheme(dark, server, path):
    dark.goto(server + path)
    assert dark.get_attribute("body", "data-md-color-scheme") == "slate"


@pytest.mark.parametrize("entry", ALLOWLIST, ids=[f"{e['rule']}:{e['target']}" for e in ALLOWLIST])
def test_every_allowlist_entry_is_still_needed(light, server, entry):
    """Each entry names a page where its violation shows; fixed upstream issues leave the list.
    (Checked on that page alone, so the result does not depend on which tests ran before.)"""
    assert entry["upstream"].startswith("https://"), "each entry links to its upstream report"
    assert entry["page"] in PAGES, f"{entry['page']} is not a page of the site"
    light.goto(server + entry["page"])
    assert any(rule == entry["rule"] and entry["target"] in target for rule, target, _ in axe_violations(light)), \
        f"no longer needed, remove from axe_allowlist.yaml: {entry}"
