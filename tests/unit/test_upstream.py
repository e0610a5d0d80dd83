"""The upstream report: a fork compared with a newer upstream version, by ID."""
import subprocess
import sys

from ruamel.yaml import YAML

from guideline.loader import load_guideline
from guideline.upstream import compare, format_report
from tests.conftest import DATA, EXAMPLE_FORK, FORK, ROOT, UPSTREAM, copy_data

CURRENT = UPSTREAM.meta.version
NEXT = ".".join([CURRENT.split(".")[0], str(int(CURRENT.split(".")[1]) + 1), "0"])  # the next minor release


# The countermeasure the example fork omits (tests/fixtures/fork), and one beside it to rename to an
# ID never used: derived, so the test holds after a real release renames or retires IDs.
_FORK = EXAMPLE_FORK
OMITTED = next(c.id for c in _FORK.countermeasures() if c.omitted)
_SHEET = _FORK.sheet(next(c.sub_item_id for c in _FORK.countermeasures() if c.id == OMITTED),
                     next(c.role_id for c in _FORK.countermeasures() if c.id == OMITTED))
RENAMED_FROM = next(c.id for c in _SHEET.countermeasures if c.id != OMITTED and not c.local)
_TAKEN = {c.id for c in _FORK.countermeasures()} | set(_FORK.retired_ids)
RENAMED_TO = next(f"{RENAMED_FROM[:-2]}{n:02d}" for n in range(1, 100) if f"{RENAMED_FROM[:-2]}{n:02d}" not in _TAKEN)


def newer_upstream(target):
    """The next version of the data: one countermeasure added, one changed, one removed (the one the
    example fork omits), one renamed, and the content of P05-1 (where the fork has a local rule) edited."""
    data = copy_data(target)
    yaml = YAML()
    sheets = yaml.load(data / "checksheets.yaml")
    by_item = {e["sub_item"]: e["roles"] for e in sheets["checksheets"]}
    by_item["P03-1"]["user"]["countermeasures"].append(
        {"id": "P03-1-USER-99", "text": {"ja": "新しい対策", "en": "A new countermeasure"}})
    by_item["P01-2"]["user"]["countermeasures"][0]["text"]["ja"] += "（改訂）"
    beside = by_item[_SHEET.sub_item_id][_SHEET.role_id]["countermeasures"]
    beside[:] = [c for c in beside if c["id"] != OMITTED]
    next(c for c in beside if c["id"] == RENAMED_FROM)["id"] = RENAMED_TO
    yaml.dump(sheets, data / "checksheets.yaml")
    principles = yaml.load(data / "principles.yaml")
    p05 = next(s for p in principles["principles"] for s in p["sub_items"] if s["id"] == "P05-1")
    p05["content"][0]["ja"] += "（改訂）"
    yaml.dump(principles, data / "principles.yaml")
    meta = yaml.load(data / "guideline.yaml")
    meta["version"] = NEXT
    yaml.dump(meta, data / "guideline.yaml")
    changes = yaml.load(data / "changes.yaml")
    changes["versions"].insert(0, {"version": NEXT, "date": "2026-12-01", "summary": {"ja": "改訂", "en": "Revision"},
                                   "added": ["P03-1-USER-99"], "changed": ["P01-2-USER-01", "P05-1"],
                                   "removed": [OMITTED], "renamed": {RENAMED_FROM: RENAMED_TO}})
    yaml.dump(changes, data / "changes.yaml")
    return data


def test_report_lists_added_changed_removed_and_renamed_and_what_the_fork_must_review(tmp_path):
    fork = load_guideline(DATA, overlay_dir=FORK)
    upstream = load_guideline(newer_upstream(tmp_path / "upstream"))
    report = compare(fork, upstream)
    assert report.added == ["P03-1-USER-99"]
    assert sorted(report.changed) == ["P01-2-USER-01", "P05-1"]
    assert report.removed == [OMITTED]
    assert report.renamed == {RENAMED_FROM: RENAMED_TO}
    text = format_report(report, "upstream/main")
    assert f"バージョン {NEXT}" in text and f"このフォーク（バージョン {CURRENT}）" in text
    old = next(c for c in fork.countermeasures("user") if c.id == "P01-2-USER-01").text.ja
    assert f"変更前：{old}" in text and f"変更後：{old}（改訂）" in text
    assert f"省略 {OMITTED}：上流で削除されました" in text
    assert "独自ルール L-P05-1-USER-01：対象の項目 P05-1 の内容が上流で変わりました" in text
    assert "L-P06-1-PROV-01" not in text  # its item P06-1 itself did not change
    assert "■ 上流で追加された項目（1件）" in text and "P03-1-USER-99 対策「新しい対策」" in text


def test_the_same_version_reports_nothing():
    fork = load_guideline(DATA, overlay_dir=FORK)
    report = compare(fork, load_guideline(DATA))
    assert (report.added, report.changed, report.removed, report.renamed, report.affected) == ([], [], [], {}, [])


def test_command_reads_upstream_from_a_git_ref(tmp_path):
    """`make upstream-report` reads data/ of a git ref; here, this repository's own HEAD."""
    result = subprocess.run([sys.executable, "-m", "guideline", "upstream-report", "--upstream", "HEAD",
                             "--overlay", str(FORK)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "上流（HEAD" in result.stdout and "■ 上流で削除された項目（0件）" in result.stdout
    bad = subprocess.run([sys.executable, "-m", "guideline", "upstream-report", "--upstream", "no-such-ref"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode != 0 and "git fetch upstream" in bad.stderr
