# ruff: noqa: E501 - one case per line reads best as a table
"""Bad inputs, one per case, shared by the fast suite (tests/unit/test_bad_input.py) and the build
suite (tests/site/test_bad_input_build.py).

Each case starts from the minimal dataset (tests/fixtures/minimal plus the real ui.yaml) and a
small fork overlay, changes one thing, and says what message must come out: the file, the line
(found by a marker text in the changed file, so the cases do not depend on line counts), the
record ID, and a regular expression over the message. `problem=None` means the input is fine as
data (formulas, quotes): it must load, and the output escapes it.
"""
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from guideline.errors import shown
from tests.conftest import FIXTURES, make_dataset

OVERLAY = """\
municipality:
  name: {ja: 見本市, en: Mihon City}
  site_url: https://mihon.example.jp/ai/
  logo: logo.svg
inquiry:
  title: {ja: 窓口, en: Desk}
  name: {ja: AI相談窓口, en: AI desk}
  url: https://mihon.example.jp/ask/
local_rules:
  - id: L-P01-1-USER-01
    sub_item: P01-1
    role: user
    text: {ja: 職員は機密情報を入力しないこと, en: Staff do not enter confidential information.}
omissions:
  - id: P01-1-PROV-01
    reason: {ja: 理由, en: Reason}
pages:
  - file: rules.md
"""


@dataclass
class Expected:
    file: str                 # file name the problem names
    marker: str | int | None  # text on the expected line (first occurrence), or the line, or None
    record_id: str | None
    message: str              # regular expression


@dataclass
class Case:
    name: str
    change: Callable[[Path, Path], None]  # (data folder, overlay folder)
    problem: Expected | None
    site: bool = False  # also built with MkDocs in tests/site/test_bad_input_build.py


def setup(root: Path) -> tuple[Path, Path]:
    """A valid minimal dataset and a valid overlay under `root`."""
    data = make_dataset(root / "data")
    overlay = root / "municipality"
    (overlay / "pages" / "ja").mkdir(parents=True)
    (overlay / "pages" / "en").mkdir(parents=True)
    (overlay / "municipality.yaml").write_text(OVERLAY, encoding="utf-8")
    shutil.copy(FIXTURES / "fork" / "municipality" / "logo.svg", overlay / "logo.svg")
    for lang in ("ja", "en"):
        (overlay / "pages" / lang / "rules.md").write_text("# Rules\n", encoding="utf-8")
    return data, overlay


def line_of(path: Path, marker: str | int | None) -> int | None:
    if marker is None or isinstance(marker, int):
        return marker
    text = path.read_bytes().decode("utf-8", errors="replace")
    index = text.index(marker)
    return text.count("\n", 0, index) + 1


# --- ways to change the input -------------------------------------------------------------

def replace(file: str, old: str, new: str, overlay: bool = False, count: int = 1) -> Callable[[Path, Path], None]:
    def change(data: Path, over: Path) -> None:
        path = (over if overlay else data) / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return change


def raw(file: str, old: bytes, new: bytes) -> Callable[[Path, Path], None]:
    def change(data: Path, over: Path) -> None:
        path = data / file
        content = path.read_bytes()
        assert old in content
        path.write_bytes(content.replace(old, new, 1))
    return change


def whole(file: str, make: Callable[[bytes], bytes]) -> Callable[[Path, Path], None]:
    def change(data: Path, over: Path) -> None:
        (data / file).write_bytes(make((data / file).read_bytes()))
    return change


def special(file: str, kind: str, overlay: bool = False) -> Callable[[Path, Path], None]:
    """Replace a file by a symlink out of the folder, a FIFO, a folder, a device or a link loop."""
    def change(data: Path, over: Path) -> None:
        path = (over if overlay else data) / file
        outside = data.parent / "outside"
        outside.mkdir(exist_ok=True)
        secret = outside / "secret.yaml"
        secret.write_bytes(path.read_bytes() if path.is_file() else b"secret\n")
        path.unlink()
        if kind == "symlink-out":
            path.symlink_to(secret)
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder":
            path.mkdir()
        elif kind == "device":
            path.symlink_to("/dev/zero")
        elif kind == "loop":
            path.symlink_to(path)
        elif kind == "folder-link":  # a regular file reached through a linked folder
            target = outside / "pages"
            target.mkdir(exist_ok=True)
            (target / path.name).write_text("# from outside\n", encoding="utf-8")
            shutil.rmtree(path.parent)
            path.parent.symlink_to(target)
    return change


def both(*changes: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
    def change(data: Path, over: Path) -> None:
        for c in changes:
            c(data, over)
    return change


def release(version: str, renamed: str = "{}", removed: str = "[]") -> Callable[[Path, Path], None]:
    """A new version on top of 1.0.0 in changes.yaml (and guideline.yaml), with renames/removals."""
    entry = (f"  - version: {version}\n    date: \"2026-12-01\"\n    summary: {{ja: 改訂, en: Revision}}\n"
             f"    added: []\n    changed: []\n    removed: {removed}\n    renamed: {renamed}\n")
    return both(replace("changes.yaml", "versions:\n", "versions:\n" + entry),
                replace("guideline.yaml", "version: 1.0.0", f"version: {version}"))


def deep(levels: int) -> Callable[[bytes], bytes]:
    return lambda content: content + b"deep: " + b"[" * levels + b"]" * levels + b"\n"


BOMB = (b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n")

HUGE_ID = "P01-" + "1" * 1_000_000

CASES = [
    # --- encoding ---
    Case("latin-1", raw("principles.yaml", "人間中心".encode(), "Humanit\xe9".encode("latin-1")),
         Expected("principles.yaml", "Humanit", None, r"not valid UTF-8 .*save the file as UTF-8"), site=True),
    Case("utf-16-with-bom", whole("roles.yaml", lambda b: b.decode("utf-8").encode("utf-16")),
         Expected("roles.yaml", 1, None, r"saved as UTF-16: save it as UTF-8")),
    Case("stray-byte", raw("cases.yaml", b"prediction", b"predic\xfftion"),
         Expected("cases.yaml", "predic", None, r"not valid UTF-8 \(byte 0xFF")),
    # --- control characters ---
    Case("raw-nul", raw("principles.yaml", "住民自治".encode(), "住民\x00自治".encode()),
         Expected("principles.yaml", "住民", None, r"control character \(U\+0000\)"), site=True),
    Case("raw-c1", raw("principles.yaml", "住民自治".encode(), "住民\u009b自治".encode()),
         Expected("principles.yaml", "住民", None, r"control character \(U\+009B\)")),
    Case("escaped-nul", replace("principles.yaml", "ja: 住民自治", r'ja: "住民\0自治"'),
         Expected("principles.yaml", "住民", "P01-1", r"title.ja contains a control character \(U\+0000\)"),
         site=True),
    Case("escaped-x01", replace("principles.yaml", "ja: 住民自治", r'ja: "住民\x01自治"'),
         Expected("principles.yaml", "住民", "P01-1", r"control character \(U\+0001\)")),
    Case("escaped-vertical-tab", replace("checksheets.yaml", "ja: 提供者のリスク", r'ja: "提供者の\vリスク"'),
         Expected("checksheets.yaml", "提供者の", "P01-1-PROV-R01", r"control character \(U\+000B\)")),
    Case("escaped-esc", replace("checksheets.yaml", "ja: 提供者のリスク", r'ja: "提供者の\e[31mリスク"'),
         Expected("checksheets.yaml", "提供者の", "P01-1-PROV-R01", r"control character \(U\+001B\)")),
    Case("lone-surrogate", replace("checksheets.yaml", "ja: 提供者のリスク", r'ja: "提供者の\ud800リスク"'),
         Expected("checksheets.yaml", "提供者の", None, r"malformed YAML: .*invalid Unicode character escape"),
         site=True),
    Case("bidi-override", replace("checksheets.yaml", "ja: 提供者のリスク", r'ja: "提供者の\u202eリスク"'),
         Expected("checksheets.yaml", "提供者の", "P01-1-PROV-R01", r"direction-changing character")),
    Case("tab-in-text", replace("checksheets.yaml", "ja: 提供者のリスク", r'ja: "提供者の\tリスク"'),
         Expected("checksheets.yaml", "提供者の", "P01-1-PROV-R01", r"contains a tab")),
    Case("newline-in-title", replace("principles.yaml", "ja: 住民自治", r'ja: "住民\n# 自治"'),
         Expected("principles.yaml", "住民", "P01-1", r"title.ja contains a line break: every data text is one line")),
    Case("newline-in-note-original", replace("editorial_notes.yaml", "original: 誤り", 'original: "誤り\\n- list"'),
         Expected("editorial_notes.yaml", "誤り", "ED-P01-1-PROV-01-01", r"original contains a line break")),
    # --- ID shape ---
    Case("id-with-trailing-newline", replace("checksheets.yaml", "- id: P01-1-PROV-01\n", '- id: "P01-1-PROV-01\\n"\n'),
         Expected("checksheets.yaml", '"P01-1-PROV-01', "'P01-1-PROV-01\\n'", r"line break")),
    Case("id-with-final-newline-block", replace("principles.yaml", "      - id: P01-2\n", "      - id: |\n          P01-2\n"),
         Expected("principles.yaml", "id: |", "'P01-2\\n'", r"line break")),
    Case("malformed-id", replace("principles.yaml", "- id: P01-2", "- id: P1-2"),
         Expected("principles.yaml", "P1-2", "P1-2", r"malformed ID 'P1-2' at principles.0.sub_items.1.id: "
                                                    r"expected the form P01-1$")),
    Case("huge-id", replace("principles.yaml", "- id: P01-2", f"- id: {HUGE_ID}"),
         Expected("principles.yaml", "P01-111", shown(HUGE_ID), r"^malformed ID 'P01-1{50,}… .{0,200}$")),
    # --- duplicates across whitespace variants ---
    Case("id-with-trailing-space", replace("checksheets.yaml", "- id: P01-1-PROV-01\n", '- id: "P01-1-PROV-01 "\n'),
         Expected("checksheets.yaml", '"P01-1-PROV-01 "', "'P01-1-PROV-01 '", r"ends with a space")),
    Case("alias-full-width-variant", replace("glossary.yaml", "aliases: {en: [hallucinations]}",
                                             "aliases: {en: [hallucinations, ｈａｌｌｕｃｉｎａｔｉｏｎ]}"),
         Expected("glossary.yaml", "- id: hallucination", "hallucination", r"en form 'ｈａｌｌｕｃｉｎａｔｉｏｎ' repeats the form 'hallucination'")),
    Case("alias-double-space-variant", replace("glossary.yaml", "aliases: {en: [hallucinations]}",
                                               "aliases: {en: [hallucinations, 'hallucinations ']}"),
         Expected("glossary.yaml", "aliases", "hallucination", r"ends with a space")),
    Case("whitespace-only-text", replace("checksheets.yaml", "ja: 提供者のリスク", 'ja: "\u3000 "'),
         Expected("checksheets.yaml", '"\u3000', "P01-1-PROV-R01", r"blank \(only spaces\)")),
    # --- wrong types ---
    Case("text-is-a-list", replace("checksheets.yaml", "ja: 提供者のリスク", "ja: [提供者, リスク]"),
         Expected("checksheets.yaml", "[提供者", "P01-1-PROV-R01", r"^checksheets.0.roles.provider.risks.0.text.ja should be text, found a list$"),
         site=True),
    Case("text-is-a-number", replace("checksheets.yaml", "ja: 提供者のリスク", "ja: 42"),
         Expected("checksheets.yaml", "ja: 42", "P01-1-PROV-R01", r"should be text, found a number: put the value in quotes")),
    Case("text-is-a-plain-string", replace("principles.yaml", "title:\n      ja: 人間中心\n      en: Human-centricity",
                                           "title: 人間中心"),
         Expected("principles.yaml", "title: 人間中心", "P01", r"should be a text with 'ja' and 'en' lines, found text")),
    Case("unquoted-date", replace("changes.yaml", 'date: "2026-11-22"', "date: 2026-11-22"),
         Expected("changes.yaml", "date:", None, r"should be text, found a date: put the value in quotes")),
    Case("impossible-date", replace("changes.yaml", 'date: "2026-11-22"', 'date: "2026-13-45"'),
         Expected("changes.yaml", "date:", None, r"'2026-13-45' .* is not a real date")),
    Case("impossible-unquoted-date", replace("guideline.yaml", 'published: "2026-11-22"', "published: 2026-13-45"),
         Expected("guideline.yaml", "published", None, r"'2026-13-45' is not a real date")),
    Case("empty-file", whole("roles.yaml", lambda b: b""),
         Expected("roles.yaml", 1, None, r"the file is empty")),
    # --- unknown references ---
    Case("note-names-a-missing-page", replace("editorial_notes.yaml", "refs: [P01-1-PROV-01]", "section: no-such-page.md"),
         Expected("editorial_notes.yaml", "- id: ED-", "ED-P01-1-PROV-01-01", r"section no-such-page.md is not a page")),
    Case("note-refers-to-unknown-id", replace("editorial_notes.yaml", "refs: [P01-1-PROV-01]", "refs: [P01-1-PROV-09]"),
         Expected("editorial_notes.yaml", "- id: ED-", "ED-P01-1-PROV-01-01", r"refers to unknown ID P01-1-PROV-09")),
    Case("missing-ui-string", replace("ui.yaml", "  risks: {ja: リスク, en: Risks}\n", ""),
         Expected("ui.yaml", None, "risks", r"missing interface string 'risks' \(used by the code\)"), site=True),
    Case("ui-label-without-placeholder", replace("ui.yaml", 'countermeasure_count: {ja: "対策 {n} 件"',
                                                 'countermeasure_count: {ja: "対策 件"'),
         Expected("ui.yaml", "countermeasure_count", "countermeasure_count", r"ja text .* lacks the placeholder \{n\}")),
    Case("sheet-name-with-slash", replace("ui.yaml", "sheet.summary: {ja: 集計", "sheet.summary: {ja: 集計/合計"),
         Expected("ui.yaml", "sheet.summary", "sheet.summary", r"sheet name '集計/合計' is not one Excel accepts")),
    Case("status-label-with-comma", replace("ui.yaml", "status.done: {ja: 対応済", 'status.done: {ja: "対応済,\\""'),
         Expected("ui.yaml", "status.done", "status.done", r"comma or a double quote")),
    Case("alias-colliding-with-character-reference",
         replace("glossary.yaml", "aliases: {en: [hallucinations]}", "aliases: {en: [hallucinations, quot, '39']}"),
         Expected("glossary.yaml", "- id: hallucination", "hallucination", r"'quot' is a number or the name of an HTML")),
    Case("rename-cycle", release("1.1.0", renamed="{P01-1-PROV-09: P01-1-PROV-08, P01-1-PROV-08: P01-1-PROV-09}"),
         Expected("changes.yaml", "P01-1-PROV-08: P01-1-PROV-09", "P01-1-PROV-08", r"renamed to P01-1-PROV-09, which was retired")),
    Case("rename-to-a-retired-id", both(release("1.1.0", renamed="{P01-1-PROV-07: P01-1-PROV-01}"),
                                        replace("changes.yaml", "removed: []\n    renamed: {}", "removed: [P01-1-PROV-01]\n    renamed: {}")),
         Expected("changes.yaml", "P01-1-PROV-07:", "P01-1-PROV-07", r"renamed to P01-1-PROV-01, which was retired in 1.0.0")),
    # --- symlinks and special files; paths outside the folder ---
    Case("data-file-symlinked-outside", special("roles.yaml", "symlink-out"),
         Expected("roles.yaml", None, None, r"is a symbolic link"), site=True),
    Case("data-file-is-a-fifo", special("roles.yaml", "fifo"),
         Expected("roles.yaml", None, None, r"not a regular file"), site=True),
    Case("data-file-is-a-folder", special("roles.yaml", "folder"),
         Expected("roles.yaml", None, None, r"not a regular file")),
    Case("data-file-is-dev-zero", special("roles.yaml", "device"),
         Expected("roles.yaml", None, None, r"is a symbolic link")),
    Case("data-file-is-a-symlink-loop", special("roles.yaml", "loop"),
         Expected("roles.yaml", None, None, r"is a symbolic link")),
    Case("data-file-too-large", whole("cases.yaml", lambda b: b + b"# " + b"x" * 2_100_000 + b"\n"),
         Expected("cases.yaml", None, None, r"too large")),
    Case("logo-symlinked-outside", special("logo.svg", "symlink-out", overlay=True),
         Expected("municipality.yaml", "logo:", None, r"logo file logo.svg is a symbolic link"), site=True),
    Case("page-symlinked-outside", special("pages/ja/rules.md", "symlink-out", overlay=True),
         Expected("municipality.yaml", "- file: rules.md", None, r"pages/ja/rules.md is a symbolic link"), site=True),
    Case("page-is-a-fifo", special("pages/en/rules.md", "fifo", overlay=True),
         Expected("municipality.yaml", "- file: rules.md", None, r"pages/en/rules.md is not a regular file")),
    Case("page-through-a-linked-folder", special("pages/en/rules.md", "folder-link", overlay=True),
         Expected("municipality.yaml", "- file: rules.md", None, r"outside the folder")),
    Case("page-not-utf-8", lambda d, o: (o / "pages" / "ja" / "rules.md").write_bytes(b"# R\xe8gles\n"),
         Expected("municipality.yaml", "- file: rules.md", None, r"not valid UTF-8")),
    # --- YAML features refused ---
    Case("custom-tag", replace("cases.yaml", "function: prediction", "function: !python/name:os.system prediction"),
         Expected("cases.yaml", "function: !", None, r"YAML tag '!python/name:os.system' is not allowed"), site=True),
    Case("standard-tag", replace("cases.yaml", "function: prediction", "function: !!str prediction"),
         Expected("cases.yaml", "function: !", None, r"YAML tag .* is not allowed .*put it in quotes")),
    Case("alias-bomb", whole("glossary.yaml", lambda b: BOMB + b),
         Expected("glossary.yaml", 1, None, r"anchors and aliases .* are not allowed"), site=True),
    Case("nesting-5000-deep", whole("glossary.yaml", deep(5000)),
         Expected("glossary.yaml", "deep:", None, r"nested more than \d+ levels deep"), site=True),
    # --- URLs and attribute injection ---
    Case("site-url-breaking-out-of-an-attribute", replace("municipality.yaml", "site_url: https://mihon.example.jp/ai/",
                                                          "site_url: 'https://mihon.example.jp/\"><script>x</script>/'",
                                                          overlay=True),
         Expected("municipality.yaml", "site_url", None, r"malformed value .* expected the form https://"), site=True),
    Case("contact-url-javascript", replace("municipality.yaml", "url: https://mihon.example.jp/ask/",
                                           "url: javascript:alert(1)", overlay=True),
         Expected("municipality.yaml", "url: javascript", None, r"malformed value 'javascript:alert\(1\)'")),
    Case("cases-source-url-with-markup", replace("cases.yaml", "source: {ja: 出典, en: Source}",
                                                 "source: {ja: 出典, en: Source}\nsource_url: 'https://a.example/><img src=x onerror=alert(1)>'"),
         Expected("cases.yaml", "source_url", None, r"malformed value .*expected the form https://")),
    Case("cases-source-url-markdown-link", replace("cases.yaml", "source: {ja: 出典, en: Source}",
                                                   "source: {ja: 出典, en: Source}\nsource_url: 'https://a.example/)[x](javascript:alert(1)'"),
         Expected("cases.yaml", "source_url", None, r"malformed value")),
    # A double quote in a name of the site (title, municipality) is refused: the theme prints names
    # unescaped in an attribute (see municipality-name-with-a-double-quote above).
    Case("quote-in-title", replace("guideline.yaml", "en: AI Governance Guideline for Municipalities",
                                   "en: 'AI \"Governance\" Guideline'"),
         Expected("guideline.yaml", "en: ", None, r"name at title\.en contains a double quote")),
    # --- formula injection: accepted as text; the exports neutralize it ---
    Case("formula-in-countermeasure", replace("checksheets.yaml", "ja: 提供者の対策",
                                              "ja: '=HYPERLINK(\"https://evil.example\",\"x\")'"), None),
    Case("formula-prefixes", replace("checksheets.yaml", "en: Provider countermeasure", "en: '+1-2@3'"), None),
    # --- a fork's overlay ---
    Case("local-rule-id-in-omissions", replace("municipality.yaml", "- id: P01-1-PROV-01", "- id: L-P01-1-USER-01",
                                               overlay=True),
         Expected("municipality.yaml", "- id: L-P01-1-USER-01\n    reason", "L-P01-1-USER-01",
                  r"is one of your own local rules: only the guideline's risks and countermeasures .*delete it")),
    Case("omission-of-a-renamed-id", both(release("1.1.0", renamed="{P01-1-PROV-07: P01-1-PROV-01}"),
                                          replace("municipality.yaml", "- id: P01-1-PROV-01", "- id: P01-1-PROV-07",
                                                  overlay=True)),
         Expected("municipality.yaml", "- id: P01-1-PROV-07", "P01-1-PROV-07",
                  r"^P01-1-PROV-07 was renamed to P01-1-PROV-01 in 1.1.0: change the omission's id to P01-1-PROV-01$")),
    Case("omission-of-a-removed-id", both(release("1.1.0", removed="[P01-1-PROV-06]"),
                                          replace("municipality.yaml", "- id: P01-1-PROV-01", "- id: P01-1-PROV-06",
                                                  overlay=True)),
         Expected("municipality.yaml", "- id: P01-1-PROV-06", "P01-1-PROV-06",
                  r"^P01-1-PROV-06 was removed in version 1.1.0: delete this omission")),
    Case("omitted-twice", replace("municipality.yaml", "pages:", "  - id: P01-1-PROV-01\n    reason: {ja: 再, en: Again}\npages:",
                                  overlay=True),
         Expected("municipality.yaml", "- id: P01-1-PROV-01\n    reason: {ja: 再", "P01-1-PROV-01", r"omitted twice")),
    Case("local-rule-in-a-renamed-sub-item",
         both(release("1.1.0", renamed="{P01-9: P01-1}"),
              replace("municipality.yaml", "sub_item: P01-1", "sub_item: P01-9", overlay=True),
              replace("municipality.yaml", "- id: L-P01-1-USER-01", "- id: L-P01-9-USER-01", overlay=True)),
         Expected("municipality.yaml", "- id: L-P01-9", "L-P01-9-USER-01",
                  r"refers to sub-item P01-9, which was renamed to P01-1 in 1.1.0: change sub_item to P01-1 "
                  r"and the rule's ID to L-P01-1-USER-01")),
    Case("local-rule-in-japanese-only", replace("municipality.yaml", ", en: Staff do not enter confidential information.}",
                                                "}", overlay=True), None),
    Case("overlay-unknown-field-with-comma", replace("municipality.yaml", "name: {ja: AI相談窓口, en: AI desk}",
                                                     "name: {ja: AI相談窓口, en: AI desk, Policy Division}", overlay=True),
         Expected("municipality.yaml", "name: {ja: AI相談窓口", None, r"unknown field 'Policy Division'.*must be quoted")),
]

BY_NAME = {c.name: c for c in CASES}

CASES += [
    Case("missing-ui-string-for-a-data-value", replace("ui.yaml", "  notes.kind.typo: {ja: 誤字, en: Typo}\n", ""),
         Expected("editorial_notes.yaml", "- id: ED-", "ED-P01-1-PROV-01-01",
                  r"kind 'typo' needs the interface string 'notes.kind.typo' in ui.yaml"), site=True),
    Case("municipality-name-with-a-double-quote",
         replace("municipality.yaml", "{ja: 見本市,", '{ja: "見本\\"><b>市",', overlay=True),
         Expected("municipality.yaml", "name:", None, r"name at municipality\.name\.ja contains a double quote"),
         site=True),
    Case("guideline-title-with-a-double-quote",
         replace("guideline.yaml", "  ja: 自治体向けAIガバナンスガイドライン\n", '  ja: "自治体向け\\"AIガバナンスガイドライン"\n'),
         Expected("guideline.yaml", "ja: ", None, r"name at title\.ja contains a double quote")),
    Case("logo-with-a-script", lambda d, o: (o / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
         Expected("municipality.yaml", "logo:", None, r"logo file logo.svg .*script")),
    Case("logo-with-an-event-handler", lambda d, o: (o / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
         Expected("municipality.yaml", "logo:", None, r"logo file logo.svg .*script")),
    Case("logo-fetching-from-another-host", lambda d, o: (o / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>'),
         Expected("municipality.yaml", "logo:", None, r"logo file logo.svg .*another host")),
    Case("logo-png-that-is-not-a-png", both(replace("municipality.yaml", "logo: logo.svg", "logo: logo.png", overlay=True),
                                            lambda d, o: (o / "logo.png").write_bytes(b"<html>not a png</html>")),
         Expected("municipality.yaml", "logo:", None, r"logo file logo.png is not a PNG image")),
]
BY_NAME = {c.name: c for c in CASES}

CASES += [
    Case("number-as-a-key", replace("ui.yaml", "  risks: {ja: リスク, en: Risks}\n", "  risks: {ja: リスク, en: Risks}\n  42: {ja: a, en: b}\n"),
         Expected("ui.yaml", "42:", None, r"the key 42 in strings is a number: keys are text")),
    Case("null-as-a-role", replace("checksheets.yaml", "      user:\n", "      ~:\n"),
         Expected("checksheets.yaml", "~:", "P01-1", r"the key None in checksheets.0.roles is nothing")),
]
BY_NAME = {c.name: c for c in CASES}
