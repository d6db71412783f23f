"""How the portal writes numbers for people: money with a pound sign and thousands separators.

Loaded into every template (TEMPLATES builtins in settings), so `{{ amount|money }}` works anywhere.
Formatting only: amounts arrive already rounded to the penny by the payments app's one rounding rule.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

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
