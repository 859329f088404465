"""The mail foundation: notify_tx, the outbox, the sender against a real SMTP server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from app.services import notifications
from graph.driver import Graph
from graph.mail_repo import enqueue_mail_tx
from graph.notification_repo import notify_tx
from tests.factories import make_users
from tests.mail_fixtures import SmtpServer, html_of, text_of


def test_notify_reaches_users_of_an_organisation_and_mail_arrives(
    world: Graph, smtp_server: SmtpServer, deliver_pending: Callable[..., Any]
) -> None:
    users = make_users(world)
    written = world.write(
        notify_tx,
        kind="partnership_request_received",
        link="/partenariati/",
        params={"from_name": "Alfa", "to_name": "Beta"},
        org_ids=["ORG-B"],
        user_ids=[users.admin],
    )
    assert written == 2
    assert notifications.unread_count(world, users.member_b) == 1
    report = deliver_pending()
    assert report.sent == 2, report
    received = smtp_server.wait_for(2)
    to_b = [m for m in received if "member_b@test.example" in str(m["To"])]
    assert len(to_b) == 1
    message = to_b[0]
    assert "Alfa" in str(message["Subject"])
    assert "http://wecare.test/partenariati/" in text_of(message)
    assert "http://wecare.test/partenariati/" in html_of(message)
    assert (
        str(message["List-Unsubscribe"])
        .strip()
        .startswith("<http://wecare.test/email/disiscrizione/")
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # A second run sends nothing again.
    assert deliver_pending().sent == 0


def test_a_queued_mail_to_an_address_without_a_user(
    world: Graph, smtp_server: SmtpServer, deliver_pending: Callable[..., Any]
) -> None:
    world.write(
        enqueue_mail_tx,
        to="someone@elsewhere.example",
        locale="it",
        subject="Prova",
        text="Testo",
        html="<p>Testo</p>",
        category="test",
        now=datetime.now(UTC),
    )
    assert deliver_pending().sent == 1
    (message,) = smtp_server.wait_for(1)
    assert str(message["To"]) == "someone@elsewhere.example"
    assert text_of(message).strip() == "Testo"
    assert message["List-Unsubscribe"] is None
