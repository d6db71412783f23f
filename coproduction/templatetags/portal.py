"""How the portal writes numbers for people: money with a pound sign and thousands separators, times as
10am or 5:30pm, and dates in one format (17 March 2027).

Loaded into every template (TEMPLATES builtins in settings), so `{{ amount|money }}` works anywhere.
Formatting only: amounts arrive already rounded to the penny by the payments app's one rounding rule.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


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
