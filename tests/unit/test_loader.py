"""Bad input stops loading with a message naming the file, the line and the ID.

Each folder under tests/fixtures/invalid/ is the minimal dataset with one defect, and an
expected.yaml giving the file, line, record ID and message (a regular expression).
"""
import re

import pytest
from ruamel.yaml import YAML

from guideline.errors import DataError
from guideline.loader import load_guideline
from tests.conftest import FIXTURES, make_dataset

CASES = sorted(d.name for d in (FIXTURES / "invalid").iterdir() if d.is_dir())


def test_minimal_dataset_is_valid(tmp_path):
    g = load_guideline(make_dataset(tmp_path))
    assert [s.id for s in g.sub_items] == ["P01-1", "P01-2"]


@pytest.mark.parametrize("case", CASES)
def test_invalid_input_is_reported_with_file_line_and_id(case, tmp_path):
    expected = YAML(typ="safe").load((FIXTURES / "invalid" / case / "expected.yaml").read_text())
    data = make_dataset(tmp_path / "data", FIXTURES / "invalid" / case)
    with pytest.raises(DataError) as raised:
        load_guideline(data)
    problems = raised.value.problems
    matching = [p for p in problems
                if p.file.endswith("/" + expected["file"]) and p.line == expected["line"]
                and p.record_id == expected["id"] and re.search(expected["message"], p.message)]
    assert matching, "expected {file}:{line} [{id}] {message}, got:\n".format(**expected) + \
        "\n".join(map(str, problems))
    # The printed message carries the same facts, in the form editors read.
    location = f"{expected['file']}:{expected['line']}:"
    assert location in str(raised.value)


def test_every_problem_in_every_file_is_reported_at_once(tmp_path):
    data = make_dataset(tmp_path / "data")
    (data / "cases.yaml").write_text((data / "cases.yaml").read_text().replace("CASE-1", "CASE1"))
    (data / "roles.yaml").write_text((data / "roles.yaml").read_text().replace("code: USER", "code: user"))
    with pytest.raises(DataError) as raised:
        load_guideline(data)
    files = {p.file.rsplit("/", 1)[-1] for p in raised.value.problems}
    assert files == {"cases.yaml", "roles.yaml"}


def test_missing_file_is_reported(tmp_path):
    data = make_dataset(tmp_path / "data")
    (data / "glossary.yaml").unlink()
    with pytest.raises(DataError, match=r"glossary.yaml: file is missing"):
        load_guideline(data)
