"""Reads for the statement a leader gives the Jobcentre or an adviser: what was paid (from the ledger), fees
declined or reduced at the leader's choice, and vouchers and thank-you payments, grouped by each benefit's own
week or assessment period through `payments.limits.statement_figures`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import limits, selectors
from .limits import sources
from .models import Expense, FeeLine, LedgerEntry, OtherIncome, PersonBenefit

# Every service-user provision, named when the person has recorded no benefit (so none is chosen for them).
ALL_PROVISIONS = (sources.SI_2009_2655, sources.SI_2014_591, sources.SI_2015_784, sources.UC_SERVICE_USER)


def statement_lines(person_id: int, start: dt.date, end: dt.date) -> list[limits.StatementLine]:
    """Every line of a person's statement for money paid (or given) from `start` to `end`."""
    entries = list(selectors.statement_entries(person_id, start, end))
    expenses = {e.pk: e for e in Expense.objects.filter(pk__in={x.expense_id for x in entries if x.expense_id})}
    fee_lines = {f.pk: f for f in FeeLine.objects.filter(pk__in={x.fee_line_id for x in entries if x.fee_line_id})}
    lines: list[limits.StatementLine] = []
    for entry in entries:
        what = f"Reversal: {entry.description}" if entry.reverses_id else entry.description
        if entry.kind == LedgerEntry.Kind.FEE:
            line = fee_lines.get(entry.fee_line_id)
            reduced = line is not None and line.choice == "reduced" and not entry.reverses_id
            lines.append(limits.StatementLine(
                kind=limits.EarningKind.FEE.value, amount=entry.amount, worked_on=entry.worked_on,
                paid_on=entry.paid_on, offered=line.amount_due if reduced else None,
                decided_on=line.choice_on if reduced else None, description=what, key=f"ledger-{entry.pk}"))
            continue
        expense = expenses.get(entry.expense_id)
        kind = expense.kind if expense is not None else limits.EarningKind.OTHER.value
        counted = None
        if expense is not None and expense.amount:
            counted = limits.money(expense.earnings_amount * entry.amount / expense.amount)
        lines.append(limits.StatementLine(kind=kind, amount=entry.amount, worked_on=entry.worked_on,
                                          paid_on=entry.paid_on, counted=counted, description=what,
                                          key=f"ledger-{entry.pk}"))
    declined = (FeeLine.objects.filter(claim__person_id=person_id, choice="declined", claim__paid_on__range=(start, end),
                                       claim__status__in=selectors.COUNTED)
                .select_related("activity__activity_type", "claim"))
    for line in declined:
        lines.append(limits.StatementLine(
            kind=limits.EarningKind.FEE.value, amount=limits.ZERO, worked_on=line.activity.date,
            paid_on=line.claim.paid_on, offered=line.amount_due, decided_on=line.choice_on,
            description=f"{line.activity.activity_type} (fee declined)", key=f"declined-{line.pk}"))
    given = OtherIncome.objects.filter(claim__person_id=person_id, claim__status__in=selectors.COUNTED,
                                       received_on__range=(start, end))
    for item in given:
        label = item.get_kind_display() + (f": {item.description}" if item.description else "")
        lines.append(limits.StatementLine(kind=item.kind, amount=item.value, worked_on=item.received_on,
                                          paid_on=item.received_on, description=label, key=f"given-{item.pk}"))
    return lines


def for_person(person: Any, start: dt.date, end: dt.date) -> limits.Statement:
    """The statement's figures, per benefit the person recorded (by its own week or assessment period)."""
    terms = [record.terms() for record in PersonBenefit.objects.filter(person=person)]
    return limits.statement_figures(statement_lines(person.pk, start, end), benefits=terms, start=start, end=end,
                                    limits=selectors.limit_values())


def provisions(statement_: limits.Statement) -> list[limits.Citation]:
    """The service-user provisions to name: those of the person's benefits, or all of them if none recorded."""
    return statement_.provisions or list(ALL_PROVISIONS)
