"""For migrations: turn rows of an old per-model "status change" table into django-simple-history records, so
status steps have one home (coproduction.transitions) and no step is lost when the old table goes."""

from __future__ import annotations

from typing import Any


def copy_steps_into_history(apps: Any, *, app_label: str, model_name: str, step_model: str, fk: str,
                            state_field: str, to_field: str, by_field: str, note_field: str) -> None:
    """Each old step becomes a "changed" history record of its row at the step's time, by the step's person,
    with its note; the row's other fields are taken as they are now (the old table kept only the state)."""
    model = apps.get_model(app_label, model_name)
    historical = apps.get_model(app_label, f"Historical{model_name}")
    step = apps.get_model(app_label, step_model)
    names = [field.attname for field in historical._meta.concrete_fields if not field.name.startswith("history_")]
    rows: list[Any] = []
    current = {}
    for old in step.objects.order_by("at", "pk").iterator(chunk_size=2000):
        pk = getattr(old, f"{fk}_id")
        if pk not in current:
            current[pk] = model.objects.filter(pk=pk).first()
        row = current[pk]
        if row is None:
            continue
        values = {name: getattr(row, name) for name in names if hasattr(row, name)}
        values[state_field] = getattr(old, to_field)
        rows.append(historical(history_date=old.at, history_user_id=getattr(old, f"{by_field}_id"),
                               history_change_reason=getattr(old, note_field) or "", history_type="~", **values))
        if len(rows) >= 2000:
            historical.objects.bulk_create(rows)
            rows = []
    historical.objects.bulk_create(rows)
