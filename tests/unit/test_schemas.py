"""The shipped JSON Schemas (schemas/*.schema.json) are current and validate the data."""
import json
import shutil

import jsonschema
from ruamel.yaml import YAML

from guideline.__main__ import main
from guideline.schema import FILES
from tests.conftest import DATA, ROOT


def test_shipped_schemas_are_up_to_date(tmp_path, capsys):
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    assert main(["schemas", "--out", str(tmp_path / "schemas")]) == 0, "run `make schemas` and commit"
    assert "up to date" in capsys.readouterr().out


def test_a_stale_schema_is_rewritten_and_reported(tmp_path, capsys):
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "schemas" / "roles.schema.json").write_text("{}")
    assert main(["schemas", "--out", str(tmp_path / "schemas")]) == 1
    assert "rewrote stale" in capsys.readouterr().out
    assert main(["schemas", "--out", str(tmp_path / "schemas")]) == 0


def test_each_data_file_points_its_editor_to_its_schema_and_is_valid_against_it():
    for name, filename in FILES.items():
        text = (DATA / filename).read_text(encoding="utf-8")
        assert text.startswith(f"# yaml-language-server: $schema=../schemas/{name}.schema.json"), filename
        schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(YAML(typ="safe").load(text), schema)


def test_schemas_say_they_are_generated():
    for path in (ROOT / "schemas").glob("*.json"):
        assert "do not edit" in json.loads(path.read_text(encoding="utf-8"))["$comment"]
