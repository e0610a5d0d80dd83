"""Rendering: every data string comes out as inert text, whatever it contains."""
import html
import re

import jinja2
import markdown
import pytest
from ruamel.yaml import YAML

from guideline import engine, render, site
from guideline.loader import load_guideline
from guideline.model import Text
from tests.conftest import ROOT, make_dataset

HOSTILE = [
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "[click](javascript:alert(1))",
    "{{ config.site_name }} {% include 'x' %} {# c #}",
    "*bold* _em_ `code` ~~del~~ ==mark== ^^ins^^ | a | b |",
    "&lt;already escaped&gt; & ampersand",
    "# not a heading { #attr }",
]


def markdown_of_site(g, lang):
    """Python-Markdown configured like the site (mkdocs.yml, with the options the data decides,
    as hooks.py fills them in: the glossary's terms), to render generated pages."""
    config = YAML(typ="safe").load((ROOT / "mkdocs.yml").read_text())
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            (name, options), = ext.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(ext)
    configs.update(engine.edition_settings([], g, lang).extension_options)
    return markdown.Markdown(extensions=names, extension_configs=configs)


@pytest.fixture
def hostile_guideline(tmp_path):
    """The minimal dataset with hostile strings put straight into the model (past validation)."""
    g = load_guideline(make_dataset(tmp_path))
    cm = g.sheet("P01-1", "provider").countermeasures[0]
    cm.text = Text(ja=HOSTILE[0] + HOSTILE[2], en=" ".join(HOSTILE))
    cm.sub_points = [Text(ja=h, en=h) for h in HOSTILE]
    g.sub_item("P01-1").title = Text(ja=HOSTILE[1], en=HOSTILE[3])
    g.principle("P01").title = Text(ja=HOSTILE[4], en=HOSTILE[6])
    return g


@pytest.mark.parametrize("value", HOSTILE)
def test_inline_leaves_nothing_for_html_markdown_or_jinja(value):
    out = render.inline(value)
    assert not re.search(r"[<>\"'`*_\[\]{}|#~^]", re.sub(r"&#?[0-9a-z]+;", "", out))
    assert html.unescape(out) == value


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_generated_pages_show_hostile_data_as_text(hostile_guideline, lang):
    md = markdown_of_site(hostile_guideline, lang)
    for path, page in site.pages(hostile_guideline, lang).items():
        body = page.split("---\n", 2)[2]
        # Even if a page were passed through Jinja (the macros plugin), nothing would be evaluated.
        assert jinja2.Environment(keep_trailing_newline=True).from_string(body).render() == body
        out = md.reset().convert(body)
        # The only script element is the checklist's JSON settings, which are data, not code.
        scripts = re.findall(r"<script\b[^>]*>", out)
        assert scripts in ([], ['<script type="application/json" id="gl-checklist-config">']), path
        island = re.search(r'id="gl-checklist-config">(.*?)</script>', out, re.S)
        assert island is None or "<" not in island.group(1), path
        assert "<img" not in out, path
        assert "javascript:" not in re.findall(r'href="([^"]*)"', out).__str__(), path
        assert "<strong>" not in out and "<em>" not in out and "<code>" not in out, path
    role_page = md.reset().convert(site.pages(hostile_guideline, lang)["roles/provider.md"])
    text = html.unescape(re.sub(r"<[^>]+>", "", role_page))
    for value in HOSTILE:
        assert value in text  # shown to the reader exactly as written


def test_relative_links_between_generated_pages():
    assert render.relative("principles/p01/p01-1.md", "roles/provider.md") == "../../roles/provider.md"
    assert render.relative("principles/index.md", "principles/p01/index.md") == "p01/index.md"
    assert render.relative("overview.md", "principles/p01/p01-2.md") == "principles/p01/p01-2.md"
    assert render.relative("roles/user.md", "roles/provider.md") == "provider.md"


def test_numbers_come_from_the_order(guideline):
    assert render.principle_label(guideline.principles[9], "ja") == "4-10. イノベーション"
    assert render.sub_item_label(guideline.principle("P10").sub_items[1], "ja").startswith("②")


def test_sub_item_page_has_content_and_both_roles_in_tabs(guideline):
    page = site.pages(guideline, "ja")["principles/p01/p01-4.md"]
    assert "# ④ 多様性・包摂性の確保 { #P01-4 }" in page
    assert page.count('class="tabbed-block"') == 2
    for cm in [*guideline.sheet("P01-4", "provider").countermeasures,
               *guideline.sheet("P01-4", "user").countermeasures]:
        assert f'id="{cm.id}"' in page
    assert "UI（ユーザーインターフェース）" in page  # an example, kept as structure


def test_role_page_lists_only_that_role(guideline):
    pages = site.pages(guideline, "en")
    for role, other in (("provider", "user"), ("user", "provider")):
        page = pages[f"roles/{role}.md"]
        for cm in guideline.countermeasures(role):
            assert f'id="{cm.id}"' in page
        for cm in guideline.countermeasures(other):  # as an element (the rename table may name any ID)
            assert f'id="{cm.id}"' not in page


def test_every_interface_string_is_used_and_every_used_string_exists(guideline):
    """Both directions: ui.yaml holds no unused keys, and no code or script uses a missing one."""
    sources = "".join(p.read_text() for p in (ROOT / "guideline").rglob("*.py"))
    # Templates call r.text("key"); the customizer's template names its own strings (customizer.*,
    # checked both ways by tests/browser/test_customizer.py) without the prefix.
    sources += "".join(p.read_text() for p in (ROOT / "guideline" / "templates").rglob("*")
                       if p.is_file() and p.name != "customizer.html")
    script = (ROOT / "overrides" / "assets" / "checklist.js").read_text()
    called = {k for k in re.findall(r"""(?:text|\bt)\(\s*["']([a-z0-9_.-]+)["']""", sources) if not k.endswith(".")}
    by_script = {f"checklist.{name}" for name in re.findall(r"\bstrings\.([a-z_]+)", script)}
    named = set(re.findall(r"""["']([a-z0-9_]+(?:\.[a-z0-9_-]+)+)["']""", sources))  # e.g. in tuples of keys
    prefixes = set(re.findall(r"""f["']([a-z0-9_.-]+\.)\{|["']([a-z0-9_.-]+\.)["']\s*[+~]""", sources))
    prefixes = {p for pair in prefixes for p in pair if p}  # f"status.{key}" and "function." + key
    nav_keys = {f"nav.{k}" for k in re.findall(r"^  - ([a-z0-9]+):$", (ROOT / "mkdocs.yml").read_text(), re.M)}
    assert (called | by_script) - set(guideline.ui) == set(), "used but missing from ui.yaml"
    used = called | by_script | named | nav_keys | {"nav.municipality"}
    unused = {k for k in guideline.ui if k not in used and not any(k.startswith(p) for p in prefixes)}
    assert unused == set(), "in ui.yaml but unused"


class MacrosEnv:
    """What mkdocs-macros (and Zensical) hand guideline.macros.define_env: the config, a page, and
    the tables macros and variables go into."""

    def __init__(self, conf):
        self.conf, self.page, self.macros, self.variables = conf, None, {}, {}

    def macro(self, function, name=""):
        self.macros[name or function.__name__] = function
        return function


def test_the_site_and_the_documents_give_hand_written_pages_the_same_macros(tmp_path):
    from mkdocs.config import load_config

    from guideline import macros
    from guideline.documents import prose
    from tests.conftest import UPSTREAM

    env = MacrosEnv(load_config(str(ROOT / "mkdocs.yml")))
    macros.define_env(env)
    shared = render.page_macros(UPSTREAM, "ja", lambda: "introduction.md")
    assert set(shared) <= set(env.macros) | set(env.variables)
    site_only = set(env.macros) - set(shared)
    assert site_only, "the site has macros of its own (downloads, customizer, statement)"
    # A document page gets the shared ones, and fails loudly, naming it, on a site-only one.
    page = tmp_path / "page.md"
    page.write_text("{{ guideline_version }}: {{ counts().sub_items }}\n\n{{ role_definitions() }}", encoding="utf-8")
    expanded = prose.page_html(UPSTREAM, "ja", "introduction.md", page)
    assert f"{UPSTREAM.meta.version}: {len(UPSTREAM.sub_items)}" in expanded
    assert 'id="provider"' in expanded and 'id="user"' in expanded  # the role definitions' headings
    for name in sorted(site_only):
        page.write_text(f"{{{{ {name}() }}}}", encoding="utf-8")
        with pytest.raises(ValueError, match=name):
            prose.page_html(UPSTREAM, "ja", "introduction.md", page)
