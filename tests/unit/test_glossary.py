import markdown
import pytest

from guideline.glossary import Annotator, tooltips
from guideline.model import Source, Term, Text


def term(term_id, ja, en, definition="def", aliases=None, annotate=True):
    return Term(id=term_id, term=Text(ja, en), aliases=aliases or {}, definition=[Text(definition, definition)],
                references=[], origin="glossary", defined_in=None, annotate=annotate, source=Source("x", 1))


TERMS = [term("generative-ai", "生成AI", "generative AI", "AI that generates"),
         term("ai", "AI", "AI", annotate=False),
         term("rag", "RAG", "RAG", "retrieval <augmented>"),
         term("hallucination", "ハルシネーション", "hallucination", aliases={"en": ["hallucinations"]})]


def test_japanese_terms_are_marked_without_word_boundaries():
    out = Annotator(TERMS, "ja").annotate("<p>生成AIのハルシネーションを理解する</p>")
    assert '<abbr title="AI that generates">生成AI</abbr>' in out
    assert '<abbr title="def">ハルシネーション</abbr>を理解' in out


def test_terms_with_annotate_false_are_left_alone():
    assert "<abbr" not in Annotator(TERMS, "ja").annotate("<p>AIを使う</p>")


def test_english_terms_need_word_boundaries_and_ignore_case():
    out = Annotator(TERMS, "en").annotate("<p>Hallucinations and RAG, not storage or DRAGON.</p>")
    assert '<abbr title="def">Hallucinations</abbr>' in out
    assert '<abbr title="retrieval &lt;augmented&gt;">RAG</abbr>' in out
    assert "DRAGON" in out and out.count("<abbr") == 2


def test_links_headings_code_and_attributes_are_not_touched():
    source = ('<h2 id="x">生成AI</h2><p><a href="#生成AI" title="生成AI">生成AI</a> <code>生成AI</code> '
              '<span class="生成AI">本文の生成AI</span></p>')
    out = Annotator(TERMS, "ja").annotate(source)
    assert out.count("<abbr") == 1
    assert '<span class="生成AI">本文の<abbr' in out


def test_nesting_is_tracked_across_void_and_unclosed_tags():
    out = Annotator(TERMS, "ja").annotate("<p><a href='#'>生成AI<br>生成AI</a>生成AI<img src='x'>生成AI</p>")
    assert out.count("<abbr") == 2


# --- the Markdown extension (guideline/markdown_glossary.py) --------------------------------------

def test_extension_marks_terms_in_markdown_and_in_raw_html_blocks():
    md = markdown.Markdown(extensions=["guideline.markdown_glossary", "md_in_html"],
                           extension_configs={"guideline.markdown_glossary": {"tooltips": tooltips(TERMS, "en")}})
    out = md.convert("# RAG\n\nUse RAG [RAG](x.md).\n\n<div class=\"gl\"><p>hallucinations</p></div>\n")
    assert out.count("<abbr") == 2
    assert '<abbr title="retrieval &lt;augmented&gt;">RAG</abbr>' in out
    assert '<div class="gl"><p><abbr title="def">hallucinations</abbr></p></div>' in out


def test_extension_without_its_terms_fails_loudly():
    md = markdown.Markdown(extensions=["guideline.markdown_glossary"])
    with pytest.raises(ValueError, match="tooltips"):
        md.convert("RAG")
