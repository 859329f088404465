"""Forms for logging in, registering and changing the password."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.services.accounts import MIN_PASSWORD_LENGTH

_PASSWORD_HELP = _l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH)


def new_password_field(label: LazyString) -> PasswordField:
    """A new password: long enough, with the length said under the field."""
    return PasswordField(
        label,
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=_PASSWORD_HELP,
    )


def repeat_password_field(label: LazyString) -> PasswordField:
    """The new password again; must equal the form's ``password``."""
    message = _l("The passwords differ.")
    return PasswordField(label, validators=[DataRequired(), EqualTo("password", message=message)])


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Remember me on this computer"))
    submit = SubmitField(_l("Log in"))


class RegisterForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    password = new_password_field(_l("Password"))
    confirm = repeat_password_field(_l("Repeat the password"))
    privacy = BooleanField(_l("I have read the privacy notice"), validators=[DataRequired()])
    submit = SubmitField(_l("Create the account"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = new_password_field(_l("New password"))
    confirm = repeat_password_field(_l("Repeat the new password"))
    submit = SubmitField(_l("Change the password"))
