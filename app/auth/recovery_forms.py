"""Forms for asking a password-reset link, setting the new password, changing the address."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from app.auth.forms import new_password_field, repeat_password_field


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Send me a link"))


class ResetPasswordForm(FlaskForm):
    password = new_password_field(_l("New password"))
    confirm = repeat_password_field(_l("Repeat the new password"))
    submit = SubmitField(_l("Set the new password"))


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("New e-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    submit = SubmitField(_l("Send the confirmation link"))
