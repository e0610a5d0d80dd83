"""Keyboard use: skip link, visible focus, role tabs with arrow keys.

(axe-core on every page, in both colour schemes, is in test_pages.py.)
"""
import pytest


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
