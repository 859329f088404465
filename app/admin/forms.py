"""Administrators' forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from app.services.accounts import ROLES


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Role"), choices=[SelectChoice(r, r) for r in ROLES], validators=[DataRequired()]
    )
    organization = StringField(
        _l("Acts for organisation (id)"), validators=[Optional(), Length(max=40)]
    )
    district = StringField(_l("Leads district (code)"), validators=[Optional(), Length(max=10)])
    submit = SubmitField(_l("Save"))


class MergeForm(FlaskForm):
    """Which record survives and which is merged into it (ids, or typeahead by name)."""

    survivor = StringField(
        _l("Organisation that stays (id)"),
        validators=[DataRequired(), Length(max=40)],
        render_kw={"data-typeahead": "organization"},
    )
    merged = StringField(
        _l("Organisation merged into it and deleted (id)"),
        validators=[DataRequired(), Length(max=40)],
        render_kw={"data-typeahead": "organization"},
    )
    confirm = SubmitField(_l("Merge them"))
