"""A decision's stored words also hold its meeting's title (weight D, the lowest), so a search reads one GIN
index in one query: no list of matching meetings first, no meeting's words joined in to rank each match.

On PostgreSQL the decision's BEFORE trigger (0012) now adds the meeting title's words, and also runs when the
decision moves to another meeting; an AFTER trigger on meetings writes NULL into its decisions' vectors when
its title changes, which makes their trigger compute them again. SQLite has no stored vectors (unchanged).
"""

from django.db import migrations

DECISION_WORDS = (
    "setweight(to_tsvector('english'::regconfig, COALESCE({p}title, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE({p}decision, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, COALESCE({p}rationale, '')), 'C')"
)
MEETING_TITLE = ("setweight(to_tsvector('english'::regconfig, COALESCE((SELECT m.title FROM meetings_meeting m "
                 "WHERE m.id = {p}meeting_id), '')), 'D')")


def _decision_trigger(schema_editor, words: str, columns: str) -> None:
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION meetings_decision_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN NEW.search_vector := {words}; RETURN NEW; END $$"
    )
    schema_editor.execute("DROP TRIGGER IF EXISTS meetings_decision_search_vector ON meetings_decision")
    schema_editor.execute(
        f"CREATE TRIGGER meetings_decision_search_vector BEFORE INSERT OR UPDATE OF {columns}, search_vector "
        "ON meetings_decision FOR EACH ROW EXECUTE FUNCTION meetings_decision_search_vector()"
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    words = f"{DECISION_WORDS.format(p='NEW.')} || {MEETING_TITLE.format(p='NEW.')}"
    _decision_trigger(schema_editor, words, "title, decision, rationale, meeting_id")
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION meetings_meeting_title_to_decisions() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF NEW.title IS DISTINCT FROM OLD.title THEN "
        "UPDATE meetings_decision SET search_vector = NULL WHERE meeting_id = NEW.id; END IF; RETURN NULL; END $$"
    )
    schema_editor.execute(
        "CREATE TRIGGER meetings_meeting_title_to_decisions AFTER UPDATE OF title ON meetings_meeting "
        "FOR EACH ROW EXECUTE FUNCTION meetings_meeting_title_to_decisions()"
    )
    schema_editor.execute("UPDATE meetings_decision SET search_vector = NULL")  # the trigger writes them again


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS meetings_meeting_title_to_decisions ON meetings_meeting")
    schema_editor.execute("DROP FUNCTION IF EXISTS meetings_meeting_title_to_decisions()")
    _decision_trigger(schema_editor, DECISION_WORDS.format(p="NEW."), "title, decision, rationale")
    schema_editor.execute("UPDATE meetings_decision SET search_vector = NULL")


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0012_search_vectors"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
