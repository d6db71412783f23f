"""Seed the glossary and the allow list from plain_language/data (entries already there are left alone)."""

from django.db import migrations


def seed(apps, schema_editor):
    from meetings.language_check import seed_glossary

    seed_glossary(apps.get_model("meetings", "GlossaryEntry"), apps.get_model("meetings", "AllowedAcronym"))


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0003_plain_language_check"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
