"""What a list's rows cost to draw: a choice's label and a link to a row, each worked out once, not once a row.

- `choice_label` is `Model._get_FIELD_display` (`get_status_display()` and the like) with the field's labels
  read into a dict once (Django rebuilds and hashes the whole list of choices on every call, translating each
  label). Set for every model in `coproduction/apps.py`.
- `path_for` is `reverse()` for links whose arguments are whole numbers (a row's id) or none: the pattern is
  reversed once with marker numbers, and each row's numbers are put in its place. Anything else, or a pattern
  the markers do not pass through unchanged, goes to `reverse()` itself. The portal's `{% url %}` tag uses it
  (`coproduction/templatetags/portal.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import partialmethod
from typing import Any

from django.db.models import Field, Model
from django.urls import NoReverseMatch, Resolver404, get_script_prefix, get_urlconf, resolve, reverse
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

# --- choice labels -----------------------------------------------------------------------------------------

_LABELS = "_portal_choice_labels"


def _labels(field: Field) -> dict[Any, Any] | None:
    """{value: label} for the field's choices, kept on the field while its choices stay the same object.
    None for choices read afresh each time (a callable's)."""
    choices = field.choices
    if not isinstance(choices, list | tuple):
        return None
    kept = field.__dict__.get(_LABELS)
    if kept is None or kept[0] is not choices:
        kept = (choices, dict(make_hashable(field.flatchoices)))
        field.__dict__[_LABELS] = kept
    return kept[1]


def choice_label(instance: Model, field: Field) -> Any:
    """The label of `instance`'s value for `field`, exactly as Django's `get_FOO_display()` gives it."""
    value = getattr(instance, field.attname)
    labels = _labels(field)
    if labels is None:
        labels = dict(make_hashable(field.flatchoices))
    try:
        label = labels.get(value, value)
    except TypeError:  # an unhashable value (a list in a JSON field): as Django looks it up
        label = labels.get(make_hashable(value), value)
    return force_str(label, strings_only=True)


def use_choice_labels(base: type[Model], models: Iterable[type[Model]]) -> None:
    """`choice_label` for the models' `get_FOO_display()` (each made at class creation as a partial of
    Django's method; one a model defines itself is left alone), and for models made after this."""
    django_display = base._get_FIELD_display
    for model in models:
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            method = model.__dict__.get(name)
            if isinstance(method, partialmethod) and method.func is django_display:
                setattr(model, name, partialmethod(choice_label, field=field))
    base._get_FIELD_display = choice_label


# --- links to rows -------------------------------------------------------------------------------------------

_MARKERS = (2147483647, 2147483646, 2147483645, 2147483644)  # numbers no id of a row here reaches
_KEPT_SHAPES = 5000  # names x argument counts x url configurations: far more than the portal has
_shapes: dict[tuple[Any, ...], tuple[str, ...] | None] = {}
_INT_ONLY_ROUTE = re.compile(r"[^<>()\[\]\\?*+{}|^$]*(?:<int:\w+>[^<>()\[\]\\?*+{}|^$]*)*")


def _whole_numbers(values: Sequence[Any]) -> bool:
    return all(type(value) is int and value >= 0 for value in values)


def _shape(viewname: str, names: tuple[str, ...] | None, count: int, current_app: str | None
           ) -> tuple[str, ...] | None:
    """The path for `viewname` cut where its `count` numbers go, or None if it cannot be cut safely: the
    markers must come back unchanged, once each and in order, from a route of whole-number parts only."""
    markers = _MARKERS[:count]
    try:
        if names is None:
            marked = reverse(viewname, args=markers, current_app=current_app)
        else:
            marked = reverse(viewname, kwargs=dict(zip(names, markers, strict=True)), current_app=current_app)
        route = resolve(marked).route
    except (NoReverseMatch, Resolver404):  # no such link, or one that does not resolve back (another prefix)
        return None
    if not _INT_ONLY_ROUTE.fullmatch(route) or route.count("<") != count:
        return None
    pieces: list[str] = []
    rest = marked
    for marker in markers:
        head, found, rest = rest.partition(str(marker))
        if not found or any(str(other) in head for other in markers):
            return None
        pieces.append(head)
    if any(str(marker) in rest for marker in markers):
        return None
    pieces.append(rest)
    return tuple(pieces)


def path_for(viewname: str, args: Sequence[Any] = (), kwargs: Mapping[str, Any] | None = None,
             current_app: str | None = None) -> str:
    """`reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)`, the same text."""
    values = list(kwargs.values()) if kwargs else list(args)
    if (args and kwargs) or len(values) > len(_MARKERS) or not _whole_numbers(values):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    names = tuple(kwargs) if kwargs else None
    key = (viewname, names, len(values), current_app, get_urlconf(), get_script_prefix(), get_language())
    try:
        shape = _shapes[key]
    except KeyError:
        shape = _shape(viewname, names, len(values), current_app)
        if len(_shapes) < _KEPT_SHAPES:
            _shapes[key] = shape
    if shape is None:
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    if not values:
        return shape[0]
    parts = [shape[0]]
    for value, piece in zip(values, shape[1:], strict=True):
        parts += (str(value), piece)
    return "".join(parts)
