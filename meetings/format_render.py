"""Making the formats of one written paper or agenda: an accessible web page, a large-print PDF (clear-print
guidance: at least 16 point, generous line spacing, left aligned, one column, no images so no text over
them) and an audio file made offline with the system's text-to-speech engine (espeak-ng, then ffmpeg to
MP3 at 32 kbit/s mono: clear for speech, small enough for phones).

A paper's text comes from its plain-language check (`check_report["blocks"]`: headings, paragraphs, bullets,
table rows), or is read again through `meetings.language_check` when the check has not run. A paper whose
text cannot be read (a scanned PDF) has no written formats: the caller says so to the manager.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from coproduction.templatetags.portal import clock

from . import language_check
from .models import AgendaItem, Meeting, PaperVersion

# Clear print: body text 18 pt (never under 16), headings larger, line spacing 1.5 times the size or more.
LARGE_PRINT_PT = 18
SMALLEST_PT = 16
VOICE = "en-gb"
WORDS_PER_MINUTE = 150  # a calm pace


class FormatUnavailable(Exception):
    """The system cannot make this format (the text-to-speech engine is not installed, for example)."""


@dataclass
class Section:
    """A written item of the pack: the agenda, or one paper, as blocks of text."""

    title: str
    subtitle: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    readable: bool = True  # False for a paper whose own text could not be read (a scanned PDF)

    @property
    def has_text(self) -> bool:
        return self.readable and any((block.get("text") or "").strip() for block in self.blocks)

    def grouped(self) -> list[dict[str, Any]]:
        """Blocks for the templates, with each run of bullets as one list."""
        groups: list[dict[str, Any]] = []
        previous = 1  # h1 is the title; a heading never skips a level (screen readers list them in order)
        for block in self.blocks:
            kind = block.get("kind") or "paragraph"
            text = (block.get("text") or "").strip()
            if not text:
                continue
            if kind == "bullet":
                if groups and groups[-1]["kind"] == "list":
                    groups[-1]["items"].append(text)
                else:
                    groups.append({"kind": "list", "items": [text]})
            elif kind == "heading":
                level = min(max(int(block.get("level") or 1), 1) + 1, 4, previous + 1)
                previous = level
                groups.append({"kind": "heading", "level": level, "text": text})
            else:
                groups.append({"kind": "paragraph", "text": text})
        return groups


def _when(meeting: Meeting) -> str:
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return f"{start:%A} {start.day} {start:%B %Y}, {clock(start)} to {clock(end)}"


def agenda_section(meeting: Meeting, agenda: list[AgendaItem]) -> Section:
    blocks: list[dict[str, Any]] = [{"kind": "paragraph", "text": f"When: {_when(meeting)}."}]
    if meeting.place:
        blocks.append({"kind": "paragraph", "text": f"Where: {meeting.place}."})
    if meeting.online_details:
        blocks.append({"kind": "paragraph", "text": f"Joining online: {meeting.online_details}"})
    blocks.append({"kind": "heading", "level": 1, "text": "Agenda"})
    for item in agenda:
        lead = f", led by {item.lead.full_name}" if item.lead_id and item.lead else ""
        blocks.append({"kind": "paragraph",
                       "text": f"Item {item.order}. {item.title} ({item.get_purpose_display().lower()}{lead})."})
    if not agenda:
        blocks.append({"kind": "paragraph", "text": "The agenda will follow."})
    return Section(title=f"Agenda: {meeting.title}", subtitle=meeting.group.name, blocks=blocks)


def paper_section(version: PaperVersion) -> Section:
    """The paper's text as blocks (from its check, or read again). No blocks when it cannot be read."""
    report = version.check_report or {}
    blocks = report.get("blocks")
    if blocks is None and not report.get("error"):
        with default_storage.open(version.storage_name, "rb") as handle:
            content = handle.read()
        blocks = language_check.run_check(content, version.format).report.get("blocks")
    paper = version.paper
    summary = [{"kind": "paragraph", "text": f"In short: {paper.summary}"}] if paper.summary else []
    readable = any((block.get("text") or "").strip() for block in blocks or [])
    return Section(title=paper.title, subtitle=f"Version {version.number}", blocks=summary + list(blocks or []),
                   readable=readable)


def web_page(section: Section, meeting: Meeting) -> str:
    """The accessible web version: one HTML document (language, title, landmarks, headings in order)."""
    return render_to_string("meetings/formats/written.html", {
        "section": section, "groups": section.grouped(), "meeting": meeting, "large_print": False,
        "when": _when(meeting)})


def large_print_pdf(section: Section, meeting: Meeting) -> bytes:
    """The large-print PDF (WeasyPrint, which the board paper also uses; nothing is fetched)."""
    from weasyprint import HTML

    html = render_to_string("meetings/formats/written.html", {
        "section": section, "groups": section.grouped(), "meeting": meeting, "large_print": True,
        "when": _when(meeting), "body_pt": LARGE_PRINT_PT})
    return HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"Large print fetches nothing ({url}).")


def speech_text(section: Section) -> str:
    """What the audio says: the title, then each block, with a pause after each."""
    lines = [f"{section.title}.", f"{section.subtitle}."]
    for group in section.grouped():
        if group["kind"] == "list":
            lines.extend(f"{item.rstrip('.')}." for item in group["items"])
        else:
            lines.append(group["text"] if group["text"][-1:] in ".!?:" else f"{group['text']}.")
    return "\n\n".join(lines) + "\n\nEnd of " + section.title + ".\n"


def audio_mp3(text: str) -> tuple[bytes, int]:
    """Speak `text` offline (espeak-ng, British English) and encode it as mono MP3. Returns the bytes and
    the length in whole seconds (read from the WAV before encoding)."""
    espeak, ffmpeg = shutil.which("espeak-ng"), shutil.which("ffmpeg")
    if not espeak or not ffmpeg:
        raise FormatUnavailable("Audio needs espeak-ng and ffmpeg (apt-get install espeak-ng ffmpeg).")
    with tempfile.TemporaryDirectory(prefix="pack-audio-") as folder:
        source, speech, out = Path(folder, "text.txt"), Path(folder, "speech.wav"), Path(folder, "speech.mp3")
        source.write_text(text, encoding="utf-8")
        # Fixed arguments and server-made paths; the paper's words go in a file, never on the command line.
        speak = [espeak, "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-g", "4", "-w", str(speech), "-f", str(source)]
        subprocess.run(speak, check=True, capture_output=True, timeout=600)  # noqa: S603
        with wave.open(str(speech), "rb") as handle:
            seconds = round(handle.getnframes() / handle.getframerate())
        encode = [ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-i", str(speech), "-ac", "1", "-codec:a",
                  "libmp3lame", "-b:a", "32k", "-compression_level", "9", str(out)]
        subprocess.run(encode, check=True, capture_output=True, timeout=600)  # noqa: S603
        return out.read_bytes(), seconds
