"""The paper handed back: a Word document with each finding as a comment on its words.

    report = check_file("paper.docx")
    annotated = annotate_docx(Path("paper.docx").read_bytes(), report)

Runs are split where a finding starts and ends, so each comment covers exactly its words; the
document's text and formatting are otherwise untouched.
"""

from __future__ import annotations

import io
from copy import deepcopy
from typing import Any

from .docx_text import docx_blocks
from .models import Finding, Report

AUTHOR = "Plain language checker"
INITIALS = "PLC"
KIND_NAMES = {
    "acronym-undefined": "Abbreviation not explained",
    "acronym-defined-late": "Abbreviation explained after it is first used",
    "acronym-defined-twice": "Abbreviation explained in two ways",
    "jargon": "Jargon",
    "exclusionary": "Words that can leave people out",
    "stigmatising": "Stigmatising words",
    "long-sentence": "Long sentence",
    "long-paragraph": "Long paragraph",
    "passive": "Maybe passive",
    "hard-to-read": "Hard to read",
}
# Run content that is only text: such a run can be cut in two without losing anything.
_TEXT_PARTS = frozenset({"rPr", "t", "tab", "br", "cr", "noBreakHyphen", "softHyphen"})


def comment_text(finding: Finding) -> str:
    """What the comment says: the kind, the message and the suggestion."""
    text = f"{KIND_NAMES.get(finding.kind, finding.kind)} ({finding.severity}): {finding.message}"
    return f"{text}\n{finding.suggestion}" if finding.suggestion else text


def _character_map(sources: list[list[Any]]) -> tuple[str, list[tuple[Any, int] | None]]:
    """The block's text rebuilt from its paragraphs, with where each character came from
    (paragraph, offset in paragraph.text); None for spaces and separators the reader added."""
    cells: list[tuple[str, list[tuple[Any, int] | None]]] = []
    for paragraphs in sources:
        raw: list[tuple[str, tuple[Any, int] | None]] = []
        for number, paragraph in enumerate(paragraphs):
            if number:
                raw.append(("\n", None))
            raw += [(c, (paragraph, i)) for i, c in enumerate(paragraph.text)]
        text, places = [], []
        for char, place in raw:
            if char.isspace():
                if text and text[-1] != " ":
                    text.append(" ")
                    places.append(None)
                continue
            text.append(char)
            places.append(place)
        while text and text[-1] == " ":
            text.pop()
            places.pop()
        if text:
            cells.append(("".join(text), places))
    joined, places = "", []
    for number, (text, cell_places) in enumerate(cells):
        if number:
            joined += " ; "
            places += [None, None, None]
        joined += text
        places += cell_places
    return joined, places


def _text_runs(paragraph: Any) -> list[Any]:
    """The paragraph's runs in reading order, those inside hyperlinks included."""
    from docx.text.hyperlink import Hyperlink

    runs: list[Any] = []
    for item in paragraph.iter_inner_content():
        runs += item.runs if isinstance(item, Hyperlink) else [item]
    return runs


def _splittable(run: Any) -> bool:
    return all(child.tag.rsplit("}", 1)[-1] in _TEXT_PARTS for child in run._r)


def _split(run: Any, at: int) -> Any:
    """Cut ``run`` before character ``at``; return the new run holding the rest (same formatting)."""
    from docx.text.run import Run

    text = run.text
    twin = deepcopy(run._r)
    run._r.addnext(twin)
    rest = Run(twin, run._parent)
    run.text = text[:at]
    rest.text = text[at:]
    return rest


def _runs_covering(paragraph: Any, start: int, end: int) -> list[Any]:
    """The runs holding paragraph.text[start:end], split so that they hold exactly that text when
    the runs allow it (whole runs otherwise)."""
    runs = _text_runs(paragraph)
    if sum(len(run.text) for run in runs) != len(paragraph.text):
        return runs  # text from fields or other content: anchor on the whole paragraph
    covering: list[Any] = []
    position = 0
    for run in runs:
        length = len(run.text)
        run_start, run_end = position, position + length
        position = run_end
        if run_end <= start or run_start >= end or not length:
            continue
        if _splittable(run):
            if run_start < start:
                run = _split(run, start - run_start)
                run_start = start
            if run_end > end:
                _split(run, end - run_start)
        covering.append(run)
    return covering


def _anchor(sources: list[list[Any]], start: int, end: int) -> list[Any]:
    """The runs for characters ``start`` to ``end`` of a block (kept inside one paragraph)."""
    _, places = _character_map(sources)
    inside = [place for place in places[start:end] if place is not None]
    if not inside:
        paragraphs = [p for cell in sources for p in cell]
        return _text_runs(paragraphs[0]) if paragraphs else []
    paragraph, first = inside[0]
    last = max(offset for p, offset in inside if p is paragraph)
    return _runs_covering(paragraph, first, last + 1) or _text_runs(paragraph)


def annotate_docx(docx: bytes, report: Report, *, author: str = AUTHOR, initials: str = INITIALS) -> bytes:
    """A copy of the Word document ``docx`` with each of ``report``'s findings as a comment anchored
    at its words (a sentence or paragraph finding on the sentence or the paragraph). ``report`` must
    be the check of these same bytes (``check_file`` on them). The text is not changed."""
    import docx as python_docx  # type: ignore[import-untyped]

    document = python_docx.Document(io.BytesIO(docx))
    blocks = docx_blocks(document)
    for finding in report.findings:
        if finding.span is None or finding.span[0] >= len(blocks):
            raise ValueError("This report was not made from this document.")
        block, sources = blocks[finding.span[0]]
        if _character_map(sources)[0] != block.text:
            raise ValueError("This report was not made from this document.")
        runs = _anchor(sources, finding.span[1], finding.span[2])
        if runs:
            document.add_comment(runs, text=comment_text(finding), author=author, initials=initials)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
