"""Translations cannot go stale silently (data/translations.yaml, `python -m guideline translations`)."""
import shutil
import subprocess
import sys

from guideline import translations
from guideline.loader import load_guideline
from tests.conftest import DATA, ROOT, copy_data


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guideline", "translations", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_every_translation_is_confirmed_against_the_current_japanese():
    stale = translations.check(load_guideline(DATA), DATA, ROOT / "docs")
    assert not stale, "\n".join(map(str, stale)) + (
        "\nAfter checking the English: python -m guideline translations --confirm ID")


def test_a_japanese_edit_without_an_english_edit_fails_naming_the_id_until_confirmed(tmp_path):
    data = copy_data(tmp_path / "data")
    sheets = data / "checksheets.yaml"
    text = sheets.read_text(encoding="utf-8")
    old = "ja: IT担当者はAIモデルの入出力傾向の分析すること"
    assert text.count(old) == 1
    sheets.write_text(text.replace(old, "ja: IT担当者はAIモデルの入出力傾向を分析すること"), encoding="utf-8")

    result = run("--check", "--data", str(data))
    assert result.returncode == 1
    assert "P07-1-PROV-04: P07-1-PROV-04.text Japanese changed but the English did not" in result.stderr
    assert result.stderr.count("Japanese changed") == 1  # only the edited text

    confirmed = run("--confirm", "P07-1-PROV-04", "--data", str(data))
    assert confirmed.returncode == 0, confirmed.stderr
    assert run("--check", "--data", str(data)).returncode == 0


def test_changing_both_languages_passes_and_a_new_text_needs_confirming(tmp_path):
    data = copy_data(tmp_path / "data")
    sheets = data / "checksheets.yaml"
    text = sheets.read_text(encoding="utf-8")
    text = text.replace("ja: IT担当者はAIモデルの入出力傾向の分析すること",
                        "ja: IT担当者はAIモデルの入出力傾向を分析すること")
    text = text.replace("en: IT staff should analyze the input and output tendencies of AI models.",
                        "en: IT staff should analyze the input and output trends of AI models.")
    sheets.write_text(text, encoding="utf-8")
    assert run("--check", "--data", str(data)).returncode == 0
    recorded = (data / translations.FILE).read_text(encoding="utf-8")
    (data / translations.FILE).write_text(
        "\n".join(line for line in recorded.splitlines() if not line.startswith('"P01-1-PROV-01.text"')) + "\n",
        encoding="utf-8")
    result = run("--check", "--data", str(data))
    assert result.returncode == 1 and "P01-1-PROV-01: P01-1-PROV-01.text has no confirmed translation" in result.stderr


def test_a_prose_page_edit_in_japanese_only_fails_naming_the_page_section(tmp_path):
    docs = tmp_path / "docs"
    for lang in ("ja", "en"):
        shutil.copytree(ROOT / "docs" / lang, docs / lang)
    page = docs / "ja" / "part3.md"
    text = page.read_text(encoding="utf-8")
    assert "アカウントビリティ" in text
    page.write_text(text.replace("アカウントビリティ", "アカウンタビリティ"), encoding="utf-8")
    result = run("--check", "--docs", str(docs))
    assert result.returncode == 1
    stale = [line for line in result.stderr.splitlines() if "Japanese changed" in line]
    assert len(stale) == 1 and stale[0].startswith("part3.md: part3.md#"), result.stderr
