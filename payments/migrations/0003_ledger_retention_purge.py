"""The ledger stays append-only, with one deliberate exception: the retention purge may DELETE.

The trigger still refuses every UPDATE. It lets a DELETE through only when the transaction set
`SET LOCAL portal.retention_purge = 'on'` (LedgerEntry.objects.purge_for_retention does, for erased people's
entries past the retention period).
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION payments_ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('portal.retention_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'payments_ledgerentry is append-only: add a reversal entry instead';
END;
$$ LANGUAGE plpgsql;
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION payments_ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'payments_ledgerentry is append-only: add a reversal entry instead';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("payments", "0002_ledger_append_only_and_limits")]

    operations = [migrations.RunPython(forwards, backwards)]
