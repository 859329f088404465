"""The administrators' forms for a call: a new call, and edits (titles, budget, phases,
themes, rules as JSON)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app import labels
from app.bounds import EUROS, InBound
from app.organizations.forms import MultiCheckboxField
from app.services.calls import parse_documents
from graph.model import KINDS

#: Separates a line's code from its Italian and English names in the lines box.
LINE_SEPARATOR = "|"


def _documents_field() -> TextAreaField:
    return TextAreaField(
        _l("Official documents"),
        validators=[Optional(), Length(max=20_000)],
        description=_l(
            "One document per row: title | https:// address (only https "
            "addresses, e.g. the call's page on the Regione Piemonte website)."
        ),
    )


def _check_documents(field: TextAreaField) -> None:
    bad = parse_documents(field.data or "")[1]
    if bad:
        raise ValidationError(
            _l(
                "Rows %(rows)s: each document needs an https:// address.",
                rows=", ".join(str(n) for n in bad),
            )
        )


class PhaseForm(Form):
    """One phase: its code stays, its labels and deadline change."""

    code = HiddenField()
    label_it = StringField(_l("Name (Italian)"), validators=[DataRequired(), Length(max=200)])
    label_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    deadline = DateField(_l("Deadline"), validators=[Optional()])


class CallForm(FlaskForm):
    title_it = StringField(_l("Title (Italian)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=200)])
    budget_eur = IntegerField(_l("Budget (EUR)"), validators=[DataRequired(), InBound(EUROS)])
    opens_on = DateField(
        _l("Applications open on"),
        validators=[Optional()],
        description=_l("Leave empty when the call is open already."),
    )
    documents = _documents_field()
    phases = FieldList(FormField(PhaseForm), min_entries=1, max_entries=4)
    themes = MultiCheckboxField(_l("Themes"))
    rules = TextAreaField(
        _l("Rules (JSON)"),
        validators=[DataRequired()],
        description=_l(
            "Every key of the rule vocabulary, null or empty for no constraint. "
            "A change creates a new version; the previous ones are kept."
        ),
    )
    rules_version = HiddenField()
    submit = SubmitField(_l("Save the call"))

    def validate_documents(self, field: TextAreaField) -> None:
        _check_documents(field)


def _kind_choices() -> list[tuple[str, str]]:
    return [(kind, str(labels.KIND_LABELS[kind])) for kind in KINDS]


class NewCallForm(FlaskForm):
    """A new call: code, names, optional lines; every kind admitted unless unticked."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20)],
        description=_l(
            "Letters, digits, _ and -, e.g. H2020; stored in capitals and never changed afterwards."
        ),
    )
    title_it = StringField(_l("Title (Italian)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=200)])
    budget_eur = IntegerField(
        _l("Budget (EUR)"), default=0, validators=[Optional(), InBound(EUROS)]
    )
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    opens_on = DateField(
        _l("Applications open on"),
        validators=[Optional()],
        description=_l("Leave empty when the call is open already."),
    )
    documents = _documents_field()
    lines = TextAreaField(
        _l("Lines"),
        validators=[Optional(), Length(max=20_000)],
        description=_l(
            "Optional. One line of the call per row: code | Italian name | "
            "English name (the names may be left out). Codes have letters, "
            "digits and . _ : -, e.g. line1."
        ),
    )
    lead_kinds = MultiCheckboxField(_l("Who may lead"), default=list(KINDS))
    member_kinds = MultiCheckboxField(_l("Who may be a partner"), default=list(KINDS))
    themes = MultiCheckboxField(_l("Themes"))
    submit = SubmitField(_l("Create the call"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.lead_kinds.choices = _kind_choices()
        self.member_kinds.choices = _kind_choices()

    def validate_lead_kinds(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError(_l("At least one kind of organisation may lead."))

    def validate_member_kinds(self, field: MultiCheckboxField) -> None:
        if not field.data:
            raise ValidationError(_l("At least one kind of organisation may be a partner."))

    def validate_documents(self, field: TextAreaField) -> None:
        _check_documents(field)

    def validate_lines(self, field: TextAreaField) -> None:
        codes = [line["code"] for line in self.parsed_lines()]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise ValidationError(_l("Line codes repeated: %(codes)s.", codes=", ".join(repeated)))

    def parsed_lines(self) -> list[dict[str, str]]:
        """The lines box as ``{"code", "label_it", "label_en"}``, blank rows skipped."""
        found = []
        for row in (self.lines.data or "").splitlines():
            parts = [part.strip() for part in row.split(LINE_SEPARATOR)]
            if parts[0]:
                names = parts[1:3] + ["", ""]
                found.append({"code": parts[0], "label_it": names[0], "label_en": names[1]})
        return found
