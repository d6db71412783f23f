"""Turn a paper (plain text, Markdown or HTML) into blocks: headings, paragraphs, bullets, table rows.

Every block knows its section (the nearest heading above it), its paragraph number within that
section and, for PDFs, its page. All later checks work on blocks so that findings can say where
they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

HEADING = "heading"
PARAGRAPH = "paragraph"
BULLET = "bullet"
TABLE_ROW = "table-row"


@dataclass(slots=True)
class Block:
    text: str
    kind: str = PARAGRAPH
    section: str | None = None
    paragraph: int = 0
    page: int | None = None
    level: int = 0
    cells: tuple[str, ...] = ()


_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_BULLET_RE = re.compile(
    r"^\s*(?:[-*+\u2022\u25aa\u25cf\u2013]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}\))\s+"
)
# "ICB - Integrated Care Board", "PCN: Primary Care Network" (bounded repeats: no backtracking blow-up)
_DEFINITION_LINE_RE = re.compile(
    r"^\s{0,8}([A-Za-z0-9&/\-]{2,15})\s{0,3}(?:[:=\u2013\u2014]|\s-\s|\t)\s{0,3}\S"
)
_BOLD_LINE_RE = re.compile(r"^(\*\*|__)[^*_]{1,80}\1$")
_BULLET_STARTS = frozenset("-*+(\u2022\u25aa\u25cf\u2013")
_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_LINK_RE = re.compile(r"!?\[([^\[\]\n]{0,300})\]\([^()\n]{0,500}\)")
_MD_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`)(?=[^\s*_`])([^*_`\n]{1,300}?)(?<=\S)\1")
_SPACES_RE = re.compile(r"[ \t\u00a0]+")
_TERMINAL_PUNCT = ".!?;,"
_NUMBERED_HEADING_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[A-Z]\.)\s+\S")


def _clean_inline(text: str, markdown: bool) -> str:
    if markdown:
        if "](" in text:
            text = _MD_LINK_RE.sub(r"\1", text)
        if "*" in text or "_" in text or "`" in text:
            text = _MD_EMPHASIS_RE.sub(r"\2", text)
    if "  " in text or "\t" in text or "\u00a0" in text:
        text = _SPACES_RE.sub(" ", text)
    return text.strip()


def _is_definition_line(line: str) -> bool:
    if len(line) > 200:
        return False
    m = _DEFINITION_LINE_RE.match(line)
    return m is not None and any(c.isupper() for c in m.group(1))


def _looks_like_plain_heading(line: str) -> bool:
    """A lone short line without closing punctuation ("Finance", "3. Risks", "AGENDA")."""
    words = line.split()
    if not words or len(words) > 10 or line[-1] in _TERMINAL_PUNCT:
        return False
    if line.endswith(":"):
        return len(words) <= 6
    return line[0].isupper() or line[0].isdigit()


def number_blocks(blocks: list[Block]) -> list[Block]:
    """Give each block its section name and paragraph number (1-based within the section)."""
    section: str | None = None
    count = 0
    for block in blocks:
        if block.kind == HEADING:
            section = block.text.rstrip(":").strip() or section
            count = 0
            block.section = section
            block.paragraph = 0
        else:
            count += 1
            block.section = section
            block.paragraph = count
    return blocks


def _flush(buffer: list[str], blocks: list[Block], markdown: bool) -> None:
    """Turn the lines gathered so far into one paragraph block."""
    if buffer:
        para = _clean_inline(" ".join(buffer), markdown)
        if para:
            blocks.append(Block(para, PARAGRAPH))
        buffer.clear()


def blocks_from_text(text: str, *, markdown: bool = False) -> list[Block]:
    """Split plain text or Markdown into blocks. Blank lines separate paragraphs; bullets and
    table rows are blocks of their own; a lone short line is a heading."""
    blocks: list[Block] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        buffer: list[str] = []

        if len(lines) > 1 and all(_is_definition_line(line) for line in lines):
            # "ICB - Integrated Care Board" lines (a glossary): one block each
            blocks.extend(Block(_clean_inline(line, markdown), PARAGRAPH) for line in lines)
            continue
        if (
            not markdown
            and len(lines) > 1
            and _looks_like_plain_heading(lines[0].strip())
            and len(lines[0].split()) <= 8
            and not _BULLET_RE.match(lines[0])
            and lines[1].strip()[:1].isupper()
        ):
            # "Finance" on its own line straight above its paragraph
            blocks.append(Block(_clean_inline(lines[0], False), HEADING, level=2))
            lines = lines[1:]
        for line in lines:
            stripped = line.strip()
            first = stripped[0]
            m = _MD_HEADING_RE.match(line) if first == "#" else None
            if m:
                _flush(buffer, blocks, markdown)
                blocks.append(Block(_clean_inline(m.group(2), True), HEADING, level=len(m.group(1))))
                continue
            if first in "=-" and buffer and markdown and _SETEXT_RE.match(line):
                title = " ".join(buffer)
                buffer.clear()
                blocks.append(
                    Block(_clean_inline(title, True), HEADING, level=1 if line.strip()[0] == "=" else 2)
                )
                continue
            if first == "|" and stripped.count("|") >= 2:
                _flush(buffer, blocks, markdown)
                if _TABLE_RULE_RE.match(stripped):
                    continue
                cells = tuple(_clean_inline(c, markdown) for c in stripped.strip("|").split("|"))
                blocks.append(Block(" ; ".join(c for c in cells if c), TABLE_ROW, cells=cells))
                continue
            maybe_bullet = first in _BULLET_STARTS or first.isdigit() or stripped[1:2] in (".", ")")
            bullet = _BULLET_RE.match(line) if maybe_bullet else None
            if bullet and not (
                len(lines) == 1
                and _NUMBERED_HEADING_RE.match(stripped)
                and _looks_like_plain_heading(stripped)
            ):
                _flush(buffer, blocks, markdown)
                item = _clean_inline(line[bullet.end() :], markdown)
                if item:
                    blocks.append(Block(item, BULLET))
                continue
            if not buffer and blocks and blocks[-1].kind == BULLET and line[:1].isspace():
                # an indented continuation of the bullet above
                blocks[-1].text = f"{blocks[-1].text} {_clean_inline(stripped, markdown)}"
                continue
            buffer.append(stripped)
        if (
            len(lines) == 1
            and buffer
            and (
                _BOLD_LINE_RE.match(buffer[0])
                if markdown
                else _looks_like_plain_heading(buffer[0]) and not _is_definition_line(buffer[0])
            )
        ):
            blocks.append(Block(_clean_inline(buffer[0], markdown), HEADING, level=2))
            buffer.clear()
        _flush(buffer, blocks, markdown)
    return number_blocks(blocks)


# --- HTML -------------------------------------------------------------------------------------

_ALLOWED_TAGS = frozenset(
    [
        "p",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "a",
        "blockquote",
        "div",
        "span",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "caption",
        "dl",
        "dt",
        "dd",
        "pre",
        "code",
    ]
)
_BLOCK_TAGS = frozenset(
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote", "div", "dt", "dd", "caption", "pre"]
)
_DROP_CONTENT_RE = re.compile(
    r"<(script|style|noscript|template|iframe|object|svg|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)


def sanitise_html(html: str) -> str:
    """Clean untrusted HTML with bleach (script and style content removed first)."""
    import bleach

    html = _DROP_CONTENT_RE.sub(" ", html)
    return bleach.clean(html, tags=_ALLOWED_TAGS, attributes={}, strip=True, strip_comments=True)


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._cells: list[str] | None = None
        self._cell_parts: list[str] | None = None
        self._heading_level = 0
        self._in_li = 0

    def _flush(self, kind: str | None = None) -> None:
        text = " ".join("".join(self._parts).split())
        self._parts.clear()
        if not text:
            return
        if self._heading_level:
            self.blocks.append(Block(text, HEADING, level=self._heading_level))
        else:
            self.blocks.append(Block(text, kind or (BULLET if self._in_li else PARAGRAPH)))

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "br":
            self._parts.append(" ")
            return
        if tag in ("td", "th"):
            self._cell_parts = []
            return
        if tag == "tr":
            self._flush()
            self._cells = []
            return
        if tag in _BLOCK_TAGS or tag in ("ul", "ol", "table"):
            self._flush()
        if tag == "li":
            self._in_li += 1
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self._heading_level = int(tag[1])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            if self._cells is not None and self._cell_parts is not None:
                self._cells.append(" ".join("".join(self._cell_parts).split()))
            self._cell_parts = None
            return
        if tag == "tr":
            cells = tuple(self._cells or ())
            self._cells = None
            if any(cells):
                self.blocks.append(Block(" ; ".join(c for c in cells if c), TABLE_ROW, cells=cells))
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "li":
            self._in_li = max(0, self._in_li - 1)
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self._flush()
            self._heading_level = 0

    def handle_data(self, data: str) -> None:
        if self._cell_parts is not None:
            self._cell_parts.append(data)
        else:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def blocks_from_html(html: str) -> list[Block]:
    parser = _BlockParser()
    parser.feed(sanitise_html(html))
    parser.close()
    return number_blocks(parser.blocks)


def blocks_for(text: str, fmt: str) -> list[Block]:
    if fmt == "html":
        return blocks_from_html(text)
    if fmt == "markdown":
        return blocks_from_text(text, markdown=True)
    if fmt == "text":
        return blocks_from_text(text, markdown=False)
    raise ValueError(f"Unknown format {fmt!r}: use 'text', 'markdown' or 'html'.")
