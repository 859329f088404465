"""Mails about accounts and claims, worded from templates in the recipient's language.

Each mail is three templates under ``templates/account_mail/``: ``<name>.subject.txt``,
``<name>.txt`` and ``<name>.html``. Links are absolute, built from the request's host.
"""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import force_locale, get_locale

from app.services.outgoing import OutgoingMail


def current_locale() -> str:
    """The language of the request (the mail of an anonymous asker goes out in it)."""
    locale = get_locale()
    return str(locale.language) if locale else "it"


def render_mail(name: str, *, to: str, locale: str, category: str,
                **context: Any) -> OutgoingMail:
    """The mail ``name`` to ``to`` in ``locale``, with ``context`` for its templates."""
    with force_locale(locale):
        subject = render_template(f"account_mail/{name}.subject.txt", **context)
        text = render_template(f"account_mail/{name}.txt", **context)
        html = render_template(f"account_mail/{name}.html", **context)
    return OutgoingMail(to=to, locale=locale, subject=" ".join(subject.split()), text=text,
                        html=html, category=category)
