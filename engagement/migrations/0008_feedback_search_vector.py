"""Feedback search reads a stored tsvector instead of parsing each item's text at search time.

On PostgreSQL a BEFORE trigger keeps `search_vector` equal to to_tsvector('english', search_document) on every
insert (bulk_create included) and every update that writes the document; a GIN index on the column replaces
the expression index of 0003. SQLite keeps the column empty and searches with a simple match.
"""

import django.contrib.postgres.search
from django.db import migrations

FUNCTION = "engagement_feedback_search_vector"
TRIGGER = "engagement_feedback_search_vector"
INDEX = "engagement_feedback_vector_gin"
OLD_INDEX = "engagement_feedback_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "NEW.search_vector := to_tsvector('english'::regconfig, COALESCE(NEW.search_document, '')); "
        "RETURN NEW; END $$"
    )
    schema_editor.execute(
        f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OF search_document, search_vector "
        f"ON engagement_feedbackitem FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )
    schema_editor.execute(
        "UPDATE engagement_feedbackitem "
        "SET search_vector = to_tsvector('english'::regconfig, COALESCE(search_document, ''))"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON engagement_feedbackitem USING gin (search_vector)")
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON engagement_feedbackitem")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON engagement_feedbackitem USING gin "
        "(to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("engagement", "0007_trail_watches_people_told"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackitem",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
