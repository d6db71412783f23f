"""Every table follows the one pattern for small screens: a labelled region that scrolls on its own and takes focus.

The browser tests measure the result (no page scrolls sideways at 320 pixels); this one keeps new tables in line.
"""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
REGION = re.compile(r'<div class="portal-table-region"(?=[^>]*role="region")(?=[^>]*aria-label="[^"]+")'
                    r'(?=[^>]*tabindex="0")[^>]*>\s*$')
PRINTED = {"payments/statement_pdf.html"}  # a PDF has no small screen


def test_every_table_is_in_a_labelled_scrolling_region():
    checked, wrong = 0, []
    for path in TEMPLATES.rglob("*.html"):
        name = path.relative_to(TEMPLATES).as_posix()
        if name in PRINTED or name.startswith("emails/"):
            continue
        text = path.read_text()
        for match in re.finditer(r"<table\b", text):
            checked += 1
            if not REGION.search(text[:match.start()][-300:]):
                wrong.append(f"{name}: line {text[:match.start()].count(chr(10)) + 1}")
        if text.count("<table") != len(re.findall(r"</table>\s*</div>", text)):
            wrong.append(f"{name}: a region is not closed right after its table")
    assert checked >= 40
    assert not wrong, wrong
