"""Every bad input stops loading with a clear message naming file, line and ID; hostile content that
is fine as data loads (and is escaped on output). One test per case: test_bad_input[latin-1].

The cases are in tests/bad_input_cases.py; the site suite builds a representative subset with
MkDocs (tests/site/test_bad_input_build.py) to show that validation and the build agree.
"""
import re

import pytest

from guideline.errors import DataError
from guideline.loader import load_guideline
from tests.bad_input_cases import CASES, line_of, setup

# What a raw regular expression looks like; messages say what a valid value looks like instead.
REGEX = re.compile(r"\[0-9\]|\(\?:|\\\\[dsSwZ]|\{1,2\}|\^\[|\$'")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case, tmp_path):
    data, overlay = setup(tmp_path)
    case.change(data, overlay)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    if case.problem is None:
        g = load_guideline(data, overlay_dir=overlay)
        assert g.municipality is not None
        return
    with pytest.raises(DataError) as raised:
        load_guideline(data, overlay_dir=overlay)
    problems = raised.value.problems
    expected = case.problem
    folder = overlay if expected.file == "municipality.yaml" else data
    line = line_of(folder / expected.file, expected.marker) if (folder / expected.file).is_file() \
        and not (folder / expected.file).is_symlink() else expected.marker
    matching = [p for p in problems
                if p.file.endswith("/" + expected.file) and p.line == line and p.record_id == expected.record_id
                and re.search(expected.message, p.message)]
    assert matching, (f"expected {expected.file}:{line} [{expected.record_id}] {expected.message}, got:\n"
                      + "\n".join(map(str, problems)))
    for p in problems:
        assert not REGEX.search(p.message), f"raw pattern in: {p}"
        assert len(str(p)) < 600, f"overlong message: {str(p)[:200]}…"
    # Loading never writes anything.
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_the_starting_point_is_valid(tmp_path):
    data, overlay = setup(tmp_path)
    g = load_guideline(data, overlay_dir=overlay)
    assert g.municipality and [r.id for r in g.municipality.local_rules] == ["L-P01-1-USER-01"]
    assert g.warnings == []


def test_a_japanese_only_local_rule_warns_and_shows_japanese_marked_untranslated(tmp_path):
    data, overlay = setup(tmp_path)
    path = overlay / "municipality.yaml"
    path.write_text(path.read_text().replace(", en: Staff do not enter confidential information.}", "}"))
    g = load_guideline(data, overlay_dir=overlay)
    [warning] = g.warnings
    assert warning.line == line_of(path, "- id: L-P01-1-USER-01") and warning.record_id == "L-P01-1-USER-01"
    assert "no English text" in str(warning) and str(warning).startswith("warning: ")
    rule = g.sheet("P01-1", "user").countermeasures[-1]
    assert rule.local and rule.text.untranslated
    assert rule.text["en"] == rule.text["ja"] == "職員は機密情報を入力しないこと"
    assert rule.text.language_shown("en") == "ja"


def test_validate_prints_warnings_and_succeeds(tmp_path, capsys):
    from guideline.__main__ import main
    data, overlay = setup(tmp_path)
    path = overlay / "municipality.yaml"
    path.write_text(path.read_text().replace(", en: Staff do not enter confidential information.}", "}"))
    assert main(["validate", "--data", str(data), "--overlay", str(overlay)]) == 0
    assert "warning: " in capsys.readouterr().err


def test_rename_chains_resolve_transitively(tmp_path):
    data, overlay = setup(tmp_path)
    from tests.bad_input_cases import release, replace
    release("1.1.0", renamed="{P01-1-PROV-05: P01-1-PROV-06, P01-1-PROV-08: P01-1-PROV-07}")(data, overlay)
    replace("changes.yaml", "versions:\n", "versions:\n  - version: 1.2.0\n    date: \"2026-12-02\"\n"
            "    summary: {ja: 改訂, en: Revision}\n    added: []\n    changed: []\n    removed: [P01-1-PROV-07]\n"
            "    renamed: {P01-1-PROV-06: P01-1-PROV-01}\n")(data, overlay)
    replace("guideline.yaml", "version: 1.1.0", "version: 1.2.0")(data, overlay)
    g = load_guideline(data)
    assert g.resolve("P01-1-PROV-05") == "P01-1-PROV-01"
    assert g.retired_ids["P01-1-PROV-05"] == ("1.1.0", "P01-1-PROV-01")
    assert sorted(g.aliases["P01-1-PROV-01"]) == ["P01-1-PROV-05", "P01-1-PROV-06"]
    assert g.resolve("P01-1-PROV-08") is None and g.resolve("P01-1-PROV-01") == "P01-1-PROV-01"
    assert g.retired_ids["P01-1-PROV-08"] == ("1.1.0", None)


def test_an_unrecorded_rename_is_found_by_comparing_with_the_previous_version(tmp_path):
    """One version alone cannot show a rename without its changes.yaml entry; two versions can."""
    from guideline.validate import check_release
    from tests.bad_input_cases import release, replace
    older_data, _ = setup(tmp_path / "old")
    newer_data, overlay = setup(tmp_path / "new")
    release("1.1.0")(newer_data, overlay)
    replace("checksheets.yaml", "- id: P01-1-PROV-01\n", "- id: P01-1-PROV-02\n")(newer_data, overlay)
    replace("editorial_notes.yaml", "refs: [P01-1-PROV-01]", "refs: [P01-1-PROV-02]")(newer_data, overlay)
    older, newer = load_guideline(older_data), load_guideline(newer_data)  # each valid on its own
    problems = {(p.record_id, p.message.split(":")[0]) for p in check_release(older, newer)}
    assert problems == {
        ("P01-1-PROV-01", "P01-1-PROV-01 is in version 1.0.0 but not in 1.1.0, and changes.yaml does not say so"),
        ("P01-1-PROV-02", "P01-1-PROV-02 is new in 1.1.0 (not in 1.0.0), and changes.yaml does not say so")}
    # Recorded as a rename, it passes.
    replace("changes.yaml", "renamed: {}", "renamed: {P01-1-PROV-01: P01-1-PROV-02}")(newer_data, overlay)
    assert check_release(older, load_guideline(newer_data)) == []


def test_a_missing_interface_string_stops_the_build_with_a_message_not_a_traceback(tmp_path):
    """Keys the code makes at run time (not found by validation) still fail cleanly when used."""
    data, _ = setup(tmp_path)
    g = load_guideline(data)
    with pytest.raises(DataError, match=r"ui.yaml: \[contact.nowhere\] missing interface string 'contact.nowhere'"):
        g.text("contact.nowhere", "ja")
    assert g.text("countermeasure_count", "en", n=3) == "3 countermeasure(s)"


def test_the_keys_the_code_uses_are_found_with_their_placeholders():
    from guideline.validate import ui_keys_by_field, ui_keys_used
    used = ui_keys_used()
    assert used["countermeasure_count"] == {"n"}  # g.text("countermeasure_count", lang, n=n)
    assert {"status.done", "status.blank", "notes.id"} <= set(used)  # loops over constants; the t() helper
    assert ("notes.kind.", "kind") in ui_keys_by_field()  # t(f"notes.kind.{n.kind}")
