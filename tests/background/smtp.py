"""A real local SMTP server (aiosmtpd) for the background-work tests, on a free port.

`mode` says what it answers: "accept", "busy" (451: try later) or "refuse" (550: no such mailbox). Every
accepted message is kept with its recipient and Message-ID, so a test can count copies per person.
"""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from collections import Counter

from aiosmtpd.controller import Controller


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


def free_port() -> int:
    """A port the system says is free (so two test runs on one machine never collide)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
