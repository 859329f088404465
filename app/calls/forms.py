"""The administrators' form for a call: titles, budget, phases, themes, rules (JSON)."""

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
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.organizations.forms import MultiCheckboxField


class PhaseForm(Form):
    """One phase: its code stays, its labels and deadline change."""

    code = HiddenField()
    label_it = StringField(_l("Name (Italian)"), validators=[DataRequired(), Length(max=200)])
    label_en = StringField(_l("Name (English)"), validators=[DataRequired(), Length(max=200)])
    deadline = DateField(_l("Deadline"), validators=[Optional()])


class CallForm(FlaskForm):
    title_it = StringField(_l("Title (Italian)"), validators=[DataRequired(), Length(max=200)])
    title_en = StringField(_l("Title (English)"), validators=[DataRequired(), Length(max=200)])
    budget_eur = IntegerField(_l("Budget (EUR)"),
                              validators=[DataRequired(), NumberRange(min=0)])
    phases = FieldList(FormField(PhaseForm), min_entries=1, max_entries=4)
    themes = MultiCheckboxField(_l("Themes"))
    rules = TextAreaField(
        _l("Rules (JSON)"), validators=[DataRequired()],
        description=_l("Every key of the rule vocabulary, null or empty for no constraint. "
                       "A change creates a new version; the previous ones are kept."))
    rules_version = HiddenField()
    submit = SubmitField(_l("Save the call"))
