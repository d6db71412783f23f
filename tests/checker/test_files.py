"""Reading uploaded files: the same paper as Markdown, Word and PDF gives the same findings, and
files we cannot read get a plain, kind message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from plain_language import UnreadableDocument, check_file, check_text
from plain_language.files import NO_TEXT_PDF

PAPER = [
    ("heading", "Finance"),
    (
        "paragraph",
        "The Integrated Care Board (ICB) agreed the budget. Going forward, the ICB will "
        "leverage funds for people who suffer from anxiety.",
    ),
    ("paragraph", "Our VCSE partners said the plan was approved too quickly."),
    ("bullet", "Review the CMHT waiting list"),
    ("bullet", "Report on S117 aftercare"),
    ("heading", "Risks"),
    ("paragraph", "The ICS has ring-fenced money. Staff in A&E are stretched."),
    ("heading", "Glossary"),
    ("glossary", ("ICS", "Integrated Care System")),
    ("glossary", ("S117", "Section 117 aftercare")),
]


def as_markdown(paper, glossary_as_table: bool) -> str:
    lines: list[str] = []
    for kind, content in paper:
        if kind == "heading":
            lines += [f"## {content}", ""]
        elif kind == "paragraph":
            lines += [content, ""]
        elif kind == "bullet":
            lines += [f"- {content}"]
        elif glossary_as_table:
            lines += [f"| {content[0]} | {content[1]} |"]
        else:
            lines += [f"{content[0]}: {content[1]}", ""]
    return "\n".join(lines) + "\n"


def write_docx(path: Path, paper) -> None:
    import docx

    document = docx.Document()
    table = None
    for kind, content in paper:
        if kind == "heading":
            document.add_heading(content, level=2)
        elif kind == "paragraph":
            document.add_paragraph(content)
        elif kind == "bullet":
            document.add_paragraph(content, style="List Bullet")
        else:
            if table is None:
                table = document.add_table(rows=0, cols=2)
            cells = table.add_row().cells
            cells[0].text, cells[1].text = content
    document.save(path)


def write_pdf(path: Path, paper, break_before: str | None = None) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = []
    for kind, content in paper:
        if kind == "heading":
            if content == break_before:
                story.append(PageBreak())
            story.append(Paragraph(content, styles["Heading2"]))
        elif kind == "paragraph":
            story.append(Paragraph(content.replace("&", "&amp;"), styles["BodyText"]))
        elif kind == "bullet":
            story.append(Paragraph(f"\u2022 {content}", styles["BodyText"]))
        else:
            story.append(Paragraph(f"{content[0]}: {content[1]}", styles["BodyText"]))
        story.append(Spacer(1, 6))
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def kinds_and_texts(report) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in report.findings]


def test_markdown_paper_has_the_expected_findings() -> None:
    report = check_text(as_markdown(PAPER, glossary_as_table=True), fmt="markdown")
    assert kinds_and_texts(report) == [
        ("jargon", "Going forward"),
        ("jargon", "leverage"),
        ("stigmatising", "suffer from"),
        ("hard-to-read", report.findings[3].text),
        ("acronym-undefined", "VCSE"),
        ("passive", "was approved"),
        ("acronym-undefined", "CMHT"),
        ("jargon", "ring-fenced"),
        ("acronym-undefined", "A&E"),
        ("passive", "are stretched"),
    ]


def test_word_document_gives_the_same_findings_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "paper.docx"
    write_docx(path, PAPER)
    expected = check_text(as_markdown(PAPER, glossary_as_table=True), fmt="markdown")
    report = check_file(path)
    assert kinds_and_texts(report) == kinds_and_texts(expected)
    assert [str(f.location) for f in report.findings] == [str(f.location) for f in expected.findings]


def test_pdf_gives_the_same_findings_as_markdown_with_page_numbers(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    write_pdf(path, PAPER, break_before="Risks")
    expected = check_text(as_markdown(PAPER, glossary_as_table=False), fmt="markdown")
    report = check_file(path)
    assert kinds_and_texts(report) == kinds_and_texts(expected)
    ring_fenced = next(f for f in report.findings if f.text == "ring-fenced")
    assert str(ring_fenced.location) == "Section 'Risks', paragraph 1 (page 2)"


def test_text_markdown_and_html_files_are_read_by_content(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Finance\n\nWe will leverage it.", encoding="utf-8")
    (tmp_path / "b.md").write_text("## Finance\n\nWe will **leverage** it.", encoding="utf-8")
    (tmp_path / "c.upload").write_text("<h2>Finance</h2><p>We will leverage it.</p>", encoding="utf-8")
    for name in ("a.txt", "b.md", "c.upload"):
        [finding] = check_file(tmp_path / name).findings
        assert (finding.text, str(finding.location)) == ("leverage", "Section 'Finance', paragraph 1")


def test_windows_encoded_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "paper.txt"
    path.write_bytes("We spent \u00a31.5m on the caf\u00e9 \u2013 it helped.".encode("cp1252"))
    assert check_file(path).words == 8


def expect_unreadable(path: Path, *words: str) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        check_file(path)
    message = str(caught.value)
    for word in words:
        assert word in message
    return message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    expect_unreadable(path, "empty")


def test_program_renamed_as_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "paper.docx"
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    expect_unreadable(path, "not a document we can read")


def test_picture_renamed_as_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "paper.docx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    expect_unreadable(path, "not a document we can read")


def test_binary_junk_with_a_text_extension(tmp_path: Path) -> None:
    path = tmp_path / "paper.txt"
    path.write_bytes(b"abc\x00\x01\x02def" * 50)
    expect_unreadable(path, "not a document we can read")


def test_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    path = tmp_path / "paper.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")
    expect_unreadable(path, "not a document we can read")


def test_damaged_word_document(tmp_path: Path) -> None:
    path = tmp_path / "paper.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    expect_unreadable(path, "Word document")


def test_old_word_format(tmp_path: Path) -> None:
    path = tmp_path / "paper.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    expect_unreadable(path, ".docx")


def test_huge_file_is_refused_by_size_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: takes no real disk space

    def must_not_read(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", must_not_read)
    monkeypatch.setattr(Path, "open", must_not_read)
    expect_unreadable(path, "too big", "200 MB", "20 MB")


def test_size_limit_can_be_changed(tmp_path: Path) -> None:
    path = tmp_path / "paper.txt"
    path.write_text("We met. " * 200, encoding="utf-8")
    with pytest.raises(UnreadableDocument):
        check_file(path, max_bytes=100)


def test_pdf_without_a_text_layer(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    drawing = canvas.Canvas(str(path))
    drawing.rect(100, 100, 300, 400, fill=1)
    drawing.showPage()
    drawing.save()
    assert expect_unreadable(path) == NO_TEXT_PDF


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"garbage" * 100)
    expect_unreadable(path, "PDF")


def test_missing_file(tmp_path: Path) -> None:
    expect_unreadable(tmp_path / "nope.docx", "could not find")
