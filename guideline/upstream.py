"""Compare a fork with a newer upstream version of the guideline, by ID.

    python -m guideline upstream-report --upstream upstream/main     (a git ref, or a data folder)

Lists, in Japanese, the records upstream added, changed, removed and renamed, and which of the
fork's local rules and omissions now point to changed or removed items, so the municipality
knows what to review after `git merge upstream/main`.
"""
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from .model import Guideline, Text

KIND_JA = {"principle": "原則", "sub-item": "項目", "risk": "リスク", "countermeasure": "対策",
           "term": "用語", "case": "事例"}


def _texts(*items) -> tuple:
    out = []
    for item in items:
        if isinstance(item, Text):
            out.append((item.ja, item.en))
        elif isinstance(item, list):
            out.extend(_texts(*item))
    return tuple(out)


def records(g: Guideline) -> dict[str, tuple[str, tuple, str]]:
    """Every upstream record: ID -> (kind, its texts in both languages, a short Japanese label)."""
    found = {}
    for p in g.principles:
        found[p.id] = ("principle", _texts(p.title), p.title.ja)
        for s in p.sub_items:
            found[s.id] = ("sub-item", _texts(s.title, s.content), s.title.ja)
    for sheet in g.sheets.values():
        for r in sheet.risks:
            found[r.id] = ("risk", _texts(r.text), r.text.ja)
        for c in sheet.countermeasures:
            if not c.local:
                found[c.id] = ("countermeasure", _texts(c.text, c.sub_points, c.examples), c.text.ja)
    for t in g.terms:
        found[t.id] = ("term", _texts(t.term, t.definition), t.term.ja)
    for case in g.cases:
        found[case.id] = ("case", _texts(case.title, case.background, case.data_and_security, case.effects),
                          case.title.ja)
    return found


class UpstreamError(Exception):
    """The upstream version cannot be read (no such ref or folder)."""


def follow_renames(renamed: dict[str, str], record_id: str) -> str:
    """Where a chain of renames (A→B, then B→C) ends; the ID itself if it was not renamed."""
    seen = {record_id}
    while record_id in renamed:
        record_id = renamed[record_id]
        if record_id in seen:  # a cycle: validation refuses it upstream; stop rather than loop
            break
        seen.add(record_id)
    return record_id


@dataclass
class Report:
    current_version: str
    upstream_version: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    affected: list[str] = field(default_factory=list)  # Japanese lines about local rules and omissions
    labels: dict[str, str] = field(default_factory=dict)
    wording: dict[str, tuple[str, str]] = field(default_factory=dict)  # changed ID -> (old, new) Japanese


def compare(fork: Guideline, upstream: Guideline) -> Report:
    mine, theirs = records(fork), records(upstream)
    report = Report(fork.meta.version, upstream.meta.version)
    report.labels = {i: f"{KIND_JA[k]}「{label[:40]}{'…' if len(label) > 40 else ''}」"
                     for i, (k, _, label) in {**mine, **theirs}.items()}
    known_versions = {v.version for v in fork.versions}
    new_renames: dict[str, str] = {}
    for v in reversed(upstream.versions):  # renames upstream made since the fork's version, oldest first
        if v.version not in known_versions:
            new_renames.update(v.renamed)
    report.renamed = {old: follow_renames(new_renames, old) for old in new_renames if old in mine}
    report.added = [i for i in theirs if i not in mine and i not in report.renamed.values()]
    report.removed = [i for i in mine if i not in theirs and i not in report.renamed]
    report.changed = [i for i in theirs if i in mine and theirs[i][1] != mine[i][1]]
    for i in report.changed:
        old, new = " ".join(ja for ja, _ in mine[i][1]), " ".join(ja for ja, _ in theirs[i][1])
        report.wording[i] = (old, new)

    m = fork.municipality
    if m is None:
        return report
    upstream_cms = {c.id: c for c in upstream.countermeasures()}
    for c in fork.countermeasures():
        if c.local:
            beside = [i for i in [*report.added, *report.changed] if i in upstream_cms
                      and upstream_cms[i].sub_item_id == c.sub_item_id and upstream_cms[i].role_id == c.role_id]
            for i in beside:
                what = "追加" if i in report.added else "変更"
                report.affected.append(
                    f"独自ルール {c.id}：同じ項目・役割（{c.sub_item_id}・{fork.role(c.role_id).name.ja}）で、"
                    f"上流が対策 {i} を{what}しました。独自ルールと重なっていないか確認し、重なっていれば"
                    f"独自ルールを削除するか、上流の対策を理由つきで省略してください。")
            if c.sub_item_id in report.removed:
                report.affected.append(f"独自ルール {c.id}：対象の項目 {c.sub_item_id} が上流で削除されました。"
                                       f"municipality.yaml で別の項目に移すか、削除してください。")
            elif c.sub_item_id in report.renamed:
                report.affected.append(f"独自ルール {c.id}：対象の項目 {c.sub_item_id} のIDが "
                                       f"{report.renamed[c.sub_item_id]} に変わりました。"
                                       f"sub_item を書き換えてください。")
            elif c.sub_item_id in report.changed:
                report.affected.append(f"独自ルール {c.id}：対象の項目 {c.sub_item_id} の内容が上流で変わりました。"
                                       f"ルールがまだ合っているか確認してください。")
    omitted = [r.id for r in fork.risks() if r.omitted] + [c.id for c in fork.countermeasures() if c.omitted]
    for record_id in omitted:
        if record_id in report.removed:
            report.affected.append(f"省略 {record_id}：上流で削除されました。"
                                   f"municipality.yaml の omissions から外してください。")
        elif record_id in report.renamed:
            report.affected.append(f"省略 {record_id}：IDが {report.renamed[record_id]} に変わりました。"
                                   f"omissions の id を書き換えてください。")
        elif record_id in report.changed:
            report.affected.append(f"省略 {record_id}：上流で文言が変わりました。"
                                   f"省略の理由がまだ当てはまるか確認してください。")
    return report


def format_report(report: Report, upstream_name: str) -> str:
    lines = [f"上流（{upstream_name}、バージョン {report.upstream_version}）と、"
             f"このフォーク（バージョン {report.current_version}）の違い", ""]

    def section(title, ids, describe):
        lines.append(f"■ {title}（{len(ids)}件）")
        lines.extend(f"  - {describe(i)}" for i in ids)
        if not ids:
            lines.append("  なし")
        lines.append("")

    section("上流で追加された項目", report.added, lambda i: f"{i} {report.labels[i]}")
    section("上流で変更された項目", report.changed,
            lambda i: f"{i} {report.labels[i]}\n"
                      f"      変更前：{report.wording[i][0]}\n      変更後：{report.wording[i][1]}")
    section("上流で削除された項目", report.removed, lambda i: f"{i} {report.labels[i]}")
    section("IDが変わった項目", list(report.renamed), lambda i: f"{i} → {report.renamed[i]}")
    section("独自ルール・省略への影響", report.affected, lambda line: line)
    return "\n".join(lines)


def upstream_data(ref_or_dir: str, repo: Path) -> tuple[Path, tempfile.TemporaryDirectory | None]:
    """The data folder of the upstream version: a folder as given, or data/ of a git ref."""
    folder = Path(ref_or_dir)
    if folder.is_dir():
        return (folder / "data" if (folder / "data").is_dir() else folder), None
    archive = subprocess.run(["git", "archive", "--format=tar", ref_or_dir, "data"], cwd=repo,
                             capture_output=True, check=False)
    if archive.returncode:
        raise UpstreamError(f"cannot read data/ of {ref_or_dir!r}: {archive.stderr.decode(errors='replace').strip()}\n"
                            f"(first: git remote add upstream <URL> && git fetch upstream)")
    tmp = tempfile.TemporaryDirectory(prefix="upstream-")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp.name, filter="data")
    return Path(tmp.name) / "data", tmp
