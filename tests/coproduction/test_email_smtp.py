"""One real email through a real local SMTP server (aiosmtpd), not Django's test outbox."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def test_the_password_reset_email_goes_through_a_real_smtp_server(client, leader, smtp_inbox):
    inbox, port = smtp_inbox
    mailers = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                           "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5}}}

    with override_settings(MAILERS=mailers):
        client.post(reverse("account_reset_password"), {"email": "jo@example.org"})

    assert len(inbox.messages) == 1
    _sender, recipients, content = inbox.messages[0]
    assert recipients == ["jo@example.org"]
    assert b"/accounts/password/reset/key/" in content
