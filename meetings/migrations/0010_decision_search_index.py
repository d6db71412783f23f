"""PostgreSQL only: GIN indexes for the full-text search of decisions (meetings.selectors.search_decisions).

The expressions are exactly the ones the search builds (DECISION_TEXT: title A, what was decided B, why C, in
English; and the meeting's title), so PostgreSQL answers from the index. Other databases (SQLite) search by
words and get nothing here."""

from django.db import migrations

INDEXES = {
    "meetings_decision_search": (
        "meetings_decision",
        "((setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')"
        " || setweight(to_tsvector('english'::regconfig, COALESCE(decision, '')), 'B'))"
        " || setweight(to_tsvector('english'::regconfig, COALESCE(rationale, '')), 'C'))",
    ),
    "meetings_meeting_title_search": (
        "meetings_meeting",
        "to_tsvector('english'::regconfig, COALESCE(title, ''))",
    ),
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}))")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0009_agenda_positions_unique"),
    ]

    operations = [
        migrations.RunPython(add_indexes, drop_indexes, elidable=False),
    ]
