"""Decision search reads stored tsvectors instead of parsing every decision's and meeting's text at search time.

On PostgreSQL BEFORE triggers keep `Decision.search_vector` equal to the weighted words of DECISION_TEXT (title
A, what was decided B, why C) and `Meeting.search_vector` equal to the meeting title's words, on every insert
and on every update that writes those columns (queryset updates included); GIN indexes on the columns replace
the expression indexes of 0010. SQLite keeps the columns empty and searches by words.
"""

import django.contrib.postgres.search
from django.db import migrations

DECISION_VECTOR = (
    "setweight(to_tsvector('english'::regconfig, COALESCE({p}title, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE({p}decision, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE({p}rationale, '')), 'C')"
)
MEETING_VECTOR = "to_tsvector('english'::regconfig, COALESCE({p}title, ''))"

# table: (trigger and function name, the columns whose change rewrites the vector, the vector, GIN index, old index)
TABLES = {
    "meetings_decision": ("meetings_decision_search_vector", "title, decision, rationale", DECISION_VECTOR,
                          "meetings_decision_vector_gin", "meetings_decision_search"),
    "meetings_meeting": ("meetings_meeting_search_vector", "title", MEETING_VECTOR,
                         "meetings_meeting_vector_gin", "meetings_meeting_title_search"),
}
OLD_EXPRESSIONS = {
    "meetings_decision": "(" + DECISION_VECTOR.format(p="") + ")",
    "meetings_meeting": MEETING_VECTOR.format(p=""),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (name, columns, vector, index, old_index) in TABLES.items():
        schema_editor.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"NEW.search_vector := {vector.format(p='NEW.')}; RETURN NEW; END $$"
        )
        # search_vector is among the columns so that a save() writing NULL into it is recomputed too.
        schema_editor.execute(
            f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF {columns}, search_vector "
            f"ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
        schema_editor.execute(f"UPDATE {table} SET search_vector = {vector.format(p='')}")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin (search_vector)")
        schema_editor.execute(f"DROP INDEX IF EXISTS {old_index}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (name, _columns, _vector, index, old_index) in TABLES.items():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {old_index} ON {table} USING gin (({OLD_EXPRESSIONS[table]}))"
        )


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0011_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="meeting",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
