"""Read an uploaded paper (.txt, .md, .html, .docx, .pdf) into blocks, by its content.

Anything we cannot read raises UnreadableDocument with a plain message for the author; the size
is checked before the file is read.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from .docx_text import docx_blocks
from .errors import UnreadableDocument
from .models import GlossaryEntry, Report
from .report import check_blocks
from .text import BULLET, HEADING, PARAGRAPH, Block, blocks_for, number_blocks

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

NO_TEXT_PDF = (
    "This PDF has no text we can read. It may be a scanned image. Please upload the original "
    "document or a text version."
)
EMPTY_FILE = "This file is empty. Please check you chose the right file and upload it again."
NO_TEXT = "We could not find any text to check in this file. Please check you chose the right file."
NOT_A_DOCUMENT = (
    "This file is not a document we can read. Please upload a Word document (.docx), a PDF, "
    "or a text, Markdown or web page (HTML) file."
)
OLD_WORD = (
    "This looks like an older Word document (.doc). Please open it in Word, save it as a "
    ".docx file and upload that instead."
)
DAMAGED_DOCX = (
    "We could not open this Word document. It may be damaged. Please save it again in Word "
    "and upload it again, or upload a PDF."
)
DAMAGED_PDF = (
    "We could not open this PDF. It may be damaged. Please save or export it again and upload "
    "it again, or upload the original document."
)
LOCKED_PDF = (
    "This PDF is protected with a password, so we cannot read it. Please upload a copy without a password."
)

_BINARY_SIGNATURES = (
    b"\x7fELF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"MZ",
    b"\x1f\x8b",
    b"BZh",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x00\x00\x01\x00",
    b"ID3",
    b"OggS",
    b"fLaC",
    b"RIFF",
    b"\xca\xfe\xba\xbe",
)
_CID_BULLET_RE = re.compile(r"^\(cid:\d+\)\s*")
_CID_RE = re.compile(r"\(cid:\d+\)")
_HTML_RE = re.compile(rb"<(?:!doctype\s+html|html|body|p|div|h[1-6]|ul|table)\b", re.IGNORECASE)


def _too_big(size: int, limit: int) -> UnreadableDocument:
    mb = size / (1024 * 1024)
    return UnreadableDocument(
        f"This file is too big to check ({mb:.0f} MB). The most we can check is "
        f"{limit / (1024 * 1024):.0f} MB. Please remove large pictures or split the paper into "
        "parts."
    )


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise UnreadableDocument(NOT_A_DOCUMENT)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:20000] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(3, len(text[:20000]) // 100):
        raise UnreadableDocument(NOT_A_DOCUMENT)
    return text


def _docx_blocks(path: Path) -> list[Block]:
    try:
        import docx  # type: ignore[import-untyped]

        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises many kinds of error on bad files
        raise UnreadableDocument(DAMAGED_DOCX) from error
    return number_blocks([block for block, _ in docx_blocks(document)])


def _pdf_blocks(path: Path) -> list[Block]:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError as error:  # pragma: no cover
        raise UnreadableDocument(DAMAGED_PDF) from error
    boxes: list[tuple[int, str, float, bool]] = []
    sizes: Counter[float] = Counter()
    try:
        for page_number, page in enumerate(extract_pages(str(path), laparams=LAParams()), 1):
            for element in page:
                if not isinstance(element, LTTextContainer):
                    continue
                lines: list[str] = []
                box_sizes: list[float] = []
                bold = True
                for line in element:
                    if not isinstance(line, LTTextLine):
                        continue
                    lines.append(line.get_text().strip())
                    for char in line:
                        if isinstance(char, LTChar) and not char.get_text().isspace():
                            box_sizes.append(round(char.size, 1))
                            bold = bold and "bold" in char.fontname.lower()
                text = ""
                for line_text in lines:
                    if not line_text:
                        continue
                    if text.endswith("-"):
                        text += line_text
                    else:
                        text = f"{text} {line_text}" if text else line_text
                if not text or not box_sizes:
                    continue
                sizes.update(box_sizes)
                average = sum(box_sizes) / len(box_sizes)
                boxes.append((page_number, text, average, bold))
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise UnreadableDocument(LOCKED_PDF) from error
    except UnreadableDocument:
        raise
    except Exception as error:  # pdfminer raises many kinds of error on bad files
        raise UnreadableDocument(DAMAGED_PDF) from error
    if not any(any(c.isalpha() for c in text) for _, text, _, _ in boxes):
        raise UnreadableDocument(NO_TEXT_PDF)
    body_size = sizes.most_common(1)[0][0]
    blocks: list[Block] = []
    for page_number, text, size, bold in boxes:
        # glyphs without a Unicode mapping come out as "(cid:127)"; at the start it is a bullet
        bullet = _CID_BULLET_RE.match(text)
        if bullet:
            text = "\u2022 " + text[bullet.end() :]
        text = _CID_RE.sub("", text).strip()
        if not text:
            continue
        short = len(text.split()) <= 12 and text[-1] not in ".,;"
        if short and (size >= body_size * 1.15 or bold):
            level = 1 if size >= body_size * 1.5 else 2
            blocks.append(Block(text, HEADING, page=page_number, level=level))
        elif text[:1] in "\u2022\u25aa\u25cf-*\u2013" and len(text) > 2 and text[1] == " ":
            blocks.append(Block(text[2:].strip(), BULLET, page=page_number))
        else:
            blocks.append(Block(text, PARAGRAPH, page=page_number))
    return number_blocks(blocks)


def read_blocks(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Block]:
    """Blocks of a paper on disk; raises UnreadableDocument for anything we cannot read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UnreadableDocument("We could not find this file. Please upload it again.") from error
    if not path.is_file():
        raise UnreadableDocument(NOT_A_DOCUMENT)
    if size == 0:
        raise UnreadableDocument(EMPTY_FILE)
    if size > max_bytes:
        raise _too_big(size, max_bytes)
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        blocks = _pdf_blocks(path)
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                is_docx = "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile as error:
            raise UnreadableDocument(DAMAGED_DOCX) from error
        if not is_docx:
            raise UnreadableDocument(NOT_A_DOCUMENT)
        blocks = _docx_blocks(path)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableDocument(OLD_WORD)
    elif head.startswith(_BINARY_SIGNATURES):
        raise UnreadableDocument(NOT_A_DOCUMENT)
    else:
        data = path.read_bytes()
        text = _decode(data)
        suffix = path.suffix.lower()
        if suffix in (".md", ".markdown"):
            fmt = "markdown"
        elif suffix in (".html", ".htm") or _HTML_RE.search(data[:4096]):
            fmt = "html"
        else:
            fmt = "text"
        blocks = blocks_for(text, fmt)
    if not any(any(c.isalnum() for c in block.text) for block in blocks):
        raise UnreadableDocument(NO_TEXT)
    return blocks


def check_file(
    path: str | Path,
    *,
    glossary: Mapping[str, GlossaryEntry] | None = None,
    allow: Iterable[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Report:
    """Check a paper on disk. Raises UnreadableDocument with a kind message if we cannot."""
    return check_blocks(read_blocks(path, max_bytes=max_bytes), glossary=glossary, allow=allow)
