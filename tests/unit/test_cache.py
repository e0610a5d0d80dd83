"""Files kept by a hash of what they are made from (guideline/cache.py): made once, reused until an
input, the package's code or a writing library changes; never half-written; off on request."""
import shutil
import threading
import time

import pytest

from guideline import cache, documents, site
from guideline.loader import load_guideline
from tests.conftest import ROOT, make_dataset


@pytest.fixture(autouse=True)
def cache_on(monkeypatch):
    """The cache as a fresh clone has it, whatever the caller's environment says."""
    monkeypatch.delenv(cache.NO_CACHE_VARIABLE, raising=False)
    monkeypatch.delenv(cache.DIR_VARIABLE, raising=False)


class Maker:
    def __init__(self, content: bytes = b"%PDF made") -> None:
        self.calls, self.content = 0, content

    def __call__(self) -> dict[str, bytes]:
        self.calls += 1
        time.sleep(0.05)  # long enough for a second thread to arrive while the first makes the files
        return {"a.pdf": self.content, "a.docx": b"PK made"}


def test_the_same_inputs_are_made_once_and_read_back(tmp_path):
    make = Maker()
    first = cache.made(tmp_path, "documents", ["<html>", "ja"], make)
    second = cache.made(tmp_path, "documents", ["<html>", "ja"], make)
    assert first == second == {"a.pdf": b"%PDF made", "a.docx": b"PK made"}
    assert make.calls == 1


@pytest.mark.parametrize("inputs", [["<html>changed", "ja"], ["<html>", "en"], ["<html>ja"]],
                         ids=["content", "language", "boundary"])
def test_any_change_of_input_is_made_again(tmp_path, inputs):
    make = Maker()
    cache.made(tmp_path, "documents", ["<html>", "ja"], make)
    cache.made(tmp_path, "documents", inputs, make)
    assert make.calls == 2


def test_a_change_to_the_package_is_a_new_key(tmp_path, monkeypatch):
    package = tmp_path / "guideline"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    cache.code_version.cache_clear()
    try:
        before = cache.key(["<html>"])
        with (package / "templates" / "document" / "document.css").open("a") as css:
            css.write("\n/* a changed stylesheet */\n")
        cache.code_version.cache_clear()
        assert cache.key(["<html>"]) != before
    finally:
        cache.code_version.cache_clear()


def test_builders_of_the_same_key_at_once_make_it_once(tmp_path):
    make = Maker()
    results: list[dict[str, bytes]] = []
    threads = [threading.Thread(target=lambda: results.append(cache.made(tmp_path, "documents", ["x"], make)))
               for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert make.calls == 1 and len(results) == 3 and all(r == results[0] for r in results)


def test_a_failed_make_leaves_no_entry(tmp_path):
    def fail() -> dict[str, bytes]:
        raise RuntimeError("typesetting failed")

    with pytest.raises(RuntimeError):
        cache.made(tmp_path, "documents", ["x"], fail)
    make = Maker()
    assert cache.made(tmp_path, "documents", ["x"], make)["a.pdf"] == b"%PDF made" and make.calls == 1
    assert not [p for p in (tmp_path / "documents").iterdir() if p.name.startswith(".partial-")]


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.NO_CACHE_VARIABLE, "1")
    make = Maker()
    cache.made(tmp_path, "documents", ["x"], make)
    cache.made(tmp_path, "documents", ["x"], make)
    assert make.calls == 2 and not (tmp_path / "documents").exists()


def test_the_cache_folder_can_be_shared_between_checkouts(tmp_path, monkeypatch):
    assert cache.folder(tmp_path / "own") == tmp_path / "own"
    monkeypatch.setenv(cache.DIR_VARIABLE, str(tmp_path / "shared"))
    assert cache.folder(tmp_path / "own") == tmp_path / "shared"


@pytest.mark.documents
def test_documents_come_from_the_cache_without_typesetting(tmp_path, monkeypatch):
    g = load_guideline(make_dataset(tmp_path / "data"))  # small: typeset in a second
    stamp = site.build_stamp(g, ROOT)
    made = documents.build_documents(g, "en", stamp, ROOT / "docs" / "en", tmp_path)

    def no_typesetting() -> None:
        raise AssertionError("typeset again although nothing changed")

    monkeypatch.setattr(documents, "_writers", no_typesetting)
    assert documents.build_documents(g, "en", stamp, ROOT / "docs" / "en", tmp_path) == made
    changed = stamp.__class__(version=stamp.version, generated=stamp.generated, commit="fedcba987654")
    with pytest.raises(AssertionError, match="typeset again"):  # a new stamp is new content
        documents.build_documents(g, "en", changed, ROOT / "docs" / "en", tmp_path)


def test_the_cache_is_not_tracked():
    assert "/.cache" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_a_rebuild_with_unchanged_data_reuses_the_downloads_and_a_data_change_remakes_them(tmp_path, monkeypatch):
    """The live preview's rebuild after a page of docs/ is saved keeps the checksheets it wrote; once a
    data file changes, they are written from the new data (never stale)."""
    from guideline import exports
    monkeypatch.setenv(documents.SKIP_VARIABLE, "1")
    written = []
    monkeypatch.setattr(exports, "downloads", lambda *args: written.append(args) or {"a.csv": str(len(written))})
    data = make_dataset(tmp_path / "data")
    g = site.load(data)
    first = site.generated_files(g, "ja", ROOT)
    assert site.generated_files(site.load(data), "ja", ROOT)["downloads/a.csv"] == first["downloads/a.csv"]
    assert len(written) == 1
    path = data / "guideline.yaml"
    time.sleep(0.01)  # a later modification time
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = site.load(data)
    assert changed is not g
    assert site.generated_files(changed, "ja", ROOT)["downloads/a.csv"] != first["downloads/a.csv"]
    assert len(written) == 2
