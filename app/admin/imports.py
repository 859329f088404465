"""Administrators' CSV import page: upload, background import with progress, error report."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response as BaseResponse
from wtforms import BooleanField, SelectChoice, SelectField, SubmitField

from app.access import current_actor
from app.admin import bp
from app.csv_messages import describe
from app.extensions import get_graph
from app.lookup import found_or_404
from app.services import import_jobs
from app.services.csv_export import export_lines
from app.services.csv_format import EXCEL_IT, FILE_KINDS, flavour_named


class ImportForm(FlaskForm):
    file_kind = SelectField(_l("File"))
    upload = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a file."))])
    dry_run = BooleanField(_l("Dry run: check every row, save nothing"))
    submit = SubmitField(_l("Import"))


def _kind_labels() -> dict[str, str]:
    return {
        "organizations": _("Organisations"),
        "partnerships": _("Partnerships"),
        "memberships": _("Consortium memberships"),
    }


def _paths(job_id: str) -> tuple[Path, Path]:
    folder = Path(current_app.config["IMPORT_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{job_id}.upload.csv", folder / f"{job_id}.errors.csv"


def _run_in_background(app: Flask, job_id: str, upload: Path, report: Path, lang: str) -> None:
    """The import runs in a thread: never inside the request that started it."""

    def work() -> None:
        with app.app_context(), force_locale(lang):
            import_jobs.run_job(get_graph(), job_id, upload, report, describe)

    threading.Thread(target=work, name=f"import-{job_id}", daemon=True).start()


@bp.route("/importazioni", methods=["GET", "POST"])
def imports() -> BaseResponse | str:
    """Upload a CSV file to import; recent imports with their outcome."""
    form = ImportForm()
    labels = _kind_labels()
    form.file_kind.choices = [SelectChoice(k, labels[k]) for k in FILE_KINDS]
    if form.validate_on_submit():
        lang = str(get_locale() or "it")
        graph = get_graph()
        job_id = import_jobs.new_job(
            graph,
            current_actor(),
            file_kind=form.file_kind.data or "",
            filename=form.upload.data.filename or "",
            lang=lang,
            dry_run=bool(form.dry_run.data),
        )
        upload, report = _paths(job_id)
        form.upload.data.save(upload)
        _run_in_background(
            current_app._get_current_object(),  # type: ignore[attr-defined]
            job_id,
            upload,
            report,
            lang,
        )
        return redirect(url_for("admin.import_job", job_id=job_id))
    return render_template(
        "admin/imports.html", form=form, labels=labels, jobs=import_jobs.recent_jobs(get_graph())
    )


@bp.route("/importazioni/<job_id>")
def import_job(job_id: str) -> str:
    """One import: progress while it runs, the counts and the error report when done."""
    job = found_or_404(import_jobs.get_job(get_graph(), job_id))
    return render_template("admin/import_job.html", job=job, labels=_kind_labels())


@bp.route("/importazioni/<job_id>/errori.csv")
def import_report(job_id: str) -> Response:
    """Download the error report: line, column, value and reason of every refused row."""
    job = import_jobs.get_job(get_graph(), job_id)
    _, report = _paths(job_id)
    if job is None or job.status != "done" or not report.exists():
        abort(404)
    return send_file(
        report,
        mimetype="text/csv",
        as_attachment=True,
        download_name=f"errori-{job.file_kind}-{job_id[:8]}.csv",
    )


@bp.route("/esporta/<kind>.csv")
def export(kind: str) -> Response:
    """Export a file in the import format (``?formato=it``, or ``?excel=1``: Italian
    spreadsheets' layout, ';', Windows-1252, decimal commas, DD/MM/YYYY)."""
    if kind not in FILE_KINDS:
        abort(404)
    flavour = EXCEL_IT if request.args.get("excel") else flavour_named(request.args.get("formato"))
    encoding = "cp1252" if flavour is EXCEL_IT else "utf-8"
    graph = get_graph()

    def body() -> Iterator[bytes]:
        if encoding == "utf-8":
            yield "\ufeff".encode()
        for line in export_lines(graph, kind, flavour):
            yield line.encode(encoding, errors="replace")

    headers = {"Content-Disposition": f'attachment; filename="{kind}.csv"'}
    return Response(
        stream_with_context(body()), mimetype=f"text/csv; charset={encoding}", headers=headers
    )
