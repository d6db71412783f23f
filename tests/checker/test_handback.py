"""The paper handed back: a Word document with its findings as comments, and a written paper with the
suggestions applied."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from plain_language import check_file, check_text
from plain_language.docx_comments import annotate_docx
from plain_language.rewrite import LONG_FORM, PLAIN_WORDS, apply_suggestions


def word_paper() -> bytes:
    document = docx.Document()
    document.add_heading("Finance", 1)
    paragraph = document.add_paragraph("The ")
    paragraph.add_run("IC").bold = True  # an acronym split across two runs
    paragraph.add_run("B will utilise the money in order to help. It was agreed by the board.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Risk"
    table.cell(0, 1).text = "The PCN may leverage funds."
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def checked(data: bytes, tmp_path) -> tuple:
    path = tmp_path / "paper.docx"
    path.write_bytes(data)
    return data, check_file(path)


def anchored_texts(document) -> dict[str, str]:
    """Comment id -> the text between its range start and end, in document order."""
    open_ids: set[str] = set()
    texts: dict[str, str] = {}
    for element in document.element.body.iter():
        if element.tag == qn("w:commentRangeStart"):
            open_ids.add(element.get(qn("w:id")))
            texts.setdefault(element.get(qn("w:id")), "")
        elif element.tag == qn("w:commentRangeEnd"):
            open_ids.discard(element.get(qn("w:id")))
        elif element.tag == qn("w:t"):
            for comment_id in open_ids:
                texts[comment_id] += element.text or ""
    return texts


def all_text(document) -> list[str]:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs] + cells


def test_the_annotated_word_document_opens_with_one_comment_per_finding(tmp_path) -> None:
    data, report = checked(word_paper(), tmp_path)
    annotated = docx.Document(io.BytesIO(annotate_docx(data, report)))
    assert len(list(annotated.comments)) == len(report.findings) >= 5


def test_each_comment_covers_exactly_the_words_of_its_finding(tmp_path) -> None:
    data, report = checked(word_paper(), tmp_path)
    annotated = docx.Document(io.BytesIO(annotate_docx(data, report)))
    messages = {c.comment_id: c.text for c in annotated.comments}
    anchored = sorted((messages[int(i)], text) for i, text in anchored_texts(annotated).items())
    expected = sorted((c.text, f.text) for c, f in zip(annotated.comments, report.findings, strict=True))
    assert [text for _, text in anchored] == [text for _, text in expected]
    assert {text for _, text in anchored} == {"ICB", "utilise", "in order to", "was agreed", "PCN", "leverage"}


def test_the_text_of_the_annotated_document_is_unchanged(tmp_path) -> None:
    data, report = checked(word_paper(), tmp_path)
    before = docx.Document(io.BytesIO(data))
    after = docx.Document(io.BytesIO(annotate_docx(data, report)))
    assert all_text(after) == all_text(before)


def test_a_run_cut_to_anchor_a_comment_keeps_its_formatting(tmp_path) -> None:
    data, report = checked(word_paper(), tmp_path)
    paragraph = docx.Document(io.BytesIO(annotate_docx(data, report))).paragraphs[1]
    assert [run.text for run in paragraph.runs if run.bold] == ["IC"]


def test_each_comment_says_what_is_wrong_and_what_to_do(tmp_path) -> None:
    data, report = checked(word_paper(), tmp_path)
    annotated = docx.Document(io.BytesIO(annotate_docx(data, report)))
    [comment] = [c for c in annotated.comments if "'PCN'" in c.text]
    assert comment.author == "Plain language checker"
    assert comment.text.startswith("Abbreviation not explained (must-fix):")
    assert "Primary Care Network (PCN)" in comment.text


def test_a_report_for_another_document_is_refused(tmp_path) -> None:
    data, _ = checked(word_paper(), tmp_path)
    other = check_text("One.\n\nTwo.\n\nThree.\n\nFour.\n\nThe VCSE met.")
    with pytest.raises(ValueError):
        annotate_docx(data, other)


PAPER = """# Update

The **ICB** met every PCN in June. We will utilise the money in order to help people.

## Finance

The CMHT has waits. The Community Mental Health Team (CMHT) is recruiting. The XYZQ team agreed.
"""


def rewritten(text: str = PAPER):
    return apply_suggestions(text, check_text(text, fmt="markdown"), fmt="markdown")


def test_the_rewritten_paper_explains_every_abbreviation_whose_long_form_is_known() -> None:
    result = rewritten()
    undefined = {f.text for f in check_text(result.text, fmt="markdown").findings if f.kind == "acronym-undefined"}
    assert undefined == {"XYZQ"}  # no long form known: left for the author
    assert "The **Integrated Care Board (ICB)** met every Primary Care Network (PCN) in June." in result.text
    assert "The Community Mental Health Team (CMHT) has waits." in result.text


def test_plain_words_are_swapped_in_keeping_capitals() -> None:
    result = rewritten("Utilise the money in order to help.\n")
    assert result.text == "Use the money to help.\n"


def test_each_change_says_what_was_replaced_where() -> None:
    result = rewritten()
    [change] = [c for c in result.changes if c.old == "utilise"]
    assert (change.kind, change.new, PAPER[change.start : change.end]) == (PLAIN_WORDS, "use", "utilise")
    assert {c.kind for c in result.changes} == {LONG_FORM, PLAIN_WORDS}


def test_findings_without_safe_wording_are_left_for_the_author() -> None:
    result = rewritten("We asked our stakeholders and the XYZQ board.\n")
    assert result.text == "We asked our stakeholders and the XYZQ board.\n"
    assert sorted(f.text for f in result.skipped) == ["XYZQ", "stakeholders"]


def test_words_inside_a_link_address_are_not_changed() -> None:
    text = "See [the PCN plan](https://example.org/PCN) before the PCN meets.\n"
    result = rewritten(text)
    assert result.text == "See [the Primary Care Network (PCN) plan](https://example.org/PCN) before the PCN meets.\n"
