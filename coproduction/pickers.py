"""Choice lists that stay the same size however many rows there are.

A picker shows at most PICKER_SIZE choices (the most recent, or those matching the words typed in its search
box) and always the ones already chosen; the field still accepts any row of its full queryset, so nothing
valid is refused. The search box is an ordinary GET form (`includes/picker_search.html`), so it works without
JavaScript; with JavaScript (`portal/picker.js`) the choices follow the words as they are typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest

PICKER_SIZE = 25
MAX_WORDS = 100


def picker_words(request: HttpRequest, param: str) -> str:
    """The words typed in a picker's search box (at most MAX_WORDS characters)."""
    return request.GET.get(param, "").strip()[:MAX_WORDS]


def limit_choices(field: forms.ModelChoiceField, shown: QuerySet[Any], *, selected: Iterable[Any] = ()) -> bool:
    """Show only the first PICKER_SIZE rows of `shown` and the selected rows; True when more matched."""
    rows = list(shown[: PICKER_SIZE + 1])
    more = len(rows) > PICKER_SIZE
    rows = rows[:PICKER_SIZE]
    wanted = {str(getattr(value, "pk", value)) for value in selected if value not in (None, "")}
    missing = wanted - {str(row.pk) for row in rows}
    if missing:
        rows = [*field.queryset.filter(pk__in=[pk for pk in missing if pk.isdigit()]), *rows]
    empty = [("", field.empty_label)] if getattr(field, "empty_label", None) is not None else []
    field.choices = [*empty, *((row.pk, field.label_from_instance(row)) for row in rows)]
    field.picker_more = more  # type: ignore[attr-defined]
    return more


def selected_values(form: forms.Form, name: str) -> list[Any]:
    """What the person chose (on a POST) or what the form starts with, for limit_choices."""
    if form.is_bound:
        key = form.add_prefix(name)
        return form.data.getlist(key) if hasattr(form.data, "getlist") else [form.data.get(key)]
    value = form.initial.get(name)
    return list(value) if isinstance(value, list | tuple) else [value]


def picker_context(request: HttpRequest, param: str, form: forms.Form, field: str) -> dict[str, Any]:
    """What includes/picker_search.html needs to narrow `field`'s choices (as `picker`)."""
    return {"picker": {
        "param": param, "words": picker_words(request, param), "target": form.add_prefix(field),
        "more": getattr(form.fields[field], "picker_more", False), "size": PICKER_SIZE,
        "keep": [(key, value) for key, value in request.GET.items() if key != param],
    }}
