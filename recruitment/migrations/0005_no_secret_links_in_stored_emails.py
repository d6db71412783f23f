"""Stored welcome emails and receipts kept their set-password and status links whole; the links are now made as
each email is sent (`coproduction.mail.SEND_TIME_LINKS`). Replace any stored link with the placeholder, so no
working link stays in the database (an email still waiting to go gets a working link when it is sent)."""

import re

from django.db import migrations

LINKS = {
    "recruitment-welcome": ("set_password_url", re.compile(r"https?://[^\s\"'<>]*/welcome/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+/")),
    "recruitment-received": ("status_url", re.compile(r"https?://[^\s\"'<>]*/join/status/[A-Za-z0-9_-]+/")),
}


def forwards(apps, schema_editor):
    OutgoingEmail = apps.get_model("coproduction", "OutgoingEmail")
    for email in OutgoingEmail.objects.filter(template__in=list(LINKS)).iterator():
        name, pattern = LINKS[email.template]
        text, html = pattern.sub(f"[[{name}]]", email.body_text), pattern.sub(f"[[{name}]]", email.body_html)
        if (text, html) != (email.body_text, email.body_html):
            OutgoingEmail.objects.filter(pk=email.pk).update(body_text=text, body_html=html)


class Migration(migrations.Migration):
    dependencies = [
        ("recruitment", "0004_benefits_advice_taken"),
        ("coproduction", "0007_history_reasons_are_text"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
