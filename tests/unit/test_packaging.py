"""Pins live in one place (pyproject.toml); the locks in requirements/ are derived from it."""
import re
import tomllib

import pytest

from tests.conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOCKS = {"site": ROOT / "requirements" / "site.txt", "test": ROOT / "requirements" / "test.txt"}


def pins(requirements: list[str]) -> dict[str, str]:
    found = {}
    for requirement in requirements:
        name, _, version = requirement.split("#")[0].strip().partition("==")
        assert version, f"{requirement!r}: pin an exact version (==) in pyproject.toml"
        found[re.sub(r"[-_.]+", "-", name.strip().lower())] = version.strip()
    return found


def locked(lock: str) -> dict[str, str]:
    text = LOCKS[lock].read_text(encoding="utf-8")
    return {re.sub(r"[-_.]+", "-", m.group(1).lower()): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M)}


@pytest.mark.parametrize("lock,groups", [("site", ["dependencies"]), ("test", ["dependencies", "test"])])
def test_each_lock_pins_exactly_what_pyproject_pins(lock, groups):
    wanted: dict[str, str] = {}
    for group in groups:
        wanted.update(pins(PROJECT[group] if group == "dependencies" else PROJECT["optional-dependencies"][group]))
    found = locked(lock)
    drift = {name: (version, found.get(name)) for name, version in wanted.items() if found.get(name) != version}
    assert not drift, f"{LOCKS[lock].name} is stale (pyproject, lock): {drift}; run `make lock`"


def test_the_site_lock_holds_no_test_tools():
    """`make serve` installs only what the site needs."""
    assert not set(pins(PROJECT["optional-dependencies"]["test"])) & set(locked("site"))


def test_no_other_file_pins_packages():
    for path in [ROOT / ".pre-commit-config.yaml", *(ROOT / ".github" / "workflows").glob("*.yml")]:
        assert not re.search(r"\b[a-z0-9_.-]+==[0-9]", path.read_text(encoding="utf-8")), path
