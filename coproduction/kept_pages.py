"""Parts of pages kept in the shared cache until anything is written to the database.

A list page draws the same rows for the same person again and again between changes, and drawing them (the
queries built, the rows made, the template) is most of its cost. Such a part is kept under a key made of the
page, the person, the address with its query, the minute, and the database's *generation*: a number in the
shared cache that every write moves on. Every statement sent through Django that may change data
(INSERT, UPDATE, DELETE, TRUNCATE, a schema change, a rollback to a savepoint, SQL we do not recognise), by a
web process, a background worker or a management command, moves the generation on once it has run, and again
when its transaction commits: nothing kept before a change is shown after it, to anyone. Writes to the tables
of sessions, background-task bookkeeping and worker heartbeats do not count: no page shows them, and they are
written without anyone changing anything.

What a kept part may hold: rows the person may see (the key has their id, and any change to roles or
memberships is a write), and the time to the minute; only pages asked for with GET are kept. A form's CSRF
token and a script's nonce are kept as placeholders, filled in for each request by the `{% kept %}` tag. What
a kept part must not hold: messages, or anything else from the session; those stay outside the block.

Only with a cache every process shares (Redis, Memcached: `KEPT_PAGE_SECONDS`, 10 minutes, as a backstop for
a change made outside the portal); with the per-process default cache a background worker's writes could not
reach the web process's generation, so nothing is kept and every page is drawn each time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import get_script_prefix

logger = logging.getLogger(__name__)

GENERATION_KEY = "kept-pages:generation"
# Written without anyone changing what a page shows.
UNSHOWN_TABLES = frozenset({
    "django_session", "usersessions_usersession", "django_tasks_database_dbtaskresult",
    "coproduction_scheduledrun", "coproduction_workerheartbeat",
})
_TARGET = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "SHOW", "EXPLAIN", "SET ", "BEGIN")


def seconds() -> int:
    return int(getattr(settings, "KEPT_PAGE_SECONDS", 0))


def changes_data(sql: str) -> bool:
    """Whether this statement may change what a page shows (when unsure: yes)."""
    target = _TARGET.match(sql)
    if target is not None:
        return target.group(1).lower() not in UNSHOWN_TABLES
    return not sql.lstrip()[:10].upper().startswith(_READS)


def move_on() -> None:
    """A new generation: nothing kept before now is used again."""
    try:
        if not cache.add(GENERATION_KEY, int.from_bytes(os.urandom(6)), None):
            cache.incr(GENERATION_KEY)
    except Exception:  # the cache is down: what it keeps is unreachable too (and a write must not fail for it)
        logger.exception("could not move the kept pages' generation on")


def generation() -> int:
    found = cache.get(GENERATION_KEY)
    if found is None:
        move_on()
        found = cache.get(GENERATION_KEY)
    return int(found or 0)


def _moves_on_after(connection: Any) -> Callable[..., Any]:
    def note_writes(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        try:
            return execute(sql, params, many, context)
        finally:
            if seconds() and changes_data(sql):
                move_on()  # now, for this connection's own later reads (and tests' transactions, never committed)
                if connection.in_atomic_block and not any(
                        func is move_on for _, func, _ in connection.run_on_commit):
                    connection.on_commit(move_on)  # and once committed: a reader may have kept the old rows meanwhile
    note_writes.kept_pages = True  # type: ignore[attr-defined]
    return note_writes


def watch(connection: Any, **_: Any) -> None:
    """Count this connection's writes (connected to `connection_created`, and called at start-up)."""
    if not any(getattr(wrapper, "kept_pages", False) for wrapper in connection.execute_wrappers):
        # First: `connection.execute_wrapper()` blocks open now pop their own wrapper, the last, when they end.
        connection.execute_wrappers.insert(0, _moves_on_after(connection))


def key_for(request: HttpRequest, name: str, reads: tuple[str, ...] = ()) -> str | None:
    """The key a part of this page is kept under for this person, now; None when nothing is kept. `reads`: the
    query parameters the part is drawn from; an address with any other is drawn each time (so made-up
    parameters cannot fill the cache with copies)."""
    user = getattr(request, "user", None)
    if not seconds() or request.method not in ("GET", "HEAD") or user is None or not user.is_authenticated:
        return None  # a form sent back is drawn with what was sent
    if any(param not in reads for param in request.GET):
        return None
    try:
        current = generation()
    except Exception:
        logger.exception("could not read the kept pages' generation")
        return None
    asked = sorted((param, request.GET.getlist(param)) for param in request.GET)
    where = hashlib.md5(f"{get_script_prefix()}{request.path}?{asked}".encode(), usedforsecurity=False)
    return f"kept-page:{name}:{current}:{user.pk}:{int(time.time()) // 60}:{where.hexdigest()}"


class Kept:
    """What a template's `{% kept %}` block needs: the key, and the variables it draws with, worked out only
    when the part is not kept."""

    def __init__(self, request: HttpRequest, name: str, draw: Callable[[], Mapping[str, Any]], *,
                 reads: tuple[str, ...] = ()) -> None:
        self.key = key_for(request, name, reads)
        self.draw = draw

    def get(self) -> str | None:
        if self.key is None:
            return None
        try:
            return cache.get(self.key)
        except Exception:
            logger.exception("could not read a kept page part")
            return None

    def keep(self, html: str) -> None:
        if self.key is not None:
            try:
                cache.set(self.key, html, seconds())
            except Exception:
                logger.exception("could not keep a page part")
