"""A real SMTP server for the tests (aiosmtpd on a free port) and the sender run against it.

Registered in tests/conftest.py (``pytest_plugins``), so any test may ask for:

- ``smtp_server``: the running server; ``smtp_server.messages`` are the parsed
  ``email.message.EmailMessage`` objects it received, ``smtp_server.wait_for(n)`` waits
  for n of them, ``smtp_server.stop()`` / ``start()`` take it down and bring it back on
  the same port;
- ``mail_app`` / ``mail_client``: the application configured to send to that server;
- ``deliver_pending``: runs the sender once in ``mail_app`` (``deliver_pending(now=...)``)
  and returns its DeliveryReport.
"""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient

from graph.embedded import free_port


class _Collector:
    """aiosmtpd handler: keeps each message it accepts, parsed."""

    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        with self.server.lock:
            self.server.messages.append(message)
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.server.arrived.notify_all()
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on 127.0.0.1:port, started and stopped by the test."""

    def __init__(self, port: int) -> None:
        self.host = "127.0.0.1"
        self.port = port
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        self._controller: Controller | None = None

    def start(self) -> None:
        if self._controller is None:
            self._controller = Controller(_Collector(self), hostname=self.host, port=self.port)
            self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """The messages received, once there are at least ``count`` (AssertionError after
        ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} mails, received {len(self.messages)}")
                self.arrived.wait(left)
            return list(self.messages)

    def to(self, address: str) -> list[EmailMessage]:
        """The messages addressed to ``address``."""
        with self.lock:
            return [m for m in self.messages if address in str(m["To"])]

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
            self.envelopes.clear()


def text_of(message: EmailMessage) -> str:
    """The plain-text part of a received message."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, "no text part"
    return str(part.get_content())


def html_of(message: EmailMessage) -> str:
    """The HTML part of a received message."""
    part = message.get_body(preferencelist=("html",))
    assert part is not None, "no HTML part"
    return str(part.get_content())


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on a free port, running for the test."""
    server = SmtpServer(free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mail_app(neo4j_uri: str, smtp_server: SmtpServer) -> Iterator[Flask]:
    """The application, sending mail to ``smtp_server`` and retrying at once."""
    from tests.conftest import app_on

    with app_on(
        neo4j_uri,
        MAIL_SERVER=smtp_server.host,
        MAIL_PORT=smtp_server.port,
        MAIL_TIMEOUT=5.0,
        PUBLIC_BASE_URL="http://wecare.test",
        MAIL_RETRY_BASE_SECONDS=0.0,
    ) as application:
        yield application


@pytest.fixture
def mail_client(mail_app: Flask) -> FlaskClient:
    return mail_app.test_client()


@pytest.fixture
def deliver_pending(mail_app: Flask) -> Callable[..., Any]:
    """Run the sender once in ``mail_app``; keyword arguments go to run_once (now=...)."""
    from app.mail.sender import run_once

    def deliver(**kwargs: Any) -> Any:
        with mail_app.app_context():
            return run_once(**kwargs)

    return deliver
