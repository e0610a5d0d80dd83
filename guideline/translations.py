"""Translations that cannot go stale silently.

data/translations.yaml records, for every bilingual text of the guideline (record ID + field), a short
hash of the Japanese and of the English as a translator last checked them. When the Japanese changes
and the English does not, `python -m guideline translations --check` fails and names the ID; after
checking (and if need be revising) the English, the translator runs
`python -m guideline translations --confirm ID` (`make translations-confirm ID=...`) to record the
current pair. The sections of the prose pages (docs/ja with their docs/en twins: introduction,
glossary, Parts 1-3 and 6) are checked the same way, named <page>#<anchor>. One line per text,
sorted, so the file merges cleanly (forks never edit data/ or those pages).
"""
from __future__ import annotations

import hashlib
import re
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


# The hand-written pages that carry the guideline's own prose (docs/ja and their docs/en twins),
# checked per section (heading anchor) like the data texts.
PROSE_PAGES = ("introduction.md", "glossary.md", "part1/ai-features.md", "part1/cases.md",
               "part1/risk-management.md", "part2.md", "part3.md", "part6.md")
ANCHOR = re.compile(r"^#{1,6} .*\{ #([a-z0-9-]+) \}\s*$", re.M)


def _sections(page: str) -> dict[str, str]:
    """Section text by anchor; text before the first anchored heading is under "top"."""
    found: dict[str, str] = {}
    anchor, start = "top", 0
    for m in ANCHOR.finditer(page):
        found[anchor] = page[start:m.start()]
        anchor, start = m.group(1), m.start()
    found[anchor] = page[start:]
    return {k: v for k, v in found.items() if v.strip()}


def page_texts(docs: Path) -> Iterator[tuple[str, Text]]:
    """Each section of the prose pages, as a pair of Japanese and English Markdown: <page>#<anchor>."""
    for page in PROSE_PAGES:
        ja_file, en_file = docs / "ja" / page, docs / "en" / page
        if not (ja_file.exists() and en_file.exists()):
            continue
        ja, en = _sections(ja_file.read_text(encoding="utf-8")), _sections(en_file.read_text(encoding="utf-8"))
        for anchor in ja:
            yield f"{page}#{anchor}", Text(ja=ja[anchor], en=en.get(anchor, ""))


def all_texts(g: Guideline, docs: Path | None) -> Iterator[tuple[str, Text]]:
    yield from texts(g)
    if docs is not None:
        yield from page_texts(docs)


def record_of(path: str) -> str:
    """The ID a path belongs to: a record ID, or a page (docs path) for page sections."""
    return path.split("#", 1)[0] if ".md#" in path else path.split(".", 1)[0]


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


def check(g: Guideline, data_dir: Path, docs: Path | None = None) -> list[Stale]:
    """Texts whose Japanese changed while the English stayed, and texts never confirmed."""
    recorded = read(data_dir)
    problems = []
    for path, text in all_texts(g, docs):
        if path not in recorded:
            problems.append(Stale(path, "has no confirmed translation: check the English, then confirm it"))
            continue
        ja, en = recorded[path]
        if short_hash(text.ja) != ja and short_hash(text.en) == en:
            problems.append(Stale(path, "Japanese changed but the English did not: update or confirm the English"))
    return problems


def confirm(g: Guideline, data_dir: Path, ids: list[str], docs: Path | None = None) -> list[str]:
    """Record the current Japanese and English of every text of the given IDs (record IDs or pages;
    "all": every text). Texts that no longer exist are dropped. Returns the paths confirmed."""
    recorded = read(data_dir)
    current = dict(all_texts(g, docs))
    recorded = {p: h for p, h in recorded.items() if p in current}
    confirmed = [p for p in current if "all" in ids or record_of(p) in ids]
    for path in confirmed:
        recorded[path] = (short_hash(current[path].ja), short_hash(current[path].en))
    write(data_dir, recorded)
    return confirmed
