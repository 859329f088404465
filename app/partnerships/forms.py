"""Forms of the partnership workflow: a request, and the end of a partnership."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app import labels
from app.services.partnerships import MAX_MESSAGE
from graph.model import PARTNERSHIP_TYPES
from graph.partnership_records import OrgRef


class RequestForm(FlaskForm):
    from_org = SelectField(_l("On behalf of"), validators=[DataRequired()])
    type = SelectField(_l("Kind of partnership"), validators=[DataRequired()])
    message = TextAreaField(
        _l("Message"),
        validators=[Length(max=MAX_MESSAGE)],
        description=_l("What you would like to do together (optional)."),
    )
    submit = SubmitField(_l("Send the request"))

    def fill(self, senders: list[OrgRef]) -> None:
        """Offer the organisations the user acts for and the partnership types."""
        self.from_org.choices = [(o.id, o.name or "") for o in senders]
        self.type.choices = [(t, str(labels.PARTNERSHIP_TYPE_LABELS[t])) for t in PARTNERSHIP_TYPES]


class EndForm(FlaskForm):
    until = DateField(_l("End date"), validators=[DataRequired()])
    submit = SubmitField(_l("End the partnership"))
