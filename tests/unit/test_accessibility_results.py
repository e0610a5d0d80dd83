"""The accessibility statement's recorded test results (data/accessibility_results.yaml) are current,
and the statement claims no more than they show. When a check here fails, run
`scripts/record_accessibility.py` and commit the file it writes."""
import re

import pytest

from guideline import accessibility, render
from guideline.loader import load_guideline
from tests.conftest import DATA, FORK, ROOT, UPSTREAM

G = UPSTREAM
RESULTS = accessibility.load_results(DATA)
STALE = "data/accessibility_results.yaml is stale: run scripts/record_accessibility.py and commit it"


def test_results_are_recorded():
    assert RESULTS is not None, STALE


def test_the_record_covers_exactly_the_current_pages():
    """Upstream's pages, as recorded upstream; a fork shows that record until it records its own site
    (then the record covers the fork's pages, its own in and hidden ones out)."""
    from tests.browser.conftest import expected_pages
    recorded = sorted(p["path"] for p in RESULTS["pages"])
    assert recorded in (sorted(expected_pages(G)), sorted(expected_pages())), STALE
    assert all(p["light"] != "not run" and p["dark"] != "not run" for p in RESULTS["pages"]), STALE


def test_the_record_covers_exactly_the_behaviour_tests_named_in_the_statement():
    recorded = {b["test"]: tuple(b["criteria"]) for b in RESULTS["behaviour"]}
    assert recorded == accessibility.BEHAVIOUR_TESTS, STALE
    assert all(b["outcome"] != "not run" for b in RESULTS["behaviour"]), STALE


@pytest.mark.parametrize("test", list(accessibility.BEHAVIOUR_TESTS), ids=lambda t: t.split("::")[-1])
def test_every_named_behaviour_test_exists(test):
    file, name = test.split("::")
    assert re.search(rf"^def {name}\(", (ROOT / file).read_text(encoding="utf-8"), re.M), test


@pytest.mark.parametrize("sc", [c[0] for c in accessibility.CRITERIA])
def test_each_criterion_is_reported_only_as_tested(sc):
    row = next(r for r in accessibility.criteria_table(RESULTS) if r["sc"] == sc)
    tested_by_axe = sc in RESULTS["axe"]["criteria"]
    tested_by_behaviour = any(sc in b["criteria"] for b in RESULTS["behaviour"])
    assert ("axe" in row["method"]) is tested_by_axe
    assert ("behaviour" in row["method"]) is tested_by_behaviour
    if not (tested_by_axe or tested_by_behaviour):
        assert row["result"] == "none"


def test_jis_x_8341_3_has_38_criteria_of_levels_a_and_aa():
    assert len(accessibility.CRITERIA) == 38
    assert sum(1 for c in accessibility.CRITERIA if c[1] == "A") == 25


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_statement_never_claims_conformance_when_criteria_are_untested(lang):
    html = accessibility.statement(G, lang, RESULTS, G.meta.title[lang])
    untested = [r for r in accessibility.criteria_table(RESULTS) if r["result"] == "none"]
    assert untested  # e.g. 1.2.x (media) are not tested by anything here
    assert render.inline(G.text("a11y.no_claim", lang)) in html
    for row in untested:
        assert f'data-sc="{row["sc"]}" data-result="none"' in html
    assert RESULTS["recorded"] in html


def test_a_fork_gets_its_own_name_and_accessibility_contact(tmp_path):
    import shutil
    overlay = tmp_path / "municipality"
    shutil.copytree(FORK, overlay)
    path = overlay / "municipality.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        "accessibility:\n  title: {ja: ウェブアクセシビリティの窓口, en: Accessibility desk}\n"
        "  name: {ja: 広報課, en: Public Relations Division}\n  email: web@mihon-city.example.jp\n"),
        encoding="utf-8")
    fork = load_guideline(DATA, overlay_dir=overlay)
    from guideline import site
    html = accessibility.statement(fork, "ja", RESULTS, site.site_name(fork, "ja"))
    assert "見本市" in html and "web@mihon-city.example.jp" in html
    assert "広報課" in html


def test_the_record_keeps_each_colour_schemes_outcome():
    """One test checks a page in both schemes and notes each outcome (a user property); the record
    keeps them apart, and a test that stopped early counts as failed in both."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("record_accessibility", ROOT / "scripts/record_accessibility.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    test = accessibility.AXE_TESTS[0]
    record = {"axe_version": "4", "axe": {},
              "outcomes": {f"{test}[a/]": "failed", f"{test}[b/]": "failed", f"{test}[c/]": "passed"},
              "schemes": {f"{test}[a/]": {"light": "passed", "dark": "failed"},
                          f"{test}[c/]": {"light": "passed", "dark": "passed"}}}
    pages = script.build_results(record, "abc", "Chromium")["pages"]
    assert pages == [{"path": "a/", "light": "passed", "dark": "failed"},
                     {"path": "b/", "light": "failed", "dark": "failed"},
                     {"path": "c/", "light": "passed", "dark": "passed"}]
