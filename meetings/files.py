"""Paper files: checked by content (not by name or the browser's word), size-capped, stored privately under
server-made names in default storage. Served only by `views.paper_download` after a permission check."""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass

import bleach
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from coproduction.uploads import save_private

MAX_PAPER_BYTES = 20 * 1024 * 1024


def max_paper_bytes() -> int:
    return int(getattr(settings, "MEETINGS_MAX_PAPER_BYTES", MAX_PAPER_BYTES))


@dataclass(frozen=True)
class CheckedFile:
    format: str  # a PaperVersion.Format value
    content: bytes
    original_filename: str


def _looks_like_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def _is_utf8_text(content: bytes) -> bool:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Text files have no control characters other than tab, newline and carriage return (and form feed).
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text)


def check_paper_file(content: bytes, filename: str) -> CheckedFile:
    """What kind of paper this is, judged by its bytes. Raises ValidationError with a plain message."""
    limit = max_paper_bytes()
    if len(content) > limit:
        raise ValidationError(f"The file is too big. Papers can be up to {limit // (1024 * 1024)} MB.")
    if not content:
        raise ValidationError("The file is empty.")
    name = (filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    lower = name.lower()
    if content.startswith(b"%PDF-"):
        return CheckedFile("pdf", content, name)
    if content.startswith(b"PK\x03\x04") and _looks_like_docx(content):
        return CheckedFile("docx", content, name)
    if lower.endswith((".md", ".markdown", ".txt")) and _is_utf8_text(content):
        return CheckedFile("md" if lower.endswith((".md", ".markdown")) else "txt", content, name)
    raise ValidationError("The file must be a PDF, a Word document (.docx), Markdown (.md) or plain text (.txt).")


def clean_written_text(text: str) -> str:
    """Text written in the portal: every tag stripped (bleach) on the way in; escaped again on the way out."""
    cleaned = bleach.clean(text or "", tags=[], attributes={}, strip=True, strip_comments=True)
    # bleach escapes &, < and > in what is left; the text is stored as plain text, so undo only that.
    cleaned = cleaned.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return cleaned.replace("\r\n", "\n").strip()


def store_paper_file(content: bytes, *, meeting_id: int, extension: str) -> tuple[str, str]:
    """Save under a server-made name; returns (storage_name, sha256)."""
    digest = hashlib.sha256(content).hexdigest()
    name = f"papers/{meeting_id}/{uuid.uuid4().hex}.{extension}"
    saved = save_private(name, ContentFile(content))  # a full or read-only disk: a plain message, no partial file
    return saved, digest
