"""The mail outbox for administrators: what was sent, what waits, what failed, and (with
no SMTP server configured) what would have been sent."""

from __future__ import annotations

from flask import current_app, render_template, request

from app.bounds import query_int
from app.extensions import get_graph
from app.lookup import found_or_404
from app.notifications import bp
from app.services import mail_outbox

STATUSES = ("pending", "sent", "local", "failed")


@bp.route("/admin/posta")
def outbox() -> str:
    """The outbox, newest first, filtered by status."""
    status = request.args.get("stato")
    status = status if status in STATUSES else None
    page = mail_outbox.outbox_page(
        get_graph(),
        status=status,
        page=query_int("pagina"),
        per_page=int(current_app.config["PAGE_SIZE"]),
    )
    return render_template(
        "notifications/outbox.html",
        mails=page.items,
        status=status,
        statuses=STATUSES,
        number=page.page,
        pages=page.pages,
        total=page.total,
        smtp=bool(current_app.config.get("MAIL_SERVER")),
    )


@bp.route("/admin/posta/<mail_id>")
def outbox_mail(mail_id: str) -> str:
    """One mail of the outbox, as its reader would get it (text; HTML source)."""
    mail = found_or_404(mail_outbox.outbox_mail(get_graph(), mail_id))
    return render_template("notifications/outbox_mail.html", mail=mail)
