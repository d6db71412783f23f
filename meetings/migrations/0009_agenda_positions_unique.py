"""Agenda positions become 1, 2, 3 ... in each meeting (in their current order), then unique."""

from django.db import migrations, models


def renumber(apps, schema_editor):
    AgendaItem = apps.get_model("meetings", "AgendaItem")
    meeting_id, position, changed = None, 0, []
    for item in AgendaItem.objects.order_by("meeting_id", "order", "pk"):
        position = position + 1 if item.meeting_id == meeting_id else 1
        meeting_id = item.meeting_id
        if item.order != position:
            item.order = position
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["order"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0008_communication_needs_and_formats"),
    ]

    operations = [
        migrations.RunPython(renumber, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(fields=("meeting", "order"), name="agenda_item_position_unique"),
        ),
    ]
