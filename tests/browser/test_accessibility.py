"""WCAG 2.1 A/AA with axe-core on every page of both editions, in both colour schemes; keyboard use."""
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from ruamel.yaml import YAML

from .conftest import PAGES, site_pages

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
ALLOWLIST = YAML(typ="safe").load((Path(__file__).parent / "axe_allowlist.yaml").read_text())["entries"] or []
SCHEMES = ["light", "dark"]
_seen_allowed: set[int] = set()


def allowed(rule: str, target: str) -> int | None:
    for i, entry in enumerate(ALLOWLIST):
        if entry["rule"] == rule and entry["target"] in target:
            return i
    return None


@pytest.fixture(scope="module", params=SCHEMES)
def scheme_page(request, browser):
    context = browser.new_context(color_scheme=request.param)
    yield request.param, context.new_page()
    context.close()


def test_the_page_list_matches_the_built_site(built):
    assert sorted(site_pages(built)) == sorted(PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violations(scheme_page, server, path):
    scheme, page = scheme_page
    page.goto(server + path)
    expected = "slate" if scheme == "dark" else "default"
    assert page.get_attribute("body", "data-md-color-scheme") == expected
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    problems = []
    for v in violations:
        for node in v["nodes"]:
            target = " ".join(map(str, node["target"]))
            entry = allowed(v["id"], target)
            if entry is None:
                problems.append(f"{v['id']} ({v['impact']}): {target}: {node.get('failureSummary', '')[:300]}")
            else:
                _seen_allowed.add(entry)
    assert not problems, "\n".join(problems)


def test_every_allowlist_entry_is_still_needed():
    """Runs after the page checks: an entry no violation needed any more must be removed."""
    if not ALLOWLIST:
        return
    unused = [ALLOWLIST[i] for i in range(len(ALLOWLIST)) if i not in _seen_allowed]
    assert not unused, f"no longer needed, remove from axe_allowlist.yaml: {unused}"
    for entry in ALLOWLIST:
        assert entry["upstream"].startswith("https://"), "each entry links to its upstream report"


@pytest.mark.parametrize("path,lang", [(p, "en" if p.startswith("en/") else "ja") for p in PAGES])
def test_lang_attribute(page, server, path, lang):
    page.goto(server + path)
    assert page.get_attribute("html", "lang") == lang


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page, server):
    page.goto(server + "roles/provider/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "md-skip" in focused
    assert page.evaluate("document.activeElement.getBoundingClientRect().height") > 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.url.endswith("#P01") or "#" in page.url


def test_focus_is_visible_on_links(page, server):
    page.goto(server + "principles/p01/p01-1/")
    link = page.locator("article a[href]").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }""")
    assert (style[0] != "none" and style[1] != "0px") or style[2] != "none", style


@pytest.mark.parametrize("lang_prefix", ["", "en/"])
def test_role_tabs_switch_with_arrow_keys(page, server, lang_prefix):
    page.goto(server + lang_prefix + "principles/p01/p01-1/")
    first, second = page.locator(".tabbed-set > input").nth(0), page.locator(".tabbed-set > input").nth(1)
    blocks = page.locator(".tabbed-block")
    first.focus()
    assert first.is_checked() and blocks.nth(0).is_visible() and not blocks.nth(1).is_visible()
    page.keyboard.press("ArrowRight")
    assert second.is_checked()
    assert blocks.nth(1).is_visible() and not blocks.nth(0).is_visible()
    assert page.evaluate("document.activeElement.id") == second.get_attribute("id")
    page.keyboard.press("ArrowLeft")
    assert first.is_checked()
