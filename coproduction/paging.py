"""Lists in pages of a constant size: one count and one page of rows, whatever the number of rows.

The template `includes/pagination.html` draws the GOV.UK pagination component (numbered links, the current
page marked with aria-current, Previous and Next) and keeps the list's other query parameters.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50


def paginate(request: HttpRequest, rows: Any, *, size: int = PAGE_SIZE, param: str = "page") -> Page:
    """The requested page (the last one if the number is too high, the first if it is not a number)."""
    page = Paginator(rows, size).get_page(request.GET.get(param))
    page.param = param  # type: ignore[attr-defined]
    params = request.GET.copy()
    params.pop(param, None)
    page.querystring = params.urlencode()  # type: ignore[attr-defined]
    page.numbers = list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))  # type: ignore[attr-defined]
    return page
