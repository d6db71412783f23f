"""The trail shows how many people were told what changed: a message recorded raises the trail's data version too
(the same trigger as in 0005_trail_summary), so the cached figures never outlive the rows."""

from django.db import migrations

TABLE = "engagement_persontold"
BUMP = "UPDATE engagement_trailstate SET data_version = data_version + 1 WHERE id = 1"


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TRIGGER engagement_trail_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION engagement_trail_changed()"
        )
    elif schema_editor.connection.vendor == "sqlite":
        for event in ("INSERT", "UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER engagement_trail_changed_{TABLE}_{event.lower()} AFTER {event} ON {TABLE} "
                f"BEGIN {BUMP}; END"
            )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS engagement_trail_changed ON {TABLE}")
    elif schema_editor.connection.vendor == "sqlite":
        for event in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS engagement_trail_changed_{TABLE}_{event}")


class Migration(migrations.Migration):

    dependencies = [("engagement", "0006_people_told")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
