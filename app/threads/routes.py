"""Threads: read (both sides, administrators) and write (both sides, while open).

Each side is the people acting for one organisation: the requester and the receiver of a
partnership request; the invited organisation and the consortium's lead for an
invitation. Administrators read every thread but write only for organisations they act
for themselves. Anyone else is refused (403, audited).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import policy
from app.access import current_actor, deny
from app.extensions import get_graph
from app.lookup import found_or_404
from app.services import threads
from app.threads import bp
from app.threads.forms import MessageForm
from graph.partnership_records import OrgRef
from graph.thread_records import ThreadMessage


def _acts_for(org: OrgRef | None) -> bool:
    """Whether the user acts for ``org`` themselves (an administrator's override aside)."""
    if org is None:
        return False
    if policy.role_of(current_user) == "admin":
        return org.id in current_user.organization_ids or (
            org.kind == "District" and org.code in current_user.district_codes
        )
    return policy.can_act_for_organization(current_user, org.id, org.kind, org.code)


def _side_or_deny(
    sides: list[OrgRef | None], subject: str, subject_id: str, *, write: bool
) -> OrgRef | None:
    side = next((o for o in sides if _acts_for(o)), None)
    if side is None and (write or policy.role_of(current_user) != "admin"):
        deny("not a party to this thread", target_type=subject, target_id=subject_id)
    return side


def _refusal(code: str) -> str:
    return {
        "empty": _("Write a message first."),
        "too_long": _("The message is too long (at most %(n)d characters).", n=threads.MAX_BODY),
        "closed": _("This conversation is closed: the request is no longer open."),
        "full": _("This conversation has reached its length limit."),
    }.get(code, _("The operation could not be completed."))


def _post(
    subject: str,
    subject_id: str,
    side: OrgRef,
    others: list[str],
    other_users: list[str],
    about: str,
    back: str,
) -> Response:
    form = MessageForm()
    if not form.validate_on_submit():
        flash(_refusal("too_long" if form.body.data else "empty"), "error")
        return redirect(back)
    try:
        threads.post(
            get_graph(),
            current_actor(),
            subject=subject,
            subject_id=subject_id,
            body=form.body.data or "",
            author_name=current_user.name,
            side=side,
            other_org_ids=others,
            other_user_ids=other_users,
            link=back,
            about=about,
        )
    except threads.ThreadError as exc:
        flash(_refusal(exc.code), "error")
    else:
        flash(_("Message sent."), "success")
    return redirect(back)


@bp.route("/partenariati/richieste/<request_id>/messaggi")
def request_thread(request_id: str) -> str:
    """The conversation on a partnership request."""
    graph = get_graph()
    found = found_or_404(threads.request_parties(graph, request_id))
    side = _side_or_deny(
        [found.from_org, found.to_org], "partnership_request", request_id, write=False
    )
    # The request's own message opens the thread, as its organisation's.
    first = ThreadMessage(
        body=found.message or "",
        created_at=found.created_at,
        org_name=found.from_org.name,
        author_name=None,
    )
    return render_template(
        "threads/thread.html",
        found=found,
        side=side,
        form=MessageForm(),
        messages=[first] if found.message else [],
        thread=threads.messages(graph, "request", request_id),
        heading=_(
            "Partnership request: %(a)s to %(b)s",
            a=found.from_org.name,
            b=found.to_org.name,
        ),
        action=url_for("threads.post_request_message", request_id=request_id),
        back=url_for("partnerships.inbox", org=side.id) if side else None,
    )


@bp.route("/partenariati/richieste/<request_id>/messaggi", methods=["POST"])
def post_request_message(request_id: str) -> Response:
    """Write on a partnership request, for the side the user acts for."""
    found = found_or_404(threads.request_parties(get_graph(), request_id))
    side = _side_or_deny(
        [found.from_org, found.to_org], "partnership_request", request_id, write=True
    )
    assert side is not None
    other = found.to_org if side.id == found.from_org.id else found.from_org
    return _post(
        "request",
        request_id,
        side,
        [other.id],
        [],
        about=_("the partnership request"),
        back=url_for("threads.request_thread", request_id=request_id),
    )


@bp.route("/consorzi/inviti/<invitation_id>/messaggi")
def invitation_thread(invitation_id: str) -> str:
    """The conversation on a consortium invitation."""
    graph = get_graph()
    found = found_or_404(threads.invitation_parties(graph, invitation_id))
    side = _side_or_deny([found.org, found.lead], "invitation", invitation_id, write=False)
    return render_template(
        "threads/thread.html",
        found=found,
        side=side,
        form=MessageForm(),
        messages=[],
        thread=threads.messages(graph, "invitation", invitation_id),
        heading=_(
            "Invitation of %(org)s to the consortium %(title)s",
            org=found.org.name,
            title=found.title,
        ),
        action=url_for("threads.post_invitation_message", invitation_id=invitation_id),
        back=url_for("consortia.detail", consortium_id=found.consortium_id)
        if side and found.lead and side.id == found.lead.id
        else url_for("consortia.index"),
    )


@bp.route("/consorzi/inviti/<invitation_id>/messaggi", methods=["POST"])
def post_invitation_message(invitation_id: str) -> Response:
    """Write on a consortium invitation, for the side the user acts for."""
    found = found_or_404(threads.invitation_parties(get_graph(), invitation_id))
    side = _side_or_deny([found.org, found.lead], "invitation", invitation_id, write=True)
    assert side is not None
    invited = side.id == found.org.id
    others = [found.lead.id] if invited and found.lead else [found.org.id]
    inviter = [found.invited_by] if invited and found.invited_by else []
    return _post(
        "invitation",
        invitation_id,
        side,
        others,
        inviter,
        about=found.title or "",
        back=url_for("threads.invitation_thread", invitation_id=invitation_id),
    )
