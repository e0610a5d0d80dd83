"""`python -m guideline import-overlay`: a customizer ZIP becomes municipality/, safely."""
import io
import stat
import zipfile
from pathlib import Path

import pytest

from guideline import overlay_zip
from guideline.__main__ import main
from tests.conftest import DATA, FORK


def fork_files(prefix: str = "municipality/") -> dict[str, bytes]:
    return {prefix + p.relative_to(FORK).as_posix(): p.read_bytes() for p in sorted(FORK.rglob("*")) if p.is_file()}


def make_zip(path: Path, files: dict[str, bytes], links: tuple[str, ...] = ()) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            info = zipfile.ZipInfo(name)
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, content)
    return path


def test_the_example_fork_imports_and_validates(tmp_path, capsys):
    archive = make_zip(tmp_path / "fork.zip", fork_files())
    target = tmp_path / "municipality"
    assert main(["import-overlay", str(archive), "--overlay", str(target), "--data", str(DATA)]) == 0
    assert {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()} == \
        {k.removeprefix("municipality/"): v for k, v in fork_files().items()}
    assert "make build" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".overlay-import")] == []


def test_a_zip_of_the_folder_contents_is_accepted_too(tmp_path):
    archive = make_zip(tmp_path / "fork.zip", fork_files(prefix=""))
    assert overlay_zip.import_overlay(archive, tmp_path / "municipality", DATA) == 0
    assert (tmp_path / "municipality" / "municipality.yaml").is_file()


BOMB = b"0" * (overlay_zip.MAX_FILE_BYTES + 10)
BAD = {
    "traversal": ({"municipality/municipality.yaml": b"x", "municipality/../../evil.md": b"x"}, (), "unsafe path"),
    "absolute": ({"municipality/municipality.yaml": b"x", "/etc/evil.md": b"x"}, (), "unsafe path"),
    "backslash": ({"municipality/municipality.yaml": b"x", "municipality\\..\\evil.md": b"x"}, (), "unsafe path"),
    "symlink": ({**fork_files(), "municipality/pages/ja/link.md": b"/etc/passwd"},
                ("municipality/pages/ja/link.md",), "links are not allowed"),
    "other-file": ({**fork_files(), "municipality/run.sh": b"rm -rf /"}, (), "unexpected file"),
    "too-big": ({**fork_files(), "municipality/pages/ja/big.md": BOMB}, (), "limit is"),
    "not-an-overlay": ({"readme.txt": b"hello"}, (), "not a municipality ZIP"),
    "invalid-overlay": ({"municipality/municipality.yaml": b"municipality:\n  name: {ja: x}\n"}, (),
                        "does not pass validation"),
    "unknown-sub-item": ({"municipality/municipality.yaml": (
        "municipality:\n  name: {ja: 見本町, en: Mihon Town}\nlocal_rules:\n  - id: L-P99-1-USER-01\n"
        "    sub_item: P99-1\n    role: user\n    text: {ja: 規則}\n").encode()}, (), "unknown sub-item P99-1"),
}


@pytest.mark.parametrize("files,links,message", BAD.values(), ids=BAD.keys())
def test_a_bad_zip_changes_nothing_and_says_why(tmp_path, capsys, files, links, message):
    archive = make_zip(tmp_path / "bad.zip", files, links)
    target = tmp_path / "municipality"
    assert overlay_zip.import_overlay(archive, target, DATA) == 1
    out = capsys.readouterr().out
    assert message in out and "Nothing was changed" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.zip"]


def test_not_a_zip_at_all(tmp_path, capsys):
    (tmp_path / "bad.zip").write_bytes(b"PK but not really")
    assert overlay_zip.import_overlay(tmp_path / "bad.zip", tmp_path / "municipality", DATA) == 1
    assert "is not a ZIP file" in capsys.readouterr().out


def test_a_japanese_only_local_rule_is_accepted(tmp_path):
    text = ("municipality:\n  name: {ja: 見本町, en: Mihon Town}\nlocal_rules:\n  - id: L-P05-1-USER-01\n"
            "    sub_item: P05-1\n    role: user\n    text: {ja: 機密性2以上の情報を入力しないこと}\n")
    archive = make_zip(tmp_path / "ja.zip", {"municipality/municipality.yaml": text.encode()})
    assert overlay_zip.import_overlay(archive, tmp_path / "municipality", DATA) == 0


def test_an_existing_overlay_is_replaced_only_when_asked_and_kept(tmp_path, capsys):
    archive = make_zip(tmp_path / "fork.zip", fork_files())
    target = tmp_path / "municipality"
    assert overlay_zip.import_overlay(archive, target, DATA) == 0
    page = target / "pages" / "ja" / "approved-services.md"
    page.write_text("edited by hand\n", encoding="utf-8")
    capsys.readouterr()
    assert overlay_zip.import_overlay(archive, target, DATA) == 1
    assert "changed: pages/ja/approved-services.md" in capsys.readouterr().out
    assert page.read_text(encoding="utf-8") == "edited by hand\n"
    assert overlay_zip.import_overlay(archive, target, DATA, replace=True) == 0
    assert page.read_bytes() == (FORK / "pages" / "ja" / "approved-services.md").read_bytes()
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("municipality.previous-")]
    assert len(backups) == 1
    assert (backups[0] / "pages" / "ja" / "approved-services.md").read_text(encoding="utf-8") == "edited by hand\n"


def test_the_limits_match_the_customizer_page():
    script = (Path(__file__).resolve().parents[2] / "overrides/assets/customizer.js").read_text(encoding="utf-8")
    assert f"MAX_ZIP_BYTES = {overlay_zip.MAX_ZIP_BYTES // (1024 * 1024)} * 1024 * 1024" in script
    assert f"MAX_FILE_BYTES = {overlay_zip.MAX_FILE_BYTES // (1024 * 1024)} * 1024 * 1024" in script
    assert f"MAX_FILES = {overlay_zip.MAX_FILES};" in script


def test_reading_stops_at_the_limit_whatever_the_zip_says(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("municipality/municipality.yaml", BOMB)
    with zipfile.ZipFile(buffer) as z:
        info = z.getinfo("municipality/municipality.yaml")
        info.file_size = 10  # a directory entry that lies about the size
        with pytest.raises(overlay_zip.OverlayZipError, match="unpacks to more than|is damaged"):
            overlay_zip._read(z, info)
