"""Forms of the notification pages (CSRF-protected posts)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SubmitField

from app.services import notification_kinds as kinds


class MarkReadForm(FlaskForm):
    notification_id = HiddenField()


class MarkAllReadForm(FlaskForm):
    submit = SubmitField(_l("Mark all as read"))


class UnsubscribeForm(FlaskForm):
    """The confirmation button of an unsubscribe link (the token authenticates it)."""

    class Meta:
        csrf = False

    submit = SubmitField(_l("Stop these e-mails"))


def preferences_form(current: dict[str, str]) -> FlaskForm:
    """A form with one choice (at once, digest, never) per group, set to ``current``."""

    class PreferencesForm(FlaskForm):
        submit = SubmitField(_l("Save"))

    for group in kinds.GROUPS:
        setattr(
            PreferencesForm,
            group,
            RadioField(
                kinds.GROUP_LABELS[group],
                default=current.get(group, kinds.DEFAULT_MODE),
                choices=[SelectChoice(mode, kinds.MODE_LABELS[mode]) for mode in kinds.MODES],
            ),
        )
    return PreferencesForm()
