"""The kernel's scheduled work: picking up background work that a dead process or a blink left behind."""

from __future__ import annotations

from django.tasks import task

from . import background
from .schedule import every


@every(background.recovery_seconds())
@task()
def recover_background_work() -> dict[str, int]:
    """Enqueue again what is due and not held (see `coproduction.background`); mark lost tasks failed."""
    return background.recover()
