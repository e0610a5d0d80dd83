"""No broken internal links or anchors in either edition, including generated pages."""
import html
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from tests.conftest import PROJECT

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"')
ID = re.compile(r'\sid="([^"]+)"')


def test_every_internal_link_and_anchor_resolves(built):
    ids_cache: dict[Path, set[str]] = {}

    def ids(path: Path) -> set[str]:
        if path not in ids_cache:
            ids_cache[path] = {html.unescape(i) for i in ID.findall(path.read_text(encoding="utf-8"))}
        return ids_cache[path]

    # With a site_url (a fork's), the theme writes the 404 page's links from the site's root path
    # (e.g. /ai-guideline/…), since that page is served at any depth: resolve them against the site.
    site_url = PROJECT.municipality.site_url if PROJECT.municipality else None
    root_path = urlparse(site_url).path if site_url else "/"
    broken, checked = [], 0
    for page in built.rglob("*.html"):
        base = "http://site/" + page.relative_to(built).as_posix()
        if page.name == "404.html" and page.parent == built:
            base = "http://site" + root_path
        for href in HREF.findall(page.read_text(encoding="utf-8")):
            href = html.unescape(href)
            url = urlparse(urljoin(base, href))
            if site_url and href.startswith(site_url):  # the fork's own absolute URLs are internal
                url = urlparse(urljoin("http://site" + root_path, href[len(site_url):]))
            if url.scheme not in ("http",) or url.netloc != "site":
                continue  # external links are not loaded by the page; mailto:, etc.
            path = unquote(url.path)
            if root_path != "/" and path.startswith(root_path):
                path = "/" + path[len(root_path):]
            target = built / path.lstrip("/")
            if target.is_dir() or url.path.endswith("/"):
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(built)}: {href} (no {target.relative_to(built)})")
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in ids(target):
                broken.append(f"{page.relative_to(built)}: {href} (no anchor #{url.fragment})")
    assert checked > 1000
    assert not broken, "\n".join(broken[:50])
