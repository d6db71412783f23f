from __future__ import annotations

from django.tasks import task

from .mail import deliver


@task()
def send_outgoing_email(email_id: int) -> bool:
    return deliver(email_id)
