"""The user's notifications and mail preferences, and the public unsubscribe link."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.bounds import query_int
from app.extensions import csrf, get_graph
from app.lookup import found_or_404
from app.mail.unsubscribe import ALL_GROUPS, read_token
from app.notifications import bp
from app.notifications.forms import (
    MarkAllReadForm,
    MarkReadForm,
    UnsubscribeForm,
    preferences_form,
)
from app.services import notification_kinds as kinds
from app.services import notifications


def unread_count() -> int:
    """The current user's unread notifications, read once per request (for the bell)."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = notifications.unread_count(get_graph(), current_user.id)
    return int(g.unread_notifications)


@bp.route("/notifiche")
def index() -> str:
    """The user's notifications, newest first, a page at a time."""
    size = int(current_app.config["PAGE_SIZE"])
    number = query_int("pagina")
    found = notifications.page(get_graph(), current_user.id, skip=(number - 1) * size, limit=size)
    g.unread_notifications = found.unread
    return render_template(
        "notifications/index.html",
        found=found,
        number=number,
        pages=max((found.total + size - 1) // size, 1),
        all_form=MarkAllReadForm(),
    )


@bp.route("/notifiche/letta", methods=["POST"])
def mark_read() -> Response:
    """Mark one notification read; go to its link when asked (``open``)."""
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    notification_id = form.notification_id.data or ""
    if not notifications.mark_read(get_graph(), current_user.id, notification_id):
        abort(404)
    target = request.form.get("open", "")
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return redirect(target)
    return redirect(url_for("notifications.index"))


@bp.route("/notifiche/tutte-lette", methods=["POST"])
def mark_all_read() -> Response:
    """Mark every notification of the user read."""
    if MarkAllReadForm().validate_on_submit():
        notifications.mark_all_read(get_graph(), current_user.id)
        flash(_("All notifications marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/account/email", methods=["GET", "POST"])
def preferences() -> str | Response:
    """Which notifications reach the user by e-mail: at once, in a daily digest, never."""
    graph = get_graph()
    form = preferences_form(notifications.preferences(graph, current_user.id))
    if form.validate_on_submit():
        notifications.set_preferences(
            graph, current_user.id, {group: getattr(form, group).data for group in kinds.GROUPS}
        )
        flash(_("E-mail preferences saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form, groups=kinds.GROUPS)


@bp.route("/email/disiscrizione/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str) -> str | Response:
    """Stop a kind of mail from a link in the mail itself, without logging in; a POST
    (the button, or a mail client's RFC 8058 one-click request) does it."""
    found = found_or_404(read_token(token))
    user_id, group = found
    form = UnsubscribeForm()
    done = False
    if request.method == "POST":
        done = notifications.unsubscribe(get_graph(), user_id, group)
        if not done:
            abort(404)
    label = (
        _("every e-mail of the platform")
        if group == ALL_GROUPS
        else kinds.GROUP_LABELS.get(group, group)
    )
    return render_template(
        "notifications/unsubscribe.html", form=form, done=done, label=label, token=token
    )
