"""Full-text search index on PostgreSQL only (SQLite searches with a simple match and needs none).

The expression is exactly what SearchVector("search_document", config="english") produces, so the
planner uses the index for `document=SearchQuery(...)` in engagement.selectors.search_feedback.
"""

from django.db import migrations

INDEX = "engagement_feedback_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON engagement_feedbackitem USING gin "
        "(to_tsvector('english'::regconfig, COALESCE(search_document, '')))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("engagement", "0002_seed_taxonomy")]
    operations = [migrations.RunPython(create, drop)]
