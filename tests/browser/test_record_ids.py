"""Record IDs are there to be written into a fork's municipality.yaml: the copy button copies them."""
import pytest


@pytest.mark.parametrize("path", ["principles/p05/p05-1/", "en/roles/user/"])
def test_the_copy_button_copies_the_id(browser, server, path):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(server + path)
        button = page.locator("button.gl-copy-id").first
        assert button.is_visible()
        record_id = button.get_attribute("data-copy")
        button.click()
        assert page.evaluate("navigator.clipboard.readText()") == record_id
        assert button.inner_text() == button.get_attribute("data-copied")
    finally:
        context.close()
