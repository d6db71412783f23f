"""Give the tables that moved from coproduction this app's own names, and move their content types (so
admin history and permissions given to groups stay attached to the same models)."""

from django.db import migrations

MOVED = ["recruitmentsettings", "roledescription", "application", "applicationevent", "developmentgoal", "groupagreementversion", "historicaldevelopmentgoal", "historicalonboardingchecklist", "historicalrecruitmentsettings", "historicaltrainingrecord", "onboardingchecklist", "roledescriptionversion", "historicalvacancy", "historicalroleholding", "roleholding", "trainingrecord", "certificate", "vacancy", "historicalapplication", "agreementsignature"]


def move_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label="recruitment", model=model).exists():
            content_type.objects.filter(app_label="coproduction", model=model).update(app_label="recruitment")


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="recruitment", model__in=MOVED).update(app_label="coproduction")


class Migration(migrations.Migration):

    dependencies = [
        ("recruitment", "0001_initial"),
        ("coproduction", "0006_recruitment_moves_to_its_own_app"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name='recruitmentsettings', table=None),
        migrations.AlterModelTable(name='roledescription', table=None),
        migrations.AlterModelTable(name='application', table=None),
        migrations.AlterModelTable(name='applicationevent', table=None),
        migrations.AlterModelTable(name='developmentgoal', table=None),
        migrations.AlterModelTable(name='groupagreementversion', table=None),
        migrations.AlterModelTable(name='historicaldevelopmentgoal', table=None),
        migrations.AlterModelTable(name='historicalonboardingchecklist', table=None),
        migrations.AlterModelTable(name='historicalrecruitmentsettings', table=None),
        migrations.AlterModelTable(name='historicaltrainingrecord', table=None),
        migrations.AlterModelTable(name='onboardingchecklist', table=None),
        migrations.AlterModelTable(name='roledescriptionversion', table=None),
        migrations.AlterModelTable(name='historicalvacancy', table=None),
        migrations.AlterModelTable(name='historicalroleholding', table=None),
        migrations.AlterModelTable(name='roleholding', table=None),
        migrations.AlterModelTable(name='trainingrecord', table=None),
        migrations.AlterModelTable(name='certificate', table=None),
        migrations.AlterModelTable(name='vacancy', table=None),
        migrations.AlterModelTable(name='historicalapplication', table=None),
        migrations.AlterModelTable(name='agreementsignature', table=None),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
