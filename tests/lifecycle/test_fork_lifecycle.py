"""A fork's whole life, as a municipality's IT staff live it, in temporary git repositories.

1. Create a fork from the fork guide's own samples (docs/*/fork-guide.md, blocks marked
   `<!-- fork-sample: PATH -->`), so the guide cannot drift from what works.
2. Build it (`build_site.py`, and the offline ZIP from a checkout with no dist/).
3. Make an upstream release the way CONTRIBUTING.md says: a revised text, a new countermeasure in a
   sub-item and role that has a local rule, a rename of the omitted ID, a retired ID, the version
   bumped and the release recorded in data/changes.yaml.
4. Run the upstream report in the fork and check what it says.
5. Merge, follow the report's instruction, rebuild, and run the fork's suite.

The fork's suite is its unit and site tests: the browser suite runs once, upstream, in `make test`.
It runs once, after the merge, when the fork holds both its overlay and a newer upstream (a second
run before the merge took minutes more). The lifecycle is a lane of its own, out of `make test`:
`make test-lifecycle`, which CI runs as a job of its own, since it needs minutes of two cores.
"""
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

SAMPLE = re.compile(r"<!-- fork-sample: (\S+) -->\n```[a-z]*\n(.*?)```", re.S)
# The fork's own suite, as its CI runs it, less the documents (made in its first build and tested
# upstream in tests/unit/test_documents.py) and the comparison with Zensical (not about the fork).
FORK_SUITE = ["-m", "pytest", "tests/unit", "tests/site", "-q", "-x", "-p", "no:cacheprovider", "-rf",
              "-n", "2", "--dist", "worksteal", "-m", "not documents and not zensical"]
GIT = ["git", "-c", "user.name=Lifecycle test", "-c", "user.email=lifecycle@example.jp",
       "-c", "init.defaultBranch=main"]


def guide_samples(lang: str) -> dict[str, str]:
    text = (ROOT / "docs" / lang / "fork-guide.md").read_text(encoding="utf-8")
    return {path: body for path, body in SAMPLE.findall(text)}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def run(cwd: Path, *args: str, ok: bool = True, documents: bool = False) -> subprocess.CompletedProcess:
    """A command of the project, run with this environment's Python in a checkout. The PDF and DOCX
    are made in the fork's first build only (they take most of a build's time, and the fork's
    documents are tested in tests/unit/test_documents.py)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GUIDELINE_", "PYTEST_", "PYTHONPATH", "COV_", "XDIST"))}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if not documents:
        env["GUIDELINE_SKIP_DOCUMENTS"] = "1"
    result = subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, env=env)
    if ok:
        assert result.returncode == 0, \
            f"{' '.join(args)} in {cwd.name}:\n{result.stdout[-4000:]}{result.stderr[-4000:]}"
    return result


def checkout_of_this_tree(target: Path) -> Path:
    """A git repository holding this working tree as it is (committed or not), as upstream."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file() and not name.startswith("municipality/"):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "Upstream")
    link_node_modules(target)
    return target


def link_node_modules(checkout: Path) -> None:
    """The npm tools the suite uses (installed by make, never tracked), shared with this checkout."""
    if (ROOT / "node_modules").is_dir():
        (checkout / "node_modules").symlink_to(ROOT / "node_modules")
        with (checkout / ".git" / "info" / "exclude").open("a") as exclude:
            exclude.write("node_modules\n")


def next_free(taken: set[str], prefix: str) -> str:
    """The next two-digit ID under prefix that was never used (CONTRIBUTING: IDs are never reused)."""
    return next(f"{prefix}{n:02d}" for n in range(1, 100) if f"{prefix}{n:02d}" not in taken)


def release_upstream(repo: Path, omitted: str, local_sub_item: str, local_role_code: str) -> dict[str, str]:
    """A content release done the way CONTRIBUTING.md (section 4) describes."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    data = repo / "data"
    sheets = yaml.load(data / "checksheets.yaml")
    changes = yaml.load(data / "changes.yaml")
    notes = yaml.load(data / "editorial_notes.yaml")
    meta = yaml.load(data / "guideline.yaml")
    major, minor, _ = (int(x) for x in str(meta["version"]).split("."))
    version = f"{major}.{minor + 1}.0"
    used = {c["id"] for e in sheets["checksheets"] for b in e["roles"].values() for c in b["countermeasures"]}
    retired = {i for v in changes["versions"] for i in [*v["removed"], *v["renamed"]]}
    blocks = {(e["sub_item"], b_code): b for e in sheets["checksheets"] for b_code, b in
              ((next(c["id"] for c in b["countermeasures"]).split("-")[2], b) for b in e["roles"].values())}

    # A new countermeasure beside the fork's local rule (same sub-item and role).
    beside = blocks[(local_sub_item, local_role_code)]
    added = next_free(used | retired, f"{local_sub_item}-{local_role_code}-")
    new_text = {"ja": "自治体職員は、生成AIへの入力前に情報の機密性を確認すること",
                "en": "Municipal staff should check the confidentiality of information before entering it "
                      "into generative AI."}
    beside["countermeasures"].append({"id": added, "text": new_text})
    # A rename of the ID the fork omits.
    sub_item, code = omitted.rsplit("-", 2)[0], omitted.rsplit("-", 2)[1]
    renamed_to = next_free(used | retired | {added}, f"{sub_item}-{code}-")
    for c in blocks[(sub_item, code)]["countermeasures"]:
        if c["id"] == omitted:
            c["id"] = renamed_to
    # A revised text, and a retired ID (neither the omitted one nor beside the local rule).
    referenced = {r for n in notes["notes"] for r in n.get("refs") or []}
    candidates = [(c, b) for (s, _), b in blocks.items() if s not in (sub_item, local_sub_item)
                  for c in b["countermeasures"] if c["id"] not in referenced]
    revised = candidates[0][0]
    removed = next(c for c, b in reversed(candidates) if len(b["countermeasures"]) > 1 and c is not revised)
    old_wording = str(revised["text"]["ja"])
    revised["text"]["ja"] = old_wording + "（改訂）"
    revised["text"]["en"] = str(revised["text"]["en"]) + " (revised)"
    for b in blocks.values():
        b["countermeasures"][:] = [c for c in b["countermeasures"] if c is not removed]
    # Editorial notes follow the rename (CONTRIBUTING: update refs).
    for n in notes["notes"]:
        if n.get("refs"):
            n["refs"] = [renamed_to if r == omitted else r for r in n["refs"]]
    # Every difference from the PDF edition is listed in the editorial notes (CONTRIBUTING §4).
    for record_id, original, corrected in ((revised["id"], old_wording, old_wording + "（改訂）"),
                                           (added, None, new_text["ja"])):
        note = {"id": f"ED-{record_id}-90", "refs": [record_id], "kind": "other"}
        if original:
            note["original"] = original
        note["corrected"] = corrected
        note["explanation"] = {"ja": f"バージョン {version} で改訂した（PDF版にはない文言）。",
                               "en": f"Revised in version {version}; this wording is not in the PDF edition."}
        notes["notes"].append(note)
    notes["notes"].append({  # the removed wording, no longer on the site
        "id": f"ED-REMOVED-{major}-{minor + 1}-90", "section": "changelog.md", "kind": "other",
        "original": str(removed["text"]["ja"]),
        "explanation": {"ja": f"{removed['id']} はバージョン {version} で削除した。",
                        "en": f"{removed['id']} was removed in version {version}."}})
    # So does the example fork in the tests (CONTRIBUTING: update the IDs it names).
    example = repo / "tests/fixtures/fork/municipality/municipality.yaml"
    example.write_text(example.read_text(encoding="utf-8").replace(f"id: {omitted}\n", f"id: {renamed_to}\n"),
                       encoding="utf-8")
    meta["version"] = version
    changes["versions"].insert(0, {
        "version": version, "date": "2027-04-01",
        "summary": {"ja": "改訂（ライフサイクルの試験）", "en": "Revision (lifecycle test)"},
        "added": [added], "changed": [revised["id"]], "removed": [removed["id"]], "renamed": {omitted: renamed_to}})
    for name, document in (("checksheets", sheets), ("changes", changes), ("editorial_notes", notes),
                           ("guideline", meta)):
        with (data / f"{name}.yaml").open("w", encoding="utf-8") as f:
            yaml.dump(document, f)
    # The translator confirms the English of the new and revised texts (CONTRIBUTING §4).
    run(repo, "-m", "guideline", "translations", "--confirm", "all")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", f"Release {version}")
    return {"version": version, "added": added, "renamed_to": renamed_to, "revised": revised["id"],
            "old_wording": old_wording, "removed": removed["id"]}


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    top = tmp_path_factory.mktemp("lifecycle")
    upstream = checkout_of_this_tree(top / "upstream")
    fork = top / "fork"
    git(top, "clone", "-q", str(upstream), str(fork))
    link_node_modules(fork)
    return upstream, fork


def test_the_english_guide_has_the_same_samples_as_the_japanese():
    yaml = YAML(typ="safe")
    ja, en = guide_samples("ja"), guide_samples("en")
    assert set(ja) == set(en) and "municipality/municipality.yaml" in ja
    assert yaml.load(ja["municipality/municipality.yaml"]) == yaml.load(en["municipality/municipality.yaml"])


def test_a_fork_lives_through_an_upstream_release(repos):
    upstream, fork = repos
    yaml = YAML(typ="safe")

    # 1. Create the fork from the guide's samples.
    for path, body in guide_samples("ja").items():
        (fork / path).parent.mkdir(parents=True, exist_ok=True)
        (fork / path).write_text(body, encoding="utf-8")
    overlay = yaml.load((fork / "municipality/municipality.yaml").read_text(encoding="utf-8"))
    git(fork, "add", "municipality")
    git(fork, "commit", "-qm", "Our municipality")
    run(fork, "-m", "guideline", "validate")

    # 2. Build it, the offline copy from a checkout with no dist/, and run its suite.
    assert not (fork / "dist").exists()
    run(fork, "scripts/build_site.py", documents=True)
    site = fork / "site"
    japanese_only = next(r for r in overlay["local_rules"] if "en" not in r["text"])
    sub_item = japanese_only["sub_item"]
    page = (site / f"en/principles/{sub_item[:3].lower()}/{sub_item.lower()}/index.html").read_text(encoding="utf-8")
    item = page[page.index(f'id="{japanese_only["id"]}"'):]
    item = item[:item.index("</li>")]
    # Shown in Japanese, marked as untranslated, on the English edition.
    assert 'class="gl-untranslated"' in item and 'lang="ja"' in item
    hidden = overlay["municipality"].get("hide_maintainer_pages")
    for prefix in ("", "en/"):
        assert (site / prefix / "fork-guide" / "index.html").exists() != bool(hidden)
        assert (site / prefix / "id-scheme" / "index.html").exists() != bool(hidden)
    slug = re.sub(r"[^a-z0-9]+", "-", overlay["municipality"]["name"]["en"].lower()).strip("-")
    assert (site / "downloads" / f"checksheet-user-{slug}.xlsx").is_file()
    assert (site / "en" / "downloads" / f"checksheet-provider-{slug}.csv").is_file()
    assert (site / "downloads" / f"ai-governance-guideline-{slug}-ja.pdf").is_file()
    assert (site / "en" / "downloads" / f"ai-governance-guideline-{slug}-en.docx").is_file()
    run(fork, "scripts/build_site.py", "--offline")
    archive = fork / "dist" / f"ai-governance-guideline-{slug}-offline.zip"
    with zipfile.ZipFile(archive) as z:
        assert f"ai-governance-guideline-{slug}/index.html" in z.namelist()

    # 3. Upstream releases a version.
    local = overlay["local_rules"][0]
    code = local["id"].split("-")[3]
    omitted = overlay["omissions"][0]["id"]
    release = release_upstream(upstream, omitted, local["sub_item"], code)
    run(upstream, "-m", "guideline", "validate")

    # 4. The fork reads the report before merging.
    git(fork, "fetch", "-q", str(upstream), "main:refs/remotes/upstream/main")
    report = run(fork, "-m", "guideline", "upstream-report", "--upstream", "upstream/main").stdout
    assert f"バージョン {release['version']}" in report
    assert f"{omitted} → {release['renamed_to']}" in report
    assert f"省略 {omitted}" in report and release["renamed_to"] in report
    assert release["added"] in report and local["id"] in report  # flagged as a possible duplicate
    assert release["old_wording"] in report and release["old_wording"] + "（改訂）" in report  # old → new
    assert release["removed"] in report

    # 5. Merge; validation says what to change; follow it, rebuild and rerun the suite.
    git(fork, "merge", "-q", "--no-edit", "upstream/main")
    stale = run(fork, "-m", "guideline", "validate", ok=False)
    assert stale.returncode == 1
    assert omitted in stale.stderr and release["renamed_to"] in stale.stderr, stale.stderr
    path = fork / "municipality/municipality.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(f"id: {omitted}", f"id: {release['renamed_to']}"),
                    encoding="utf-8")
    run(fork, "-m", "guideline", "validate")
    git(fork, "commit", "-qam", "Follow the upstream rename")
    run(fork, "scripts/build_site.py")
    role_page = (fork / "site/roles/provider/index.html").read_text(encoding="utf-8")
    assert f'id="{release["renamed_to"]}"' in role_page and f'id="{omitted}"' in role_page  # old links still land
    run(fork, *FORK_SUITE)
