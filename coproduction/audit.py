"""Recording security events (sign-ins, failures, refusals). Data changes are recorded by simple_history."""

from __future__ import annotations

import logging
from typing import Any

from .models import AuditEvent

logger = logging.getLogger("coproduction.audit")


def record_event(action: str, *, actor: Any = None, detail: str = "", path: str = "") -> None:
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    AuditEvent.objects.create(actor_id=actor_id, action=action, detail=detail[:300], path=path[:300])
    logger.info("audit %s actor=%s %s", action, actor_id, detail[:300])
