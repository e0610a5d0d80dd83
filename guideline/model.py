"""The guideline as plain Python objects, built from the checked YAML documents."""
from dataclasses import dataclass, field
from functools import cached_property

from . import LANGUAGES


@dataclass(frozen=True)
class Text:
    ja: str
    en: str

    def __getitem__(self, lang: str) -> str:
        """The text in one language; the Japanese where it has no translation (a fork's local rule)."""
        if lang not in LANGUAGES:
            raise KeyError(f"unknown language {lang!r}")
        return getattr(self, lang) or self.ja

    def translated(self, lang: str) -> bool:
        """False where the text has no translation into `lang` and shows the Japanese instead."""
        return bool(getattr(self, lang))


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
class Municipality:
    """A fork's identity and contacts, from municipality/municipality.yaml."""
    name: Text
    folder: str                   # the overlay folder (logo and pages are files in it)
    site_url: str | None = None
    logo: str | None = None
    ai_officer: Contact | None = None
    inquiry: Contact | None = None
    accessibility: Contact | None = None  # feedback on accessibility (the accessibility statement)
    pages: list[str] = field(default_factory=list)
    hide_maintainer_pages: bool = False  # leave upstream's pages for editors out of the public site


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


@dataclass
class Meta:
    title: Text
    version: str
    published: str
    publisher: Text
    disclaimer: Text | None


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
    versions: list[Version] = field(default_factory=list)  # newest first (data/changes.yaml)
    # A second entry for the same sub-item and role; kept only so validation can report it.
    duplicate_sheets: list[RoleSheet] = field(default_factory=list)
    municipality: Municipality | None = None

    # --- lookups (indexed once: pages look records up per countermeasure) ----------------
    @cached_property
    def sub_items(self) -> list[SubItem]:
        return [s for p in self.principles for s in p.sub_items]

    @cached_property
    def _by_id(self) -> dict[str, object]:
        return {**{p.id: p for p in self.principles}, **{s.id: s for s in self.sub_items},
                **{f"role:{r.id}": r for r in self.roles}}

    def principle(self, principle_id: str) -> Principle:
        return self._by_id[principle_id]

    def sub_item(self, sub_item_id: str) -> SubItem:
        return self._by_id[sub_item_id]

    def role(self, role_id: str) -> Role:
        return self._by_id[f"role:{role_id}"]

    def sheet(self, sub_item_id: str, role_id: str) -> RoleSheet | None:
        return self.sheets.get((sub_item_id, role_id))

    def risks(self, role_id: str | None = None) -> list[Risk]:
        return [r for s in self._ordered_sheets(role_id) for r in s.risks]

    def countermeasures(self, role_id: str | None = None) -> list[Countermeasure]:
        return [c for s in self._ordered_sheets(role_id) for c in s.countermeasures]

    def _ordered_sheets(self, role_id: str | None) -> list[RoleSheet]:
        roles = [role_id] if role_id else [r.id for r in self.roles]
        return [self.sheets[(s.id, r)] for s in self.sub_items for r in roles
                if (s.id, r) in self.sheets]

    @cached_property
    def retired_ids(self) -> dict[str, tuple[str, str | None]]:
        """IDs no longer in use: old ID -> (version that retired it, new ID if renamed)."""
        retired = {}
        for v in reversed(self.versions):  # oldest first, so a later rename wins
            retired.update({old: (v.version, None) for old in v.removed})
            retired.update({old: (v.version, new) for old, new in v.renamed.items()})
        return retired

    @cached_property
    def aliases(self) -> dict[str, list[str]]:
        """Current ID -> the old IDs that were renamed to it (kept as link anchors)."""
        found: dict[str, list[str]] = {}
        for old, (_, new) in self.retired_ids.items():
            if new:
                found.setdefault(new, []).append(old)
        return found

    def text(self, key: str, lang: str, **values) -> str:
        """An interface string (headings, labels) in one language, with its {placeholders} filled in.

        Plain replacement, not str.format: the strings are data, and may hold other braces."""
        result = self.ui[key][lang]
        for name, value in values.items():
            result = result.replace("{" + name + "}", str(value))
        return result
