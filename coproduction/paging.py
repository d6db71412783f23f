"""Lists in pages of a constant size: one count and one page of rows, whatever the number of rows.

The template `includes/pagination.html` draws the GOV.UK pagination component (numbered links, the current
page marked with aria-current, Previous and Next) and keeps the list's other query parameters.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25  # rows a list shows at once: a screenful or two on a phone, and quick to draw


class CountlessPage:
    """A page of a list too long to count on every visit: size + 1 rows are read to know whether there is a
    next page, and the pagination shows Previous and Next only (GOV.UK's pattern for long lists)."""

    countless = True

    def __init__(self, rows: Any, number: int, size: int) -> None:
        found = list(rows[(number - 1) * size: number * size + 1])
        self.number, self.size = number, size
        self.object_list = found[:size]
        self._more = len(found) > size

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self._more or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.object_list)


def paginate(request: HttpRequest, rows: Any, *, size: int = PAGE_SIZE, param: str = "page",
             count: bool = True, known_count: int | None = None) -> Page | CountlessPage:
    """The requested page (the last one if the number is too high, the first if it is not a number). With
    count=False the rows are never counted (for lists that grow without bound): Previous and Next only. A view
    that has counted the rows already (in a query it needs anyway) passes `known_count`."""
    if not count:
        number = request.GET.get(param, "")
        page: Any = CountlessPage(rows, min(int(number), 10_000) if number.isdigit() and int(number) > 0 else 1, size)
    else:
        paginator = Paginator(rows, size)
        if known_count is not None:
            paginator.count = known_count  # a cached property: set, it is not counted again
        page = paginator.get_page(request.GET.get(param))
    page.param = param  # type: ignore[attr-defined]
    params = request.GET.copy()
    params.pop(param, None)
    page.querystring = params.urlencode()  # type: ignore[attr-defined]
    page.numbers = ([] if not count else  # type: ignore[attr-defined]
                    list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)))
    return page
