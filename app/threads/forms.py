"""The form of a new message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.services.threads import MAX_BODY


class MessageForm(FlaskForm):
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(), Length(max=MAX_BODY)],
        description=_l("Plain text, at most %(n)d characters.", n=MAX_BODY),
    )
    submit = SubmitField(_l("Send the message"))
