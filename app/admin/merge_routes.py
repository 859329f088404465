"""Merging two records of the same organisation: choose, confirm, merge."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from app.access import current_actor
from app.admin import bp
from app.admin.forms import MergeForm
from app.extensions import get_graph
from app.services import merge as merging


def _refusal(exc: merging.MergeRefused) -> str:
    messages = {
        "not_found": _("Choose two organisations that exist (by id)."),
        "same": _("Choose two different organisations."),
        "district": _("Districts are territories: they cannot be merged."),
        "unhandled": _(
            "The organisation has ties the merge does not know how to move "
            "(%(types)s); nothing was changed.",
            types=exc.params.get("types", ""),
        ),
    }
    return messages.get(exc.code, _("The organisations could not be merged."))


@bp.route("/unisci", methods=["GET"])
def merge() -> str:
    """Choose two organisations; with both chosen, show what the merge moves."""
    form = MergeForm(
        formdata=MultiDict(request.args) if request.args else None, meta={"csrf": False}
    )
    preview, problem = None, None
    if form.survivor.data and form.merged.data:
        try:
            preview = merging.preview(
                get_graph(), form.survivor.data.strip(), form.merged.data.strip()
            )
        except merging.MergeRefused as exc:
            problem = _refusal(exc)
    return render_template("admin/merge.html", form=form, preview=preview, problem=problem)


@bp.route("/unisci", methods=["POST"])
def merge_confirm() -> Response:
    """Merge the confirmed pair in one transaction and go to the survivor's page."""
    form = MergeForm()
    if not form.validate_on_submit():
        flash(_("The merge form was not valid: choose the organisations again."), "error")
        return redirect(url_for("admin.merge"))
    survivor, merged = (form.survivor.data or "").strip(), (form.merged.data or "").strip()
    try:
        merging.merge(get_graph(), current_actor(), survivor, merged)
    except merging.MergeRefused as exc:
        flash(_refusal(exc), "error")
        return redirect(url_for("admin.merge", survivor=survivor, merged=merged))
    flash(_("%(merged)s was merged into this organisation.", merged=merged), "success")
    return redirect(url_for("organizations.detail", org_id=survivor))
