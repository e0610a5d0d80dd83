"""Every string field of the data and of a fork's overlay, made hostile (tests/hostile.py, generated
from the JSON Schemas), comes out inert on every page of both editions: no script runs, no dialog
opens, no event handler or `javascript:` link comes from the data, and the data is shown as text."""
import re
from pathlib import Path

import pytest

from tests.conftest import DATA, FORK, build
from tests.hostile import MARK, hostile_copy

from .conftest import serve, site_pages


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-data")
    data, overlay = hostile_copy(DATA, FORK, tmp / "input")
    out = tmp / "site"
    result = build(out, data, overlay=overlay)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def test_the_hostile_data_reaches_the_pages(hostile_site: Path):
    """Without this, the inertness test below could pass on pages that show no data at all."""
    pages = [p for p in hostile_site.rglob("index.html")]
    shown = [p for p in pages if re.search(rf"{MARK}[0-9]+", p.read_text(encoding="utf-8"))]
    assert len(shown) > len(pages) * 0.8, f"only {len(shown)} of {len(pages)} pages show data"


def test_every_page_is_inert_in_the_browser(browser, hostile_site: Path):
    problems: list[str] = []
    with serve(hostile_site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.on("dialog", lambda d: (problems.append(f"{page.url}: dialog {d.message!r}"), d.dismiss()))
        for path in site_pages(hostile_site):
            page.goto(url + path)
            found = page.evaluate("""() => {
                const bad = [];
                for (const el of document.querySelectorAll('*')) {
                    for (const a of el.attributes) {
                        if (/^on/i.test(a.name) && /alert/.test(a.value)) bad.push(el.tagName + ' ' + a.name);
                    }
                }
                for (const a of document.querySelectorAll('a[href]')) {
                    if (/^\\s*javascript:/i.test(a.getAttribute('href'))) bad.push('javascript: link ' + a.href);
                }
                for (const img of document.querySelectorAll('img[src="x"]')) bad.push('injected img');
                return bad;
            }""")
            problems += [f"{path}: {p}" for p in found]
        context.close()
    assert not problems, "\n".join(problems[:40])
