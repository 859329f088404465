"""Mails worded in their reader's language: text and HTML from Jinja templates, with
absolute links (PUBLIC_BASE_URL) and a signed unsubscribe link."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from flask import Flask, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from app.mail.unsubscribe import ALL_GROUPS, make_token
from app.services import notification_kinds as kinds


class TemplateRenderer:
    """The MailRenderer of the application (see app.services.mail_outbox)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.base_url = str(app.config["PUBLIC_BASE_URL"]).rstrip("/")

    @contextmanager
    def _context(self, locale: str) -> Iterator[None]:
        with self.app.test_request_context("/", base_url=self.base_url), force_locale(locale):
            yield

    def locale_of(self, user: Mapping[str, Any]) -> str:
        """The user's language, or the site's default."""
        locale = user.get("locale")
        return (
            str(locale)
            if locale in self.app.config["LANGUAGES"]
            else str(self.app.config["LANGUAGES"][0])
        )

    def absolute(self, link: str) -> str:
        """``link`` (a path of the site) as an absolute address."""
        if link.startswith(("http://", "https://")):
            return link
        return self.base_url + "/" + link.lstrip("/")

    def render(self, name: str, locale: str, **context: Any) -> tuple[str, str]:
        """Text and HTML of ``mail/<name>.txt`` and ``mail/<name>.html`` (in any template
        folder) in ``locale``, where ``url_for(..., _external=True)`` gives public links:
        for mails queued with ``enqueue_mail_tx`` (password reset, verification...)."""
        with self._context(locale):
            return (
                render_template(f"mail/{name}.txt", **context),
                render_template(f"mail/{name}.html", **context),
            )

    def notification(
        self, user: Mapping[str, Any], notification: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The mail of one notification to ``user``."""
        locale = self.locale_of(user)
        code = str(notification["kind"])
        with self._context(locale):
            title = kinds.title(code, notification.get("params") or {})
            unsubscribe = url_for(
                "notifications.unsubscribe",
                token=make_token(str(user["id"]), kinds.group_of(code)),
                _external=True,
            )
            return _user_mail(
                "notification",
                user,
                locale,
                title,
                f"notification:{code}",
                unsubscribe,
                title=title,
                link=self.absolute(notification["link"]),
                group_label=kinds.GROUP_LABELS.get(kinds.group_of(code), ""),
            )

    def digest(self, user: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
        """The daily digest of ``items`` for ``user``."""
        locale = self.locale_of(user)
        with self._context(locale):
            entries = [
                {
                    "title": kinds.title(str(item["kind"]), item.get("params") or {}),
                    "link": self.absolute(str(item["link"])),
                }
                for item in items
            ]
            subject = _("WE.CA.RE.: %(count)d updates of the day", count=len(entries))
            unsubscribe = url_for(
                "notifications.unsubscribe",
                token=make_token(str(user["id"]), ALL_GROUPS),
                _external=True,
            )
            return _user_mail(
                "digest",
                user,
                locale,
                subject,
                "digest",
                unsubscribe,
                subject=subject,
                entries=entries,
            )


def _user_mail(
    name: str,
    user: Mapping[str, Any],
    locale: str,
    subject: str,
    category: str,
    unsubscribe: str,
    /,
    **context: Any,
) -> dict[str, Any]:
    """The outbox fields of ``mail/<name>`` to ``user`` (rendered in the caller's locale
    context), with the unsubscribe and settings links every such mail carries."""
    settings = url_for("notifications.preferences", _external=True)
    values = {"user": user, "unsubscribe_url": unsubscribe, "settings_url": settings, **context}
    return {
        "to": user["email"],
        "locale": locale,
        "subject": subject,
        "text": render_template(f"mail/{name}.txt", **values),
        "html": render_template(f"mail/{name}.html", **values),
        "category": category,
        "user_id": user["id"],
        "unsubscribe_url": unsubscribe,
    }
