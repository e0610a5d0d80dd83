"""Hostile data that passes validation is shown as text: no script runs, no dialog opens.

Data with `<` or template delimiters is refused by validation (tests/fixtures/invalid/raw-html,
template-delimiters); what remains (quotes, Markdown link syntax, javascript: URLs, entities)
must come out inert.
"""
import pytest

from tests.conftest import build, make_dataset

from .conftest import serve

HOSTILE = {
    "Provider countermeasure": "[click me](javascript:alert(1)) ![img](x onerror=alert(2))",
    "Provider risk": '" onmouseover="alert(3)" data-x="',
    "Sub-point": "&lt;script&gt;alert(4)&lt;/script&gt; *not emphasis* `not code`",
    "Resident self-government": "javascript:alert(5) ' onfocus='alert(6)",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    data = make_dataset(tmp / "data")
    for name in ("checksheets.yaml", "principles.yaml"):
        text = (data / name).read_text(encoding="utf-8")
        for original, hostile in HOSTILE.items():
            escaped = hostile.replace("\\", "\\\\").replace('"', '\\"')
            text = text.replace(f"en: {original}\n", f'en: "{escaped}"\n')
        (data / name).write_text(text, encoding="utf-8")
    out = tmp / "site"
    result = build(out, data, langs=("en",))
    assert result.returncode == 0, result.stderr[-2000:]
    with serve(out / "en") as url:
        yield url


@pytest.mark.parametrize("path", ["roles/provider/", "principles/p01/p01-1/", "principles/", "overview/"])
def test_hostile_text_is_inert_in_the_browser(page, hostile_site, path):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(hostile_site + path)
    for element in page.locator("article li, article p, article h1, article h2, article h3, article a").all()[:80]:
        if element.is_visible():
            element.hover()
    for link in page.locator("article a").all():
        assert not (link.get_attribute("href") or "").strip().lower().startswith("javascript:")
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page.evaluate("window.__injected === undefined")
    text = page.inner_text("article")
    if path == "roles/provider/":
        for hostile in list(HOSTILE.values())[:3]:
            assert hostile.replace("&lt;", "<").replace("&gt;", ">") in text or hostile in text
