"""How the portal writes numbers for people: money with a pound sign and thousands separators, times as
10am or 5:30pm, and dates in one format (17 March 2027).

Loaded into every template (TEMPLATES builtins in settings), so `{{ amount|money }}` works anywhere.
Formatting only: amounts arrive already rounded to the penny by the payments app's one rounding rule.
Also the `{% url %}` tag, Django's with links to rows worked out once a list (`coproduction.rowtools`).
And `{% kept %}`, a part of a page kept until the database changes (`coproduction.kept_pages`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django import template
from django.template import defaulttags
from django.template.defaultfilters import date as django_date
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from coproduction.rowtools import path_for

register = template.Library()
ENGLISH = frozenset({"en", "en-gb", "en-us"})


@register.filter
def money(value: Any) -> str:
    """£1,234.50 from Decimal("1234.50"); £0.00 for nothing; anything that is not a number is shown as it is."""
    if value in (None, ""):
        value = Decimal("0")
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    places = max(2, -amount.as_tuple().exponent) if isinstance(amount.as_tuple().exponent, int) else 2
    return f"{sign}£{amount:,.{places}f}"


@register.filter
def clock(value: Any) -> str:
    """A time the GOV.UK way: 10am, 5:30pm, midday, midnight (never "5:00 p.m.", which ends a sentence twice)."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if not isinstance(value, dt.time):
        return str(value)
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.filter
def day(value: Any) -> str:
    """A date in the portal's one format, 17 March 2027, from a date, a datetime or an ISO string."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%-d %B %Y}" if isinstance(value, dt.date) else str(value)


# The portal's dates are English words and numbers ("Tuesday 17 March 2027"). Django's `date` filter looks
# each name up in the translation catalogue and reads the format letter by letter on every call (20 microseconds,
# a tenth of a table row's cost); the letters below are written directly and give the same text, the rest go
# to Django's own filter.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_LETTERS = {
    "j": lambda d: str(d.day),
    "d": lambda d: f"{d.day:02d}",
    "l": lambda d: _WEEKDAYS[d.weekday()],
    "D": lambda d: _WEEKDAYS[d.weekday()][:3],
    "F": lambda d: _MONTHS[d.month],
    "M": lambda d: _MONTHS[d.month][:3],
    "n": lambda d: str(d.month),
    "m": lambda d: f"{d.month:02d}",
    "Y": lambda d: f"{d.year:04d}",
}
_SEPARATORS = frozenset(" ,/-.")


@lru_cache(maxsize=64)
def _fast_format(arg: str) -> tuple[Any, ...] | None:
    """The format as writers and separators, or None when it has a letter written here only by Django."""
    parts: list[Any] = []
    for char in arg:
        if char in _LETTERS:
            parts.append(_LETTERS[char])
        elif char in _SEPARATORS:
            parts.append(char)
        else:
            return None
    return tuple(parts)


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's `date` filter, quicker for the portal's English formats (same text: tested against Django's)."""
    parts = _fast_format(arg) if arg and isinstance(value, dt.date) and get_language() in ENGLISH else None
    if parts is None:
        return django_date(value, arg)
    return "".join(part if isinstance(part, str) else part(value) for part in parts)


class _URLNode(defaulttags.URLNode):
    """Django's `{% url %}`, through `rowtools.path_for` (the same text: a row's id is put into the pattern
    reversed once, not reversed a row at a time)."""

    def render(self, context: template.Context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = path_for(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Any, token: Any) -> _URLNode:
    """`{% url 'name' arg ... [as var] %}`, as Django's (its own parsing), drawn by `_URLNode`."""
    node = defaulttags.url(parser, token)
    node.__class__ = _URLNode
    return node


class _KeptNode(template.Node):
    """`{% kept kept %}...{% endkept %}`: the part drawn once and kept until the database changes
    (`coproduction.kept_pages`); `kept` is a `kept_pages.Kept`, whose variables are worked out only to draw it.
    A form's CSRF token and a script's nonce belong to one request: they are kept as placeholders and this
    request's are put in their place."""

    PER_REQUEST = ("csrf_token", "csp_nonce")

    def __init__(self, nodelist: template.NodeList, kept: template.base.FilterExpression) -> None:
        self.nodelist, self.kept = nodelist, kept

    def render(self, context: template.Context) -> str:
        kept = self.kept.resolve(context)
        html = kept.get()
        if html is None:
            html = self._draw(context, kept)
        for name in self.PER_REQUEST:
            placeholder = f"\x00kept:{name}\x00"
            if placeholder in html:
                html = html.replace(placeholder, str(context.get(name)))
        return mark_safe(html)  # noqa: S308 (the template's own output, escaped as it was drawn)

    def _draw(self, context: template.Context, kept: Any) -> str:
        used: dict[str, str] = {}

        def noted(name: str, value: Any) -> SimpleLazyObject:
            def read() -> str:
                used[name] = str(value)
                return used[name]
            return SimpleLazyObject(read)

        per_request = {name: noted(name, context.get(name)) for name in self.PER_REQUEST
                       if context.get(name) is not None}
        with context.push(**kept.draw(), **per_request):
            html = self.nodelist.render(context)
        shown = html
        for name, value in used.items():
            shown = shown.replace(value, f"\x00kept:{name}\x00")
        kept.keep(shown)
        return html


@register.tag
def kept(parser: Any, token: Any) -> _KeptNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% kept %} takes one argument: a kept_pages.Kept")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return _KeptNode(nodelist, parser.compile_filter(bits[1]))
