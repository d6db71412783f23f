from __future__ import annotations

from django.tasks import task

from .mail import deliver


@task()
def send_outgoing_email(email_id: int) -> bool:
    return deliver(email_id)


@task()
def purge_expired_applications() -> int:
    """Delete applications not taken forward once the retention period has passed (run daily)."""
    from .onboarding_services import applications_purge

    return applications_purge()
