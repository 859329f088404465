"""The claim mail sent with a request or invitation to an organisation nobody acts for."""

from __future__ import annotations

from flask import current_app

from app.account_mails import absolute_url, render_mail
from app.extensions import get_graph
from app.services import claims
from app.services.outgoing import OutgoingMail

#: Mails to organisations go out in the platform's first language.
ORGANISATION_LOCALE = "it"


def claim_mail(org_id: str, *, event: str, sender: str, title: str = "") -> OutgoingMail | None:
    """The mail inviting whoever reads ``org_id``'s contact address to claim it, for a
    request (``event="request"``) or an invitation; None when it needs none."""
    org = claims.needs_claim_mail(get_graph(), org_id)
    if org is None:
        return None
    token = claims.claim_token(str(current_app.config["SECRET_KEY"]), org["id"], org["email"])
    return render_mail(
        "claim",
        to=org["email"],
        locale=ORGANISATION_LOCALE,
        category="claim",
        event=event,
        sender=sender,
        org_name=org["name"],
        title=title,
        link=absolute_url("claims.claim_page", token=token),
    )
