"""The shipped JSON Schemas (schemas/*.schema.json) are current and validate the data."""
import json
import re
import shutil

import jsonschema
import pytest
from ruamel.yaml import YAML

from guideline.__main__ import main
from guideline.schema import FILES, SCHEMAS
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


def _patterned(node, path=()):
    """(path, schema) of every subschema with a `pattern` (except the plain-text guards)."""
    from guideline.schema import BLANK
    if isinstance(node, dict):
        if "pattern" in node and node["pattern"] != BLANK and path[-1:] != ("not",):
            yield path, node
        for key, value in node.items():
            yield from _patterned(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _patterned(value, (*path, i))


PATTERNED = [(name, ".".join(map(str, path)), node) for name, schema in SCHEMAS.items()
             for path, node in _patterned(schema)]


@pytest.mark.parametrize("name,path,node", PATTERNED, ids=[f"{n}:{p}" for n, p, _ in PATTERNED])
def test_every_pattern_has_an_example_that_matches_it(name, path, node):
    """Messages say what a valid value looks like (the example), never the raw pattern."""
    from guideline.loader import _python_pattern
    assert node.get("examples"), f"{name} {path} has a pattern but no example"
    for example in node["examples"]:
        assert re.search(_python_pattern(node["pattern"]), example), (name, path, example)


@pytest.mark.parametrize("value", ["P01-1\n", "P01-1 ", " P01-1", "P01-1\r\n"], ids=repr)
def test_an_id_pattern_matches_the_whole_value_only(value):
    """JSON Schema's `^…$` in Python: `$` would match before a final newline."""
    from guideline.loader import check_schema
    document = {"intro": [{"ja": "a", "en": "a"}],
                "principles": [{"id": "P01", "title": {"ja": "a", "en": "a"},
                                "sub_items": [{"id": value, "title": {"ja": "a", "en": "a"},
                                               "content": [{"ja": "a", "en": "a"}]}]}]}
    problems = check_schema("principles", document, DATA / "principles.yaml")
    assert [p.message for p in problems] == [
        f"malformed ID {value!r} at principles.0.sub_items.0.id: expected the form P01-1"]


@pytest.mark.parametrize("url,ok", [
    ("https://www.example.jp/a?b=c#d", True), ("http://example.jp/", True), ("mailto:ai@example.jp", True),
    ("javascript:alert(1)", False), ("https://a.example/\"><img src=x>", False), ("https://a b/", False),
    ("data:text/html,x", False), ("https://a.example/)[x](y)", False), ("//example.jp/", False)],
    ids=lambda v: str(v))
def test_url_fields_allow_only_web_and_mail_addresses(url, ok):
    from guideline.loader import _VALIDATORS
    document = {"source": {"ja": "a", "en": "a"}, "source_url": url,
                "cases": [{"id": "CASE-1", "title": {"ja": "a", "en": "a"}, "organization": {"ja": "a", "en": "a"},
                           "function": "prediction", "background": [{"ja": "a", "en": "a"}],
                           "data_and_security": [{"ja": "a", "en": "a"}], "effects": [{"ja": "a", "en": "a"}]}]}
    assert _VALIDATORS["cases"].is_valid(document) == ok
