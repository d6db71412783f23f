from django.db import migrations


def seed(apps, schema_editor):
    from engagement.data import AUDIENCES, THEMES

    Theme = apps.get_model("engagement", "Theme")
    Audience = apps.get_model("engagement", "Audience")
    for order, (name, description) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(name=name, defaults={"description": description, "order": order * 10})
    for order, name in enumerate(AUDIENCES, start=1):
        Audience.objects.get_or_create(name=name, defaults={"order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("engagement", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
