"""The partnership dossier (printable page, PDF and CSV) and the district lead's view."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from flask import Response, current_app, render_template
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from app import labels, policy
from app.access import deny
from app.acting import consortium_or_404
from app.analysis.presenting import map_words
from app.consortia import bp
from app.extensions import get_graph
from app.lookup import found_or_404
from app.services import districts, dossier, dossier_pdf, territory
from app.wording.rules import STATUS_WORDS, explain, rule_name, status_label
from graph.call_records import CallPhase


def _headings() -> dict[str, str]:
    return {
        "consortium": _("Consortium"),
        "title": _("Project title"),
        "call": _("Call"),
        "status": _("Status"),
        "district": _("District"),
        "rules_version": _("Rules version checked"),
        "total_budget": _("Total budget (EUR)"),
        "organization": _("Organisation"),
        "id": _("Id"),
        "kind": _("Kind"),
        "role": _("Role"),
        "budget_line": _("Budget item"),
        "amount": _("Amount (EUR)"),
        "rule": _("Rule"),
        "outcome": _("Outcome"),
        "explanation": _("Explanation"),
        "members": _("Members concerned"),
    }


def _labeller(phases: Sequence[CallPhase]) -> dossier.Label:
    """Codes (status, kind, role, outcome) in the user's language."""

    def label(category: str, code: str) -> str:
        if category == "status":
            return status_label(code, phases)
        words = {"kind": labels.KIND_LABELS, "role": labels.ROLE_LABELS, "outcome": STATUS_WORDS}[
            category
        ]
        return str(words.get(code, code))

    return label


@bp.route("/<consortium_id>/dossier")
def dossier_page(consortium_id: str) -> str:
    """The dossier as a printable page."""
    view = consortium_or_404(consortium_id)
    return render_template(
        "consortia/dossier.html", view=view, today_label=format_date(date.today(), format="long")
    )


@bp.route("/<consortium_id>/dossier.pdf")
def dossier_pdf_file(consortium_id: str) -> Response:
    """The dossier as an A4 PDF (WeasyPrint), rules by their readable names."""
    view = consortium_or_404(consortium_id)
    html = render_template(
        "consortia/dossier_pdf.html",
        view=view,
        today_label=format_date(date.today(), format="long"),
    )
    sheet = Path(current_app.static_folder or "static") / "css" / "dossier-pdf.css"
    return Response(
        dossier_pdf.html_to_pdf(html, stylesheet=sheet),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="dossier-{view.id}.pdf"'},
    )


@bp.route("/<consortium_id>/dossier.csv")
def dossier_csv(consortium_id: str) -> Response:
    """The dossier as CSV for Italian spreadsheets (``;``, UTF-8 with BOM)."""
    view = consortium_or_404(consortium_id)
    rows = dossier.dossier_rows(view, explain, _labeller(view.call.phases), _headings(), rule_name)
    text = dossier.dossier_csv(rows)
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="dossier-{view.id}.csv"'},
    )


@bp.route("/distretto/<district_code>")
def district(district_code: str) -> str:
    """A district's organisations, partnerships, who is not involved yet, its consortia."""
    if not policy.can_view_district(current_user, district_code):
        deny("not a lead of this district", target_type="district", target_id=district_code)
    overview = found_or_404(districts.district_overview(get_graph(), district_code))
    gaps = territory.coverage_gaps(territory.coverage(get_graph(), district_code))
    return render_template(
        "consortia/district.html",
        overview=overview,
        gaps=gaps,
        code=district_code,
        coverage_words=map_words(),
    )
