"""The guideline as site pages: a renderer bound to one guideline and one language.

Pages and fragments come from the Jinja templates in guideline/templates/, where every value is
escaped on output (guideline.templating), so data containing `<script>`, `[x](javascript:…)` or `{{`
comes out as text. Structure (headings with explicit `{ #ID }` anchors, links between pages) is
Markdown, so MkDocs checks the links and builds the table of contents; lists of records are raw HTML.
"""
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from . import checklist, ids, naming, templating
from .model import Contact, Guideline, Principle, Role, RoleSheet, SubItem, Text

# Sub-item pages are the answer to most searches: rank them above the long per-role lists.
SUB_ITEM_SEARCH_BOOST = 2
CONTACT_KINDS = ("ai_officer", "inquiry")


@dataclass(frozen=True)
class Renderer:
    g: Guideline
    lang: str

    # --- what templates call --------------------------------------------------------------
    def text(self, key: str, **values: object) -> str:
        """An interface string (data/ui.yaml) in this language, placeholders filled in."""
        return self.g.text(key, self.lang, **values)

    def t(self, text: Text) -> str:
        return text[self.lang]

    @cached_property
    def municipality_name(self) -> str:
        return self.g.municipality.name[self.lang] if self.g.municipality else ""

    def principle_label(self, p: Principle) -> str:
        return naming.principle_label(p, self.lang)

    def sub_item_label(self, s: SubItem) -> str:
        return naming.sub_item_label(s, self.lang)

    def role_title(self, r: Role) -> str:
        return naming.role_title(self.g, r, self.lang)

    principle_path = staticmethod(naming.principle_path)
    sub_item_path = staticmethod(naming.sub_item_path)
    role_path = staticmethod(naming.role_path)

    def link(self, label: object, from_path: str, to_path: str, anchor: str = "") -> Markup:
        """A Markdown link between pages: the label escaped, the target percent-encoded."""
        return Markup("[{}]({})").format(label if isinstance(label, Markup) else templating.inert(str(label)),
                                         naming.href(from_path, to_path, anchor))

    def record_link(self, record_id: str, from_path: str) -> Markup:
        """The record ID as a link to where it is shown, or as text if it is shown nowhere."""
        target = naming.record_link(self.g, record_id)
        return self.link(record_id, from_path, target) if target else templating.inert(record_id)

    def count_line(self, s: SubItem, from_path: str) -> Markup:
        """'AI提供者: 対策 2件 · AI利用者: 対策 3件' with links to the role pages."""
        parts = []
        for role in self.g.roles:
            sheet = self.g.sheet(s.id, role.id)
            label = self.text("countermeasure_count", n=len(sheet.countermeasures) if sheet else 0)
            role_link = self.link(role.name[self.lang], from_path, naming.role_path(role), s.id)
            parts.append(Markup("{}: {}").format(role_link, templating.inert(label)))
        return Markup(" · ").join(parts)

    def record_id(self, record_id: str) -> Markup:
        """The record's ID under its heading, with a button that copies it."""
        return self.render("record_id.html", record_id=record_id, label=self.text("record_id.label"),
                           copy=self.text("record_id.copy"), copied=self.text("record_id.copied"),
                           copy_label=self.text("record_id.copy_label", id=record_id))

    def sheet(self, sheet: RoleSheet, heading_level: int, controls: dict[str, Markup] | None = None) -> Markup:
        return self.render("parts/sheet.html", sheet=sheet, heading_level=heading_level, controls=controls or {})

    def contact(self, kind: str) -> Markup:
        contact: Contact | None = getattr(self.g.municipality, kind) if self.g.municipality else None
        return self.render("parts/contact.html", kind=kind, contact=contact) if contact else Markup("")

    def render(self, template: str, **context: object) -> Markup:
        return templating.render(template, r=self, g=self.g, **context)

    # --- pages ------------------------------------------------------------------------------
    def page(self, title: object, anchor: str, body: Markup, search_boost: float | None = None) -> str:
        return str(self.render("page.md", title=title, anchor=anchor, blocks=[body], search_boost=search_boost)) + "\n"

    def principles_index_page(self) -> str:
        path = "principles/index.md"
        return self.page(self.text("principles.title"), "principles",
                         self.render("pages/principles_index.md", path=path))

    def principle_page(self, p: Principle) -> str:
        body = Markup("{}\n\n{}").format(self.record_id(p.id),
                                         self.render("pages/principle.md", p=p, path=naming.principle_path(p)))
        return self.page(self.principle_label(p), p.id, body)

    def sub_item_page(self, s: SubItem) -> str:
        tabs = [(role.name[self.lang], self.sheet(sheet, 3)) for role in self.g.roles
                if (sheet := self.g.sheet(s.id, role.id))]
        body = self.render("pages/sub_item.md", s=s, p=self.g.principle(s.principle_id), path=naming.sub_item_path(s),
                           tabs=self.render("parts/tabs.html", group=f"__tabbed_{s.id}", tabs=tabs))
        return self.page(self.sub_item_label(s), s.id, body, search_boost=SUB_ITEM_SEARCH_BOOST)

    def role_page(self, role: Role) -> str:
        path = naming.role_path(role)
        removed = [(old, version) for old, (version, new) in self.g.retired_ids.items()
                   if new is None and ids.role_code_of(old) == role.code]
        body = self.render("pages/role.md", role=role, path=path, removed=removed,
                           checklist=checklist.parts(self.g, role, self.lang, path))
        return self.page(self.role_title(role), role.id, body)

    def roles_index_page(self) -> str:
        """第5部: its introduction and the per-role pages."""
        return self.page(self.text("part5.title"), "part5", self.render("pages/roles_index.md", path="roles/index.md"))

    def pages(self) -> dict[str, str]:
        """Every page derived from the data: source path -> Markdown."""
        pages = {"principles/index.md": self.principles_index_page(), "roles/index.md": self.roles_index_page()}
        for p in self.g.principles:
            pages[naming.principle_path(p)] = self.principle_page(p)
            for s in p.sub_items:
                pages[naming.sub_item_path(s)] = self.sub_item_page(s)
        for role in self.g.roles:
            pages[naming.role_path(role)] = self.role_page(role)
        return pages

    # --- fragments of hand-written pages (through macros) -------------------------------------
    def overview_table(self, path: str) -> str:
        return str(self.render("fragments/overview.md", path=path))

    def role_definitions(self) -> str:
        return str(self.render("fragments/role_definitions.md"))

    def cases(self) -> str:
        return str(self.render("fragments/cases.md"))

    def editorial_notes(self, path: str) -> str:
        return str(self.render("fragments/editorial_notes.md", path=path))

    def changelog(self, path: str) -> str:
        return str(self.render("fragments/changelog.md", path=path))

    def municipality_block(self) -> str:
        """The fork's contacts, for its home page (nothing upstream)."""
        return "\n\n".join(str(b) for b in (self.contact(kind) for kind in CONTACT_KINDS) if b)

    def downloads_table(self, path: str, files: list[tuple[str, str, str]]) -> str:
        return str(self.render("fragments/downloads.md", path=path, files=files))

    def glossary_entries(self, path: str) -> str:
        """Each term: its heading, then definition, quoted references and provenance, labelled: the
        guideline's 用語集, the body text (linked), or the editors (not part of the guideline)."""
        provenance_label = {"glossary": "glossary.from_glossary", "text": "glossary.from_text",
                            "editors": "glossary.from_editors"}
        blocks = []
        for term in self.g.terms:
            defined_in = None
            if term.defined_in:
                s = self.g.sub_item(term.defined_in)
                defined_in = {"href": naming.href(path, naming.sub_item_path(s)),
                              "label": self.sub_item_label(s)}
            blocks.append(self.render(
                "glossary_entry.html", term=term, origin=term.origin,
                definition=[t[self.lang] for t in term.definition],
                references=[{"source": ref.source[self.lang], "text": [t[self.lang] for t in ref.text]}
                            for ref in term.references],
                reference_label=self.text("glossary.reference"),
                provenance=self.text(provenance_label[term.origin]), defined_in=defined_in))
        return "\n\n".join(str(b) for b in blocks)
