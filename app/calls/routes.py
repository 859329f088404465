"""Calls: list, detail (rules in words, phases, versions), and the administrators' edit."""

from __future__ import annotations

import json
from dataclasses import asdict

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from app.access import current_actor
from app.calls import bp
from app.calls.forms import CallForm, NewCallForm
from app.calls.presenting import problem_text
from app.extensions import get_graph
from app.lookup import found_or_404
from app.services import calls, reference
from graph.call_records import Call


@bp.route("/")
def index() -> str:
    """The five calls with budget, phases and deadlines."""
    return render_template("calls/index.html", calls=calls.list_calls(get_graph()))


@bp.route("/nuovo", methods=["GET", "POST"])
def new() -> Response | str:
    """Define a new call with permissive rules (administrators)."""
    graph = get_graph()
    form = NewCallForm()
    lang = str(get_locale() or "it")
    form.themes.choices = [(t["code"], t[f"label_{lang}"]) for t in reference.themes(graph)]
    if form.validate_on_submit():
        draft = calls.CallDraft(
            code=form.code.data or "",
            title_it=form.title_it.data or "",
            title_en=form.title_en.data or "",
            lines=tuple(form.parsed_lines()),
            lead_kinds=tuple(form.lead_kinds.data or ()),
            member_kinds=tuple(form.member_kinds.data or ()),
            budget_eur=int(form.budget_eur.data or 0),
            themes=tuple(form.themes.data or ()),
            deadline=form.deadline.data,
            opens_on=form.opens_on.data,
            documents=tuple(calls.parse_documents(form.documents.data or "")[0]),
        )
        try:
            code = calls.create_call(graph, draft, current_actor())
        except calls.CallError as exc:
            target = (
                form.code
                if exc.code == "code_taken" or any(p.key == "code" for p in exc.problems)
                else form.lines
            )
            target.errors = [*target.errors, *problem_text(exc)]
        else:
            flash(_("Call %(code)s created.", code=code), "success")
            return redirect(url_for("calls.detail", call_code=code))
    return render_template("calls/new.html", form=form)


@bp.route("/<call_code>")
def detail(call_code: str) -> str:
    """One call: phases, themes, the rules in words, earlier rule versions."""
    found = found_or_404(calls.get_call(get_graph(), call_code))
    return render_template("calls/detail.html", found=found, call=found.call)


def _fill(form: CallForm, call: Call) -> None:
    form.title_it.data, form.title_en.data = call.title_it, call.title_en
    form.budget_eur.data = call.budget_eur
    form.opens_on.data = call.opens_on
    form.documents.data = calls.documents_text(call.documents)
    while form.phases.entries:
        form.phases.pop_entry()
    for phase in call.phases:
        form.phases.append_entry(asdict(phase))
    form.themes.data = [t.code for t in call.themes]
    form.rules.data = json.dumps(call.rules, ensure_ascii=False, indent=2)
    form.rules_version.data = str(call.rules_version)


def _edit_from(form: CallForm, call: Call) -> calls.CallEdit:
    codes = [p.code for p in call.phases]
    phases = [
        {
            "code": code,
            "label_it": entry.form.label_it.data,
            "label_en": entry.form.label_en.data,
            "deadline": entry.form.deadline.data.isoformat() if entry.form.deadline.data else None,
        }
        for code, entry in zip(codes, form.phases.entries, strict=False)
    ]
    return calls.CallEdit(
        title_it=form.title_it.data or "",
        title_en=form.title_en.data or "",
        budget_eur=int(form.budget_eur.data or 0),
        phases=phases,
        themes=list(form.themes.data or []),
        rules_text=form.rules.data or "",
        expected_version=int(form.rules_version.data or 0),
        opens_on=form.opens_on.data,
        documents=calls.parse_documents(form.documents.data or "")[0],
    )


@bp.route("/<call_code>/modifica", methods=["GET", "POST"])
def edit(call_code: str) -> Response | str:
    """Edit a call; changed rules become a new version."""
    graph = get_graph()
    found = found_or_404(calls.get_call(graph, call_code))
    form = CallForm()
    lang = str(get_locale() or "it")
    form.themes.choices = [(t["code"], t[f"label_{lang}"]) for t in reference.themes(graph)]
    if not form.is_submitted():
        _fill(form, found.call)
    elif form.validate() and len(form.phases.entries) == len(found.call.phases):
        try:
            version = calls.update_call(
                graph, current_actor(), call_code, _edit_from(form, found.call)
            )
        except calls.CallError as exc:
            form.rules.errors = [*form.rules.errors, *problem_text(exc)]
        else:
            flash(_("Call saved; rules version in force: %(v)s.", v=version), "success")
            return redirect(url_for("calls.detail", call_code=call_code))
    return render_template("calls/edit.html", form=form, call=found.call)


@bp.route("/<call_code>/pratica", methods=["POST"])
def practice_mode(call_code: str) -> Response:
    """Open or close a call's practice mode: its deadlines warn instead of refusing."""
    on = request.form.get("practice") == "on"
    if not calls.set_practice_mode(get_graph(), current_actor(), call_code, on):
        abort(404)
    flash(
        _("Practice mode opened: deadlines no longer refuse new consortia or phase moves.")
        if on
        else _("Practice mode closed: the call's deadlines are enforced."),
        "success",
    )
    return redirect(url_for("calls.edit", call_code=call_code))
