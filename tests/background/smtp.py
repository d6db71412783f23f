"""A real local SMTP server (aiosmtpd) for the background-work tests, on this worktree's ports 2501-2509.

`mode` says what it answers: "accept", "busy" (451: try later) or "refuse" (550: no such mailbox). Every
accepted message is kept with its recipient and Message-ID, so a test can count copies per person.
"""

from __future__ import annotations

import asyncio
import email
import os
import socket
import threading
from collections import Counter

from aiosmtpd.controller import Controller

PORTS = range(2501, 2510)


class Inbox:
    def __init__(self) -> None:
        self.mode = "accept"
        self.lock = threading.Lock()
        self.messages: list[tuple[str, str]] = []  # (recipient, Message-ID)
        self.delay = 0.0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "busy":
            return "451 4.3.0 Mailbox busy, try again later"
        if self.mode == "refuse":
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.messages.append((rcpt.lower(), message["Message-ID"]))
        return "250 Message accepted for delivery"

    def per_recipient(self) -> Counter[str]:
        with self.lock:
            return Counter(rcpt for rcpt, _ in self.messages)

    def message_ids(self, rcpt: str) -> list[str]:
        with self.lock:
            return [mid for who, mid in self.messages if who == rcpt.lower()]


def _worker_index() -> int:
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


def free_port() -> int:
    """A free port of 2501-2509, pytest-xdist workers starting from different ends so they never race."""
    ports = list(PORTS) if _worker_index() % 2 == 0 else list(reversed(PORTS))
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("All of ports 2501-2509 are in use")


class SmtpServer:
    """Start, stop and start again on the same port (to test "the mail server is down, then up")."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def mailers(self, timeout: int = 5) -> dict:
        return {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                            "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": timeout,
                                        "use_tls": False}}}
