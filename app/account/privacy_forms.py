"""Forms for the user's data-protection requests: consent and erasure."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SubmitField
from wtforms.validators import DataRequired


class ConsentForm(FlaskForm):
    accept = BooleanField(_l("I have read the privacy notice"), validators=[DataRequired()])
    submit = SubmitField(_l("Accept"))


class EraseForm(FlaskForm):
    password = PasswordField(_l("Your password, to confirm"), validators=[DataRequired()])
    confirm = BooleanField(
        _l("I understand that my account and personal data will be erased for good"),
        validators=[DataRequired()],
    )
    submit = SubmitField(_l("Erase my account"))
