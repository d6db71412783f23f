"""The blocks of a Word document (python-docx), each with the paragraphs its text comes from.

files.py reads uploads with it; docx_comments.py uses the same blocks to put comments back on the
right words, so the two always agree on what "block 12, characters 30 to 41" means.
"""

from __future__ import annotations

from typing import Any

from .text import BULLET, HEADING, PARAGRAPH, TABLE_ROW, Block

# One list of paragraphs per table cell; a plain paragraph is a one-cell list.
Sources = list[list[Any]]


def docx_blocks(document: Any) -> list[tuple[Block, Sources]]:
    """(block, sources) for each non-empty paragraph and table row of an open python-docx Document,
    in order. A paragraph's text is its words joined by single spaces; a table row's is its cells'
    texts joined by " ; " (merged cells once)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    found: list[tuple[Block, Sources]] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            text = " ".join(paragraph.text.split())
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            if style.startswith("Heading") or style == "Title":
                digits = "".join(c for c in style if c.isdigit())
                block = Block(text, HEADING, level=int(digits) if digits else 1)
            elif "List" in style or (element.pPr is not None and element.pPr.numPr is not None):
                block = Block(text, BULLET)
            else:
                block = Block(text, PARAGRAPH)
            found.append((block, [[paragraph]]))
        elif tag == "tbl":
            for row in Table(element, document).rows:
                cells: list[str] = []
                sources: Sources = []
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                    sources.append(list(cell.paragraphs))
                if any(cells):
                    text = " ; ".join(c for c in cells if c)
                    found.append((Block(text, TABLE_ROW, cells=tuple(cells)), sources))
    return found
