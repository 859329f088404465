"""Notifications and their mail, end to end with a real SMTP server (tests/mail_fixtures.py):
who is told of what, links that work, retries after an outage, two senders, preferences,
unsubscribe without logging in, reminders once, expiry told to both sides."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from flask import Flask

from app.services import audit, notifications, partnerships
from graph import mail_repo
from graph.driver import Graph
from graph.notification_repo import notify_tx
from tests.consortium_factories import add_member, count
from tests.factories import RoleUsers, informal_request, logged_in
from tests.mail_fixtures import SmtpServer, html_of, text_of

BASE = "http://wecare.test"


def _link(message: EmailMessage) -> str:
    """The path of the first link to the site in a mail's text (not the footer's)."""
    found = re.findall(re.escape(BASE) + r"(/[^\s]*)", text_of(message))
    assert found, text_of(message)
    return str(found[0])


def _kinds_of(graph: Graph, email: str) -> list[str]:
    return [
        str(k)
        for k in graph.read(
            lambda tx: tx.run(
                "MATCH (:User {email: $e})<-[:FOR]-(n:Notification) RETURN n.kind ORDER BY n.kind",
                e=email,
            ).value()
        )
    ]


def test_a_partnership_request_reaches_every_member_of_the_receiver(
    users: RoleUsers, world: Graph, mail_app: Flask, smtp_server: SmtpServer, deliver_pending: Any
) -> None:
    add_member(world, "member_b2", "ORG-B")
    sender = logged_in(mail_app, "member_a")
    response = sender.post(
        "/partenariati/richiesta/ORG-B",
        data={"from_org": "ORG-A", "type": "joint_project", "message": "Ciao"},
    )
    assert response.status_code == 302
    # Written with the request, before any mail: the receivers' bell shows it.
    assert notifications.unread_count(world, users.member_b) == 1
    assert notifications.unread_count(world, users.member_a) == 0

    report = deliver_pending()
    assert report.sent == 2
    received = smtp_server.wait_for(2)
    assert sorted(str(m["To"]) for m in received) == [
        "member_b2@test.example",
        "member_b@test.example",
    ]
    for message in received:
        assert "Cooperativa Alfa" in str(message["Subject"])  # Italian by default
        assert "chiede" in str(message["Subject"])
        assert BASE in html_of(message)
        path = _link(message)
        key = str(message["To"]).split("@")[0]
        page = logged_in(mail_app, key).get(path)
        assert page.status_code == 200, path
        request_id = path.rsplit("#richiesta-", 1)[1]
        assert f'id="richiesta-{request_id}"' in page.get_data(as_text=True)
    assert deliver_pending().sent == 0  # nothing twice


def test_answers_are_told_to_the_requesting_side(users: RoleUsers, world: Graph) -> None:
    request_id = informal_request(world, users.member_a, "ORG-A", "ORG-B")
    partnerships.answer(world, audit.Actor(users.member_b), request_id, "decline")
    assert _kinds_of(world, "member_a@test.example") == ["partnership_request_declined"]
    assert _kinds_of(world, "member_b@test.example") == ["partnership_request_received"]


def test_mail_is_in_the_readers_language(
    users: RoleUsers, world: Graph, mail_app: Flask, smtp_server: SmtpServer, deliver_pending: Any
) -> None:
    logged_in(mail_app, "member_b").get("/?lang=en")
    world.write(
        notify_tx,
        kind="partnership_request_received",
        link="/partenariati/",
        params={"from_name": "Alfa", "to_name": "Beta"},
        org_ids=["ORG-B"],
    )
    deliver_pending()
    (message,) = smtp_server.wait_for(1)
    assert str(message["Subject"]) == "Alfa asks Beta for a partnership"
    assert "Open it" in text_of(message)


def _notify_b(graph: Graph, n: int, now: datetime | None = None) -> None:
    for index in range(n):
        graph.write(
            notify_tx,
            kind="partnership_request_received",
            link=f"/partenariati/?org=ORG-B#richiesta-{index}",
            params={"from_name": f"Ente {index}", "to_name": "Beta"},
            org_ids=["ORG-B"],
            now=now,
        )


def _mail_ids(messages: list[EmailMessage]) -> list[str]:
    return [str(m["X-WeCare-Mail-Id"]) for m in messages]


def test_mail_waits_out_an_smtp_outage_and_goes_once(
    users: RoleUsers, world: Graph, smtp_server: SmtpServer, deliver_pending: Any
) -> None:
    _notify_b(world, 3)
    smtp_server.stop()
    down = deliver_pending()
    assert (down.sent, down.retried) == (0, 3)
    assert (
        count(world, "MATCH (m:Mail {status: 'pending'}) WHERE m.attempts = 1 RETURN count(m)") == 3
    )
    # Still down on the next attempt: tried again, nothing lost.
    assert deliver_pending().retried == 3
    smtp_server.start()
    assert deliver_pending().sent == 3
    assert deliver_pending().sent == 0
    received = smtp_server.wait_for(3)
    assert len(received) == 3 and len(set(_mail_ids(received))) == 3
    assert count(world, "MATCH (m:Mail {status: 'sent'}) RETURN count(m)") == 3


def test_back_off_doubles_and_gives_up(
    users: RoleUsers, world: Graph, mail_app: Flask, smtp_server: SmtpServer
) -> None:
    from app.mail.sender import run_once

    mail_app.config.update(MAIL_RETRY_BASE_SECONDS=60.0, MAIL_MAX_ATTEMPTS=3)
    _notify_b(world, 1)
    smtp_server.stop()
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with mail_app.app_context():
        assert run_once(now=start).retried == 1
        assert run_once(now=start + timedelta(seconds=59)).retried == 0  # not yet due
        assert run_once(now=start + timedelta(seconds=60)).retried == 1
        assert run_once(now=start + timedelta(seconds=179)).retried == 0  # 120 s now
        assert run_once(now=start + timedelta(seconds=180)).failed == 1
    (mail,) = world.read(mail_repo.list_mails_tx)
    assert (mail.status, mail.attempts) == ("failed", 3)
    assert mail.last_error is not None
    assert "Connection" in mail.last_error or "refused" in mail.last_error.lower()


def test_two_senders_at_once_send_each_mail_once(
    users: RoleUsers, world: Graph, mail_app: Flask, smtp_server: SmtpServer
) -> None:
    from app.mail.sender import run_once

    _notify_b(world, 20)  # 20 notifications for member_b: 20 mails
    smtp_server.stop()
    with mail_app.app_context():
        run_once()  # all queued, none delivered: both senders below compete for them
    smtp_server.start()
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def sender(name: str) -> None:
        try:
            with mail_app.app_context():
                barrier.wait()
                run_once(worker=name, deadlines=False)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=sender, args=(f"sender-{i}",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    received = smtp_server.wait_for(20)
    ids = _mail_ids(received)
    assert len(ids) == 20 and len(set(ids)) == 20
    assert count(world, "MATCH (m:Mail {status: 'sent'}) RETURN count(m)") == 20


def test_digest_and_never_preferences(
    users: RoleUsers, world: Graph, mail_app: Flask, smtp_server: SmtpServer, deliver_pending: Any
) -> None:
    add_member(world, "member_b2", "ORG-B")
    digest = logged_in(mail_app, "member_b")
    choices = {
        "partnerships": "digest",
        "consortia": "immediate",
        "organizations": "immediate",
        "imports": "immediate",
        "messages": "immediate",
    }
    assert digest.post("/account/email", data=choices).status_code == 302
    never = logged_in(mail_app, "member_b2")
    assert (
        never.post("/account/email", data={**choices, "partnerships": "never"}).status_code == 302
    )
    assert re.search(
        r'<input checked[^>]*name="partnerships"[^>]*value="never"',
        never.get("/account/email").get_data(as_text=True),
    )

    morning = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)  # 07:00 in Rome: the digest hour
    _notify_b(world, 2, now=morning - timedelta(hours=3))
    assert deliver_pending(now=morning - timedelta(hours=3)).sent == 0
    assert deliver_pending(now=morning - timedelta(hours=2)).sent == 0
    assert notifications.unread_count(world, users.member_b) == 2  # on the site all the same
    assert deliver_pending(now=morning).sent == 1
    (message,) = smtp_server.wait_for(1)
    assert str(message["To"]) == "member_b@test.example"
    body = text_of(message)
    assert "Ente 0" in body and "Ente 1" in body
    # Once a day: a later notification waits for tomorrow's digest.
    _notify_b(world, 1, now=morning + timedelta(hours=5))
    assert deliver_pending(now=morning + timedelta(hours=5)).sent == 0
    assert deliver_pending(now=morning + timedelta(days=1)).sent == 1
    assert not smtp_server.to("member_b2@test.example")


def test_unsubscribe_link_works_without_logging_in(
    users: RoleUsers, world: Graph, neo4j_uri: str, smtp_server: SmtpServer, deliver_pending: Any
) -> None:
    from tests.conftest import app_on

    _notify_b(world, 1)
    deliver_pending()
    (message,) = smtp_server.wait_for(1)
    url = str(message["List-Unsubscribe"]).strip().strip("<>")
    assert url.startswith(BASE + "/email/disiscrizione/")
    assert url in text_of(message)
    path = url[len(BASE) :]
    # A browser without a session, on a site with CSRF on; the mail client's RFC 8058
    # one-click POST has no CSRF token either.
    with app_on(neo4j_uri, WTF_CSRF_ENABLED=True) as site:
        anonymous = site.test_client()
        page = anonymous.get(path)
        assert page.status_code == 200
        assert notifications.preferences(world, users.member_b)["partnerships"] == "immediate"
        done = anonymous.post(path, data={"List-Unsubscribe": "One-Click"})
        assert done.status_code == 200
        assert 'id="unsubscribed"' in done.get_data(as_text=True)
        assert notifications.preferences(world, users.member_b)["partnerships"] == "never"
        assert anonymous.get(path[:-3] + "xyz").status_code == 404  # a forged token
        _notify_b(world, 1)
        assert deliver_pending().sent == 0
        assert len(smtp_server.messages) == 1


def test_reminder_once_then_expiry_told_to_both_sides(
    users: RoleUsers, world: Graph, mail_app: Flask, smtp_server: SmtpServer, deliver_pending: Any
) -> None:
    start = datetime.now(UTC)
    informal_request(world, users.member_a, "ORG-A", "ORG-B", ttl_days=10, now=start)
    assert deliver_pending(now=start).sent == 1  # the request itself, to member_b
    # Eight days on (REMINDER_DAYS_BEFORE = 3): one reminder to the receiver, only once.
    later = start + timedelta(days=8)
    assert deliver_pending(now=later).sent == 1
    assert deliver_pending(now=later + timedelta(hours=1)).sent == 0
    reminder = smtp_server.wait_for(2)[1]
    assert str(reminder["To"]) == "member_b@test.example"
    assert "scade" in str(reminder["Subject"])
    assert _kinds_of(world, "member_a@test.example") == []
    # Past its date: both sides are told.
    assert deliver_pending(now=start + timedelta(days=11)).sent == 2
    assert "partnership_request_expired" in _kinds_of(world, "member_a@test.example")
    assert "partnership_request_expired" in _kinds_of(world, "member_b@test.example")
    assert deliver_pending(now=start + timedelta(days=12)).sent == 0


def test_dates_in_notifications_are_written_out(
    users: RoleUsers, world: Graph, mail_app: Flask, smtp_server: SmtpServer, deliver_pending: Any
) -> None:
    """A date in a notification reads as on the pages (3 dicembre 2026), on the
    notifications page in either language and in the mail, never as 03/12/26 or ISO."""
    world.write(
        notify_tx,
        kind="partnership_request_reminder",
        link="/partenariati/",
        params={"from_name": "Alfa", "to_name": "Beta", "expires_on": "2026-12-03"},
        org_ids=["ORG-B"],
    )
    client = logged_in(mail_app, "member_b")
    italian = client.get("/notifiche?lang=it").get_data(as_text=True)
    assert "Alfa a Beta scade il 3 dicembre 2026<" in italian
    english = client.get("/notifiche?lang=en").get_data(as_text=True)
    assert "Alfa to Beta expires on December 3, 2026<" in english
    client.get("/?lang=it")  # the mail goes in the reader's language
    deliver_pending()
    (message,) = smtp_server.wait_for(1)
    assert str(message["Subject"]).endswith("scade il 3 dicembre 2026")
    assert "scade il 3 dicembre 2026" in text_of(message)
    assert "scade il 3 dicembre 2026" in html_of(message)


def test_bell_list_and_marking_read(users: RoleUsers, world: Graph, app: Flask) -> None:
    _notify_b(world, 2)
    client = logged_in(app, "member_b")
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'id="bell-count">2<', home)
    page = client.get("/notifiche").get_data(as_text=True)
    assert page.count('class="notification-item notification-unread"') == 2
    first = re.findall(r'name="notification_id" value="([^"]+)"', page)[0]
    opened = client.post(
        "/notifiche/letta", data={"notification_id": first, "open": "/partenariati/?org=ORG-B"}
    )
    assert opened.status_code == 302 and opened.headers["Location"].startswith("/partenariati/")
    assert re.search(r'id="bell-count">1<', client.get("/").get_data(as_text=True))
    for elsewhere in ("//evil.example/", "/\\evil.example/", "https://evil.example/"):
        away = client.post("/notifiche/letta", data={"notification_id": first, "open": elsewhere})
        assert away.headers["Location"] == "/notifiche", elsewhere  # never off the site
    # Somebody else's notification cannot be marked.
    assert (
        logged_in(app, "member_a")
        .post("/notifiche/letta", data={"notification_id": first})
        .status_code
        == 404
    )
    client.post("/notifiche/tutte-lette")
    assert re.search(r'id="bell-count">0<', client.get("/").get_data(as_text=True))
    assert 'id="bell"' not in app.test_client().get("/").get_data(as_text=True)


def test_notifications_in_the_api(users: RoleUsers, world: Graph, app: Flask) -> None:
    from tests.factories import make_api_token

    _notify_b(world, 3)
    headers = {"Authorization": f"Bearer {make_api_token(world, users.member_b)}"}
    client = app.test_client()
    listed = client.get("/api/v1/notifications?per_page=2", headers=headers).get_json()
    assert (listed["total"], listed["unread"], len(listed["items"])) == (3, 3, 2)
    item = listed["items"][0]
    assert item["unread"] and item["kind"] == "partnership_request_received"
    assert "Beta" in item["title"] and item["link"].startswith("/partenariati/")
    marked = client.post(f"/api/v1/notifications/{item['id']}/read", headers=headers)
    assert marked.get_json() == {"marked": 1, "unread": 2}
    assert client.post("/api/v1/notifications/nope/read", headers=headers).status_code == 404
    assert client.post("/api/v1/notifications/read", headers=headers).get_json() == {
        "marked": 2,
        "unread": 0,
    }
    assert client.get("/api/v1/notifications").status_code == 401


def test_without_smtp_the_outbox_keeps_mail_for_administrators(
    users: RoleUsers, world: Graph, app: Flask
) -> None:
    from app.mail.sender import run_once

    assert not app.config["MAIL_SERVER"]
    _notify_b(world, 1)
    with app.app_context():
        report = run_once()
    assert (report.sent, report.kept) == (0, 1)
    admin = logged_in(app, "admin")
    page = admin.get("/admin/posta").get_data(as_text=True)
    assert "member_b@test.example" in page and "Ente 0" in page
    mail_id = re.findall(r"/admin/posta/([0-9a-f-]{36})", page)[0]
    shown = admin.get(f"/admin/posta/{mail_id}").get_data(as_text=True)
    assert "/partenariati/?org=ORG-B" in shown
    assert logged_in(app, "member_b").get("/admin/posta").status_code == 403


def test_mail_send_command_keeps_mail_locally_without_smtp(
    users: RoleUsers, world: Graph, runner: Any
) -> None:
    _notify_b(world, 2)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    assert "2 kept in the local outbox" in result.output
    assert count(world, "MATCH (m:Mail {status: 'local'}) RETURN count(m)") == 2
    assert runner.invoke(args=["mail", "send"]).output.startswith("0 queued")
