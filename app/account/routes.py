"""My account, asking to act for an organisation, proposing a new one."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.access import current_actor
from app.account import bp
from app.account.email_routes import verified_or_redirect
from app.extensions import get_graph
from app.organizations.forms import ProposeOrganizationForm, fill_choices, profile_fields
from app.services import memberships, profiles, proposals, reference


@bp.route("/")
def index() -> str:
    """The user's organisations, districts and requests, and a search to join one."""
    graph = get_graph()
    query = request.args.get("q", "")
    return render_template(
        "account/index.html",
        requests=memberships.requests_of(graph, current_user.id),
        query=query,
        matches=memberships.find_organizations(graph, query),
    )


@bp.route("/unisciti/<org_id>", methods=["POST"])
def request_join(org_id: str) -> Response:
    """Ask the members of an organisation to let this user act for it (confirmed address)."""
    refused = verified_or_redirect()
    if refused is not None:
        return refused
    outcome = memberships.request_to_join(get_graph(), current_actor(), org_id)
    messages = {
        "created": (
            _("Request sent: a member of the organisation or an administrator will decide."),
            "success",
        ),
        "pending": (_("A request for this organisation is already waiting."), "info"),
        "member": (_("You already act for this organisation."), "info"),
        "missing": (_("This organisation does not exist."), "error"),
    }
    text, category = messages[outcome]
    flash(text, category)
    return redirect(url_for("account.index"))


@bp.route("/proponi", methods=["GET", "POST"])
def propose_organization() -> Response | str:
    """Propose a new organisation (confirmed address); an administrator approves it."""
    refused = verified_or_redirect()
    if refused is not None:
        return refused
    graph = get_graph()
    form = ProposeOrganizationForm()
    fill_choices(form, reference.themes(graph), reference.municipalities(graph))
    duplicates = None
    if form.validate_on_submit():
        data = profiles.ProfileData(
            profile_fields(form), form.municipality.data or "", list(form.themes.data or [])
        )
        try:
            profiles.propose_organization(
                graph,
                current_actor(),
                form.kind.data or "",
                data,
                confirmed_distinct=bool(form.confirm_distinct.data),
            )
        except profiles.DuplicateOrganization as exc:
            duplicates = exc.check
            if exc.check.holder:
                form.tax_code.errors = [
                    _("An organisation with this tax code is already in the network.")
                ]
        except profiles.ProfileError as exc:
            field = getattr(form, exc.field or "name", form.name)
            field.errors = [*field.errors, _("Check this field.")]
            if exc.code == "size_class_required":
                field.errors = [_("Choose the size of the enterprise.")]
        else:
            flash(_("Proposal sent: an administrator will review it."), "success")
            return redirect(url_for("account.my_proposals"))
    return render_template("account/propose.html", form=form, duplicates=duplicates)


@bp.route("/proposte")
def my_proposals() -> str:
    """The organisations this user proposed, pending or decided, with the outcome."""
    return render_template(
        "account/proposals.html", proposals=proposals.user_proposals(get_graph(), current_user.id)
    )
