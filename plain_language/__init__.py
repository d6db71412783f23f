"""Check a meeting paper before it is sent: unexplained acronyms, jargon, exclusionary and
stigmatising language, and readability. Pure Python, no Django, works offline.

    from plain_language import check_text, check_file
    report = check_text(markdown, fmt="markdown")      # or fmt="text" / "html" (sanitised)
    report = check_file("paper.docx")                   # .txt .md .html .docx .pdf, by content
    report.to_dict(path="paper.docx")                   # the JSON shape the command prints

Decisions worth knowing:
- Severity: "acronym-undefined" and "stigmatising" are must-fix; everything else, including
  "acronym-defined-late" (the paper does explain it, just too late), is advice.
- An acronym counts as explained by "long form (SF)", "SF (long form)", "SF stands for / means /
  is short for ...", "... known as / referred to as SF", or a glossary section in the paper
  (a heading such as Glossary, Abbreviations or Acronyms over "SF - long form" lines or a
  two-column table). A glossary section counts wherever it is, so it never makes an acronym
  "defined late". Uses in headings do not count as "used before it is explained".
- ``glossary`` (default: plain_language/data/glossary.csv) only supplies the suggested wording; it
  does not explain anything to the paper's readers. ``allow`` adds to the shipped allow list.
- Readability is measured on body text (headings are not sentences; each bullet and table row is
  one). Reading age = SMOG grade + 5. A paragraph of 20+ words with a reading age over 14 is
  "hard-to-read"; over 100 words or 5 sentences is "long-paragraph"; a sentence over 25 words is
  "long-sentence". ``Report.paragraphs`` counts every non-heading block.
- Bad files raise UnreadableDocument whose message can be shown to the author as it is.
- The paper handed back: ``annotate_docx(docx_bytes, report)`` returns the Word document with each
  finding as a comment on its words; ``apply_suggestions(text, report)`` returns a new version of
  a written paper with long forms written out and plain words swapped in, and the list of changes.
"""

from __future__ import annotations

from .acronyms import find_acronyms
from .data import default_allow_list, default_glossary
from .definitions import find_definitions
from .docx_comments import annotate_docx
from .errors import UnreadableDocument
from .files import DEFAULT_MAX_BYTES, check_file
from .models import (
    ADVICE,
    FINDING_KINDS,
    MUST_FIX,
    AcronymUse,
    Finding,
    GlossaryEntry,
    Location,
    ParagraphScore,
    Report,
)
from .report import check_text
from .rewrite import Change, Rewrite, apply_suggestions

__all__ = [
    "ADVICE",
    "DEFAULT_MAX_BYTES",
    "FINDING_KINDS",
    "MUST_FIX",
    "AcronymUse",
    "Change",
    "Finding",
    "GlossaryEntry",
    "Location",
    "ParagraphScore",
    "Report",
    "Rewrite",
    "UnreadableDocument",
    "annotate_docx",
    "apply_suggestions",
    "check_file",
    "check_text",
    "default_allow_list",
    "default_glossary",
    "find_acronyms",
    "find_definitions",
]
