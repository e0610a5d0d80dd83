"""Translations that cannot go stale silently.

data/translations.yaml records, for every bilingual text of the guideline (record ID + field), a short
hash of the Japanese and of the English as a translator last checked them. When the Japanese changes
and the English does not, `python -m guideline translations --check` fails and names the ID; after
checking (and if need be revising) the English, the translator runs
`python -m guideline translations --confirm ID` (`make translations-confirm ID=...`) to record the
current pair. One line per text, sorted, so the file merges cleanly (forks never edit data/).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Guideline, Text

FILE = "translations.yaml"
HEADER = ("# Which Japanese each English translation was checked against: <text path>: <ja hash> <en hash>.\n"
          "# Generated: `python -m guideline translations --confirm ID` after checking the English of ID.\n"
          "# `python -m guideline translations --check` fails when a Japanese text changed but its English did not.\n")


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def texts(g: Guideline) -> Iterator[tuple[str, Text]]:
    """Every bilingual text of the guideline, with a stable path: <record ID>.<field>[<n>]."""
    def many(prefix: str, items: list[Text]) -> Iterator[tuple[str, Text]]:
        for i, t in enumerate(items, start=1):
            yield f"{prefix}[{i}]", t

    yield from many("principles.intro", g.principles_intro)
    yield from many("checksheets.intro", g.checksheets_intro)
    for p in g.principles:
        yield f"{p.id}.title", p.title
        for s in p.sub_items:
            yield f"{s.id}.title", s.title
            yield from many(f"{s.id}.content", s.content)
    for r in g.roles:
        yield f"{r.id}.name", r.name
        yield f"{r.id}.actor", r.actor
        yield from many(f"{r.id}.definition", r.definition)
        yield from many(f"{r.id}.considerations_intro", r.considerations_intro)
    for (sub_item_id, role_id), sheet in g.sheets.items():
        yield from many(f"{sub_item_id}-{g.role(role_id).code}.content", sheet.content)
        for risk in sheet.risks:
            yield f"{risk.id}.text", risk.text
        for c in sheet.countermeasures:
            yield f"{c.id}.text", c.text
            yield from many(f"{c.id}.sub_points", c.sub_points)
            yield from many(f"{c.id}.examples", c.examples)
    for term in g.terms:
        yield f"{term.id}.term", term.term
        yield from many(f"{term.id}.definition", term.definition)
        for i, ref in enumerate(term.references, start=1):
            yield f"{term.id}.references[{i}].source", ref.source
            yield from many(f"{term.id}.references[{i}].text", ref.text)
    yield "cases.source", g.cases_source
    for case in g.cases:
        yield f"{case.id}.title", case.title
        yield f"{case.id}.organization", case.organization
        for field in ("background", "data_and_security", "effects"):
            yield from many(f"{case.id}.{field}", getattr(case, field))
    for n in g.notes:
        yield f"{n.id}.explanation", n.explanation


def record_of(path: str) -> str:
    return path.split(".", 1)[0]


def read(data_dir: Path) -> dict[str, tuple[str, str]]:
    recorded = {}
    file = data_dir / FILE
    if file.exists():
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                path, hashes = line.split(": ", 1)
                ja, en = hashes.split()
                recorded[path.strip('"')] = (ja, en)
    return recorded


def write(data_dir: Path, recorded: dict[str, tuple[str, str]]) -> None:
    lines = [f'"{path}": {ja} {en}' for path, (ja, en) in sorted(recorded.items())]
    (data_dir / FILE).write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")


@dataclass
class Stale:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{record_of(self.path)}: {self.path} {self.reason}"


def check(g: Guideline, data_dir: Path) -> list[Stale]:
    """Texts whose Japanese changed while the English stayed, and texts never confirmed."""
    recorded = read(data_dir)
    problems = []
    for path, text in texts(g):
        if path not in recorded:
            problems.append(Stale(path, "has no confirmed translation: check the English, then confirm it"))
            continue
        ja, en = recorded[path]
        if short_hash(text.ja) != ja and short_hash(text.en) == en:
            problems.append(Stale(path, "Japanese changed but the English did not: update or confirm the English"))
    return problems


def confirm(g: Guideline, data_dir: Path, ids: list[str]) -> list[str]:
    """Record the current Japanese and English of every text of the given IDs ("all": every text).
    Texts that no longer exist are dropped. Returns the paths confirmed."""
    recorded = read(data_dir)
    current = dict(texts(g))
    recorded = {p: h for p, h in recorded.items() if p in current}
    confirmed = [p for p in current if "all" in ids or record_of(p) in ids]
    for path in confirmed:
        recorded[path] = (short_hash(current[path].ja), short_hash(current[path].en))
    write(data_dir, recorded)
    return confirmed
