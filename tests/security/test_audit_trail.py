"""The audit trail cannot be changed or deleted: in the ORM, and on PostgreSQL in the database itself."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from coproduction.audit import record_event
from coproduction.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_audit_event_cannot_be_changed_or_deleted_through_the_orm(leader):
    record_event("signed_in", actor=leader)
    event = AuditEvent.objects.get()

    event.detail = "rewritten"
    with pytest.raises(ValueError, match="cannot be changed"):
        event.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        event.delete()


def test_a_person_with_an_audit_trail_cannot_be_deleted(leader):
    from django.db.models import ProtectedError

    record_event("signed_in", actor=leader)

    with pytest.raises(ProtectedError):
        leader.delete()


@pytest.mark.postgres
@pytest.mark.parametrize("statement", ["UPDATE coproduction_auditevent SET detail = 'rewritten'",
                                       "DELETE FROM coproduction_auditevent"])
def test_the_database_refuses_to_change_the_audit_trail(leader, statement):
    record_event("signed_in", actor=leader)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.filter(detail="").count() == 1
