"""The Admin role was a Django superuser: it could read and change claims, the ledger, feedback and every email,
and give itself any role. Now it has only the Django admin permissions of `coproduction.roles.ADMIN_SITE` (given
to the Admin group after every migrate): existing Admin-role users keep admin access (is_staff) and lose
superuser. A superuser without the Admin role (made with createsuperuser, the break-glass account) is left."""

from django.db import migrations

ADMIN_ROLE = "Admin"


def forwards(apps, schema_editor):
    User = apps.get_model("coproduction", "User")
    User.objects.filter(groups__name=ADMIN_ROLE, is_superuser=True).update(is_superuser=False, is_staff=True)


class Migration(migrations.Migration):
    dependencies = [("coproduction", "0008_background_work_leases")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
