"""SMTP through Flask-Mailman: one connection per run of the sender, reopened after a
failure; RFC 8058 one-click unsubscribe headers on every mail that has a link."""

from __future__ import annotations

from typing import Any

from flask_mailman import EmailMultiAlternatives

from app.extensions import mail as mailman
from graph.mail_records import QueuedMail


class SmtpTransport:
    """The MailTransport of the application; use inside an application context."""

    def __init__(self) -> None:
        self._connection: Any = None

    def send(self, mail: QueuedMail) -> None:
        """Hand ``mail`` to the SMTP server; raises unless the server accepted it."""
        if self._connection is None:
            connection = mailman.get_connection(fail_silently=False)
            connection.open()  # raises while the server is unreachable
            self._connection = connection
        headers = {"Auto-Submitted": "auto-generated", "X-WeCare-Mail-Id": mail.id}
        if mail.unsubscribe_url:
            headers["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message = EmailMultiAlternatives(
            subject=mail.subject,
            body=mail.text,
            to=[mail.to],
            headers=headers,
            connection=self._connection,
        )
        if mail.html:
            message.attach_alternative(mail.html, "text/html")
        try:
            sent = message.send(fail_silently=False)
        except Exception:
            self.close()
            raise
        if not sent:
            raise RuntimeError("the SMTP server accepted no recipient")

    def close(self) -> None:
        """Close the connection (if any); never raises."""
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - closing a dead connection
                pass
