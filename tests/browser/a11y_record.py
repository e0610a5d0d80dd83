"""pytest plugin: records what the browser tests checked for accessibility, for the statement.

Loaded only by scripts/record_accessibility.py (`-p tests.browser.a11y_record`). It wraps axe-core's
run to note, per test, the WCAG criteria of the rules that passed or were violated, and notes every
test's outcome. The script turns the record into data/accessibility_results.yaml.
"""
import json
import os
import re

import pytest

_record: dict = {"axe_version": None, "axe": {}, "outcomes": {}, "schemes": {}}
_current: list[str] = []


def _criteria(tags: list[str]) -> list[str]:
    """axe tags such as `wcag143` as criteria (`1.4.3`)."""
    return [".".join(m.group(1, 2, 3)) for t in tags if (m := re.fullmatch(r"wcag(\d)(\d)(\d+)", t))]


def pytest_configure(config):
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:  # the axe tests will fail on their own; nothing to wrap
        return
    original = Axe.run

    def run(self, page, *args, **kwargs):
        result = original(self, page, *args, **kwargs)
        response = result.response
        _record["axe_version"] = response.get("testEngine", {}).get("version")
        entry = _record["axe"].setdefault(_current[-1] if _current else "?", {})
        for kind in ("passes", "violations"):
            for rule in response.get(kind, []):
                for sc in _criteria(rule.get("tags", [])):
                    entry.setdefault(sc, {"passes": [], "violations": []})[kind].append(rule["id"])
        return result

    Axe.run = run


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _current.append(item.nodeid)


def pytest_runtest_logreport(report):
    for name, value in report.user_properties:
        if name == "schemes":  # an axe test's outcome per colour scheme (test_pages.py::test_page)
            _record["schemes"][report.nodeid] = value
    if report.when == "call" or report.outcome != "passed":
        previous = _record["outcomes"].get(report.nodeid)
        if previous != "failed":
            _record["outcomes"][report.nodeid] = report.outcome


def pytest_sessionfinish(session):
    path = os.environ.get("A11Y_RECORD")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(_record, f, ensure_ascii=False, indent=1)
