"""The guideline as plain Python objects, built from the checked YAML documents."""
from dataclasses import dataclass, field
from functools import cached_property

from . import LANGUAGES
from .errors import DataError, Problem


@dataclass(frozen=True)
class Text:
    """A text in Japanese and English.

    English can be missing only in a fork's local rules (en == ""): `text["en"]` then gives the
    Japanese, so nothing shows empty, and `untranslated` is True so that renderers can mark it
    (e.g. lang="ja" and an "untranslated" note).
    """
    ja: str
    en: str

    @property
    def untranslated(self) -> bool:
        """The English text is missing; text["en"] falls back to the Japanese."""
        return not self.en

    def __getitem__(self, lang: str) -> str:
        """The text in one language; the Japanese where it has no translation (a fork's local rule)."""
        if lang not in LANGUAGES:
            raise KeyError(f"unknown language {lang!r}")
        if lang == "en" and not self.en:
            return self.ja
        return str(getattr(self, lang))

    def language_shown(self, lang: str) -> str:
        """The language `self[lang]` is actually in ("ja" for an untranslated text in English)."""
        return "ja" if lang == "en" and self.untranslated else lang

    def translated(self, lang: str) -> bool:
        """False where the text has no translation into `lang` and shows the Japanese instead."""
        return self.language_shown(lang) == lang


@dataclass(frozen=True)
class Source:
    """Where a record is defined, for error messages."""
    file: str
    line: int | None


@dataclass
class Risk:
    id: str
    text: Text
    sub_item_id: str
    role_id: str
    source: Source
    omitted: Text | None = None  # a municipality left it out, for this reason (overlay)


@dataclass
class Countermeasure:
    id: str
    text: Text
    sub_item_id: str
    role_id: str
    source: Source
    sub_points: list[Text] = field(default_factory=list)
    examples: list[Text] = field(default_factory=list)
    local: bool = False          # the municipality's own rule (独自), from its overlay
    omitted: Text | None = None  # a municipality left it out, for this reason (overlay)


@dataclass
class RoleSheet:
    """The risks and countermeasures of one sub-item for one role."""
    sub_item_id: str
    role_id: str
    source: Source        # the role's block
    entry_source: Source  # the `- sub_item:` entry holding it
    content: list[Text]
    risks: list[Risk]
    countermeasures: list[Countermeasure]


@dataclass
class SubItem:
    id: str
    title: Text
    content: list[Text]
    principle_id: str
    ordinal: int  # 1-based position in its principle; shown as ①, ②, …
    source: Source
    contacts: list[str] = field(default_factory=list)  # a fork's contacts shown here: ai_officer, inquiry


@dataclass
class Principle:
    id: str
    title: Text
    sub_items: list[SubItem]
    ordinal: int  # 1-based position; shown as 4-1, 4-2, …
    source: Source


@dataclass
class Role:
    id: str
    code: str
    name: Text
    actor: Text
    definition: list[Text]
    considerations_intro: list[Text]
    source: Source


@dataclass
class Reference:
    source: Text
    text: list[Text]


@dataclass
class Term:
    id: str
    term: Text
    aliases: dict[str, list[str]]
    definition: list[Text]
    references: list[Reference]
    origin: str
    defined_in: str | None
    annotate: bool
    source: Source

    def surfaces(self, lang: str) -> list[str]:
        """Every written form of the term in one language."""
        return [self.term[lang], *self.aliases.get(lang, [])]


@dataclass
class Case:
    id: str
    title: Text
    organization: Text
    function: str
    background: list[Text]
    data_and_security: list[Text]
    effects: list[Text]
    source: Source


@dataclass
class EditorialNote:
    id: str
    kind: str
    refs: list[str]
    section: str | None
    original: str | None
    corrected: str | None
    explanation: Text
    source: Source


@dataclass
class Contact:
    title: Text
    name: Text
    department: Text | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None


@dataclass
class Omission:
    """An upstream risk or countermeasure a fork leaves out, as written in its overlay."""
    id: str
    reason: Text
    source: Source


@dataclass
class Municipality:
    """A fork's identity and contacts, from municipality/municipality.yaml."""
    name: Text
    folder: str                   # the overlay folder (logo and pages are files in it)
    source: Source                # the overlay file
    site_url: str | None = None
    logo: str | None = None
    logo_source: Source | None = None
    ai_officer: Contact | None = None
    inquiry: Contact | None = None
    accessibility: Contact | None = None  # feedback on accessibility (the accessibility statement)
    pages: list[str] = field(default_factory=list)
    hide_maintainer_pages: bool = False  # leave upstream's pages for editors out of the public site
    page_sources: list[Source] = field(default_factory=list)  # the `- file:` line of each page
    omissions: list[Omission] = field(default_factory=list)
    # Where each local rule was written; its sub_item/role as written (for messages about them).
    local_rules: list[Countermeasure] = field(default_factory=list)


@dataclass
class Version:
    version: str
    date: str
    summary: Text
    added: list[str]
    changed: list[str]
    removed: list[str]
    renamed: dict[str, str]
    source: Source
    id_lines: dict[str, int | None] = field(default_factory=dict)  # line of each ID it names

    def source_of(self, record_id: str) -> Source:
        """Where this version names `record_id` (the version's own line if not known)."""
        return Source(self.source.file, self.id_lines.get(record_id) or self.source.line)


@dataclass
class Meta:
    title: Text
    version: str
    published: str
    publisher: Text
    disclaimer: Text | None
    source: Source = field(default_factory=lambda: Source("guideline.yaml", None))


@dataclass
class Guideline:
    meta: Meta
    principles_intro: list[Text]
    principles: list[Principle]
    checksheets_intro: list[Text]
    roles: list[Role]
    sheets: dict[tuple[str, str], RoleSheet]
    terms: list[Term]
    cases_source: Text
    cases_source_url: str | None
    cases: list[Case]
    notes: list[EditorialNote]
    ui: dict[str, Text]
    ui_sources: dict[str, Source] = field(default_factory=dict)
    versions: list[Version] = field(default_factory=list)  # newest first (data/changes.yaml)
    # A second entry for the same sub-item and role; kept only so validation can report it.
    duplicate_sheets: list[RoleSheet] = field(default_factory=list)
    municipality: Municipality | None = None
    # Problems that do not stop the build (see errors.DataWarning); printed by validate and the build.
    warnings: list[Problem] = field(default_factory=list)

    # --- lookups (indexed once: pages look records up per countermeasure) ----------------
    @cached_property
    def sub_items(self) -> list[SubItem]:
        return [s for p in self.principles for s in p.sub_items]

    @cached_property
    def _principles_by_id(self) -> dict[str, Principle]:
        return {p.id: p for p in self.principles}

    @cached_property
    def _sub_items_by_id(self) -> dict[str, SubItem]:
        return {s.id: s for s in self.sub_items}

    @cached_property
    def _roles_by_id(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    def principle(self, principle_id: str) -> Principle:
        return self._principles_by_id[principle_id]

    def sub_item(self, sub_item_id: str) -> SubItem:
        return self._sub_items_by_id[sub_item_id]

    def role(self, role_id: str) -> Role:
        return self._roles_by_id[role_id]

    def sheet(self, sub_item_id: str, role_id: str) -> RoleSheet | None:
        return self.sheets.get((sub_item_id, role_id))

    def upstream_records(self) -> dict[str, Risk | Countermeasure]:
        """The guideline's own risks and countermeasures by ID (a fork's local rules left out)."""
        found: dict[str, Risk | Countermeasure] = {}
        for sheet in self.sheets.values():
            found.update((r.id, r) for r in sheet.risks)
            found.update((c.id, c) for c in sheet.countermeasures if not c.local)
        return found

    def risks(self, role_id: str | None = None) -> list[Risk]:
        return [r for s in self._ordered_sheets(role_id) for r in s.risks]

    def countermeasures(self, role_id: str | None = None) -> list[Countermeasure]:
        return [c for s in self._ordered_sheets(role_id) for c in s.countermeasures]

    def _ordered_sheets(self, role_id: str | None) -> list[RoleSheet]:
        roles = [role_id] if role_id else [r.id for r in self.roles]
        return [self.sheets[(s.id, r)] for s in self.sub_items for r in roles
                if (s.id, r) in self.sheets]

    @cached_property
    def renames(self) -> dict[str, tuple[str, str]]:
        """Each rename as recorded, one step: old ID -> (version, new ID)."""
        found: dict[str, tuple[str, str]] = {}
        for v in reversed(self.versions):  # oldest first
            for old, new in v.renamed.items():
                found.setdefault(old, (v.version, new))
        return found

    @cached_property
    def removals(self) -> dict[str, str]:
        """Removed ID -> the version that removed it."""
        found: dict[str, str] = {}
        for v in reversed(self.versions):
            for old in v.removed:
                found.setdefault(old, v.version)
        return found

    def rename_chain(self, record_id: str) -> list[tuple[str, str]]:
        """The renames `record_id` went through, in order: [(version, new ID), …].

        Follows A -> B -> C; stops at a cycle (which validation reports)."""
        chain: list[tuple[str, str]] = []
        seen = {record_id}
        current = record_id
        while current in self.renames:
            version, new = self.renames[current]
            chain.append((version, new))
            if new in seen:
                break
            seen.add(new)
            current = new
        return chain

    def resolve(self, record_id: str) -> str | None:
        """The current ID of `record_id`, following renames transitively; None if it (or what it
        was renamed to) was removed. An ID that was never retired resolves to itself."""
        chain = self.rename_chain(record_id)
        final = chain[-1][1] if chain else record_id
        return None if final in self.removals else final

    @cached_property
    def retired_ids(self) -> dict[str, tuple[str, str | None]]:
        """IDs no longer in use: old ID -> (version that retired it, current ID or None if removed).

        Renames are followed transitively: after A -> B (1.1.0) and B -> C (1.2.0), A maps to
        ("1.1.0", "C"), so anchors, redirects and saved answers under A reach C."""
        retired: dict[str, tuple[str, str | None]] = {old: (version, None) for old, version in self.removals.items()}
        for old, (version, _) in self.renames.items():
            retired[old] = (version, self.resolve(old))
        return retired

    @cached_property
    def aliases(self) -> dict[str, list[str]]:
        """Current ID -> every old ID that now resolves to it (kept as link anchors)."""
        found: dict[str, list[str]] = {}
        for old, (_, new) in self.retired_ids.items():
            if new:
                found.setdefault(new, []).append(old)
        return found

    def text(self, key: str, lang: str, **values: object) -> str:
        """An interface string (headings, labels) in one language, with its {placeholders} filled in.

        Plain replacement, not str.format: the strings are data, and may hold other braces.
        A key missing from ui.yaml stops the build with a DataError naming it (validation checks
        the keys the code uses beforehand; see validate.ui_keys_used)."""
        if key not in self.ui:
            file = next(iter(self.ui_sources.values())).file if self.ui_sources else "ui.yaml"
            raise DataError([Problem(file, None, key, f"missing interface string '{key}': add it under "
                                                      f"strings, with 'ja' and 'en'")])
        result = self.ui[key][lang]
        for name, value in values.items():
            result = result.replace("{" + name + "}", str(value))
        return result
