"""Mails about accounts and claims, worded from templates in the recipient's language.

Each mail is three templates under ``templates/account_mail/``: ``<name>.subject.txt``,
``<name>.txt`` and ``<name>.html``. Links are absolute, on ``PUBLIC_BASE_URL`` like the
notification mails'.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import force_locale, get_locale

from app.services.outgoing import OutgoingMail


def current_locale() -> str:
    """The language of the request (the mail of an anonymous asker goes out in it)."""
    locale = get_locale()
    return str(locale.language) if locale else "it"


def absolute_url(endpoint: str, **values: Any) -> str:
    """The address of a page as a mail links to it (on PUBLIC_BASE_URL)."""
    return str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/") + url_for(endpoint, **values)


def render_mail(name: str, *, to: str, locale: str, category: str, **context: Any) -> OutgoingMail:
    """The mail ``name`` to ``to`` in ``locale``, with ``context`` for its templates."""
    with force_locale(locale):
        subject = render_template(f"account_mail/{name}.subject.txt", **context)
        text = render_template(f"account_mail/{name}.txt", **context)
        html = render_template(f"account_mail/{name}.html", **context)
    return OutgoingMail(
        to=to,
        locale=locale,
        subject=" ".join(subject.split()),
        text=text,
        html=html,
        category=category,
    )
