"""Fixtures of the accounts tests: a real SMTP server, fresh rate limits, a scratch media dir."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache


class SmtpInbox:
    """What an SMTP server on 127.0.0.1 received, message by message (aiosmtpd handler)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def last_to(self, address: str) -> EmailMessage:
        """The latest message sent to `address`; fails when there is none."""
        for message in reversed(self.messages):
            if address in str(message["To"]):
                return message
        raise AssertionError(f"no message to {address} among {len(self.messages)} received")

    @staticmethod
    def subject_of(message: EmailMessage) -> str:
        # A folded non-ASCII subject comes back with the fold's leading space.
        return " ".join(str(message["Subject"]).split())

    @staticmethod
    def text_of(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        assert part is not None, "the message has no plain-text body"
        return str(part.get_content())

    @classmethod
    def link_in(cls, message: EmailMessage, path_start: str) -> str:
        """The path of the first link in the message's text whose path starts with `path_start`."""
        for url in re.findall(r"https?://\S+", cls.text_of(message)):
            path = re.sub(r"^https?://[^/]+", "", url)
            if path.startswith(path_start):
                return path
        raise AssertionError(f"no link to {path_start}… in:\n{cls.text_of(message)}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpInbox]:
    """A real SMTP server on a free local port; Django's mail goes to it over SMTP."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd narrates every command
    inbox = SmtpInbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    """allauth counts attempts in the real cache: each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Uploaded avatars go to a scratch directory."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
