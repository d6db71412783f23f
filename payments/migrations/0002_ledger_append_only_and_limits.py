"""The ledger is append-only in the database too (PostgreSQL trigger), and the shipped limits are loaded."""

from types import SimpleNamespace

from django.db import migrations

TRIGGER = """
CREATE OR REPLACE FUNCTION payments_ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'payments_ledgerentry is append-only: add a reversal entry instead';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS payments_ledger_append_only ON payments_ledgerentry;
CREATE TRIGGER payments_ledger_append_only BEFORE UPDATE OR DELETE ON payments_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION payments_ledger_refuse_change();
"""
DROP = """
DROP TRIGGER IF EXISTS payments_ledger_append_only ON payments_ledgerentry;
DROP FUNCTION IF EXISTS payments_ledger_refuse_change();
"""


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


def load_limits(apps, schema_editor):
    from payments.loading import load_benefit_limits

    load_benefit_limits(SimpleNamespace(BenefitLimit=apps.get_model("payments", "BenefitLimit"),
                                        MileageRate=apps.get_model("payments", "MileageRate")))


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [
        migrations.RunPython(add_trigger, drop_trigger),
        migrations.RunPython(load_limits, migrations.RunPython.noop),
    ]
