"""One way to change state: a conditional update that only one caller can win, and one history record.

Status changes of claims, payment runs, applications and feedback items all go through `transition`. It moves
a row from one of the states it may leave to the next one with a single `UPDATE ... WHERE status IN (...)`,
so when two people (or a person and a task) act at once exactly one of them succeeds, and it writes the
django-simple-history record that the portal's history pages and the admin's "History" both read. There is no
second mechanism: `steps()` reads the same records back as a list of moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Model, QuerySet
from django.utils import timezone


class HistoryStep(models.Model):
    """A base for the history of a record that moves through states (`HistoricalRecords(bases=[HistoryStep])`):
    `step` is the state a history record shows, in words, so the admin's "History" lists the steps."""

    class Meta:
        abstract = True

    @property
    def step(self) -> str:
        for name in ("status", "stage"):
            display = getattr(self, f"get_{name}_display", None)
            if display is not None:
                return str(display())
        return ""


@dataclass(frozen=True)
class Step:
    """One move of a record's state: from where to where, when, by whom (None: the person themselves when
    signed out, or the system), and why."""

    from_state: str
    to_state: str
    at: dt.datetime
    by: Any
    reason: str
    history_id: int
    to_label: str = ""
    from_label: str = ""


def record_history(instances: Iterable[Model], *, by: Any, note: str = "") -> list[Any]:
    """Write one "changed" history record for each instance, as it is now (after an `UPDATE`, which
    django-simple-history does not see by itself). Returns the records."""
    instances = list(instances)
    if not instances:
        return []
    historical = type(instances[0]).history.model
    rows = [_row(historical, instance, by=by, note=note, at=timezone.now(), kind="~") for instance in instances]
    return historical.objects.bulk_create(rows)


def create_with_history(instance: Model, *, by: Any, note: str = "") -> Model:
    """Save a new record with `by` (and `note`) on its first history record, whoever is signed in."""
    instance._history_user = by
    instance._change_reason = note
    try:
        instance.save()
    finally:
        del instance._history_user, instance._change_reason
    return instance


def write_past_history(moves: Iterable[tuple[Model, str, dt.datetime, Any, str]], *, field: str = "status") -> int:
    """Write history records for moves that happened before (demo data): each is (record, state, when, by,
    note); a record's first move is its creation. The records' other fields are taken as they are now."""
    rows_by_model: dict[type[Model], list[Any]] = {}
    seen: set[tuple[type[Model], Any]] = set()
    for instance, state, at, by, note in moves:
        model = type(instance)
        first = (model, instance.pk) not in seen
        seen.add((model, instance.pk))
        row = _row(model.history.model, instance, by=by, note=note, at=at, kind="+" if first else "~")
        setattr(row, field, state)
        rows_by_model.setdefault(model, []).append(row)
    for model, rows in rows_by_model.items():
        model.history.model.objects.bulk_create(rows, batch_size=500)
    return sum(len(rows) for rows in rows_by_model.values())


def _row(historical: Any, instance: Model, *, by: Any, note: str, at: dt.datetime, kind: str) -> Any:
    return historical(history_date=at, history_user=by if getattr(by, "pk", None) else None,
                      history_change_reason=note, history_type=kind,
                      **{field.attname: getattr(instance, field.attname) for field in historical.tracked_fields})


def transition(instance: Model, *, to: str, allowed_from: Iterable[str], by: Any, note: str = "",
               field: str = "status", **also: Any) -> Any | None:
    """Move `instance` to state `to` if it is still in one of `allowed_from`, also setting the fields `also`;
    `note` is the reason kept with the step.

    Returns the history record of the move when this call made it (and `instance` is refreshed); None when the
    row was no longer in an allowed state (someone else moved it first), in which case nothing changed.
    """
    model = type(instance)
    with transaction.atomic():
        moved = model._default_manager.filter(pk=instance.pk, **{f"{field}__in": list(allowed_from)}).update(
            **{field: to}, **also)
        if moved != 1:
            return None
        instance.refresh_from_db()
        return record_history([instance], by=by, note=note)[0]


def transition_many(queryset: QuerySet[Any], *, to: str, allowed_from: Iterable[str], by: Any, note: str = "",
                    field: str = "status", **also: Any) -> list[int]:
    """`transition` for a batch (a payment run's claims): the rows of `queryset` still in an allowed state are
    locked, moved together and given one history record each. Returns the primary keys that moved."""
    allowed = list(allowed_from)
    model = queryset.model
    with transaction.atomic():
        ids = list(queryset.filter(**{f"{field}__in": allowed}).select_for_update().values_list("pk", flat=True))
        if not ids:
            return []
        model._default_manager.filter(pk__in=ids, **{f"{field}__in": allowed}).update(**{field: to}, **also)
        record_history(model._default_manager.filter(pk__in=ids).order_by("pk"), by=by, note=note)
    return ids


def steps(instance: Model, *, field: str = "status", with_notes: bool = False) -> list[Step]:
    """Every move of `instance`'s state, oldest first, read from its history (one query). The first step is
    its creation (from ""); records that changed other fields only are not steps, unless `with_notes` and
    they carry a note (such as "Invitation sent again"), when they are steps from a state to itself."""
    records = instance.history.select_related("history_user").order_by("history_date", "history_id")
    return steps_from_records(records, field=field, labels=dict(type(instance)._meta.get_field(field).flatchoices),
                              with_notes=with_notes)


def steps_of_many(model: type[Model], pks: Iterable[int], *, field: str = "status") -> dict[int, list[Step]]:
    """`steps` for many records of one model at once (one query), by primary key."""
    by_pk: dict[int, list[Any]] = {}
    records = (model.history.filter(id__in=list(pks)).select_related("history_user")
               .order_by("history_date", "history_id"))
    for record in records:
        by_pk.setdefault(record.id, []).append(record)
    labels = dict(model._meta.get_field(field).flatchoices)
    return {pk: steps_from_records(rows, field=field, labels=labels) for pk, rows in by_pk.items()}


def steps_from_records(records: Iterable[Any], *, field: str = "status", labels: dict[str, str] | None = None,
                       with_notes: bool = False) -> list[Step]:
    """The moves in a list of one record's history rows, oldest first (for rows fetched in bulk)."""
    labels = labels or {}
    result: list[Step] = []
    previous: str | None = None
    for record in records:
        value = getattr(record, field)
        if previous is None or value != previous or (with_notes and record.history_change_reason):
            result.append(Step(from_state=previous or "", to_state=value, at=record.history_date,
                               by=record.history_user, reason=record.history_change_reason or "",
                               history_id=record.history_id, to_label=str(labels.get(value, value)),
                               from_label=str(labels.get(previous or "", previous or ""))))
        previous = value
    return result
