"""Forms of the consortium builder: open a consortium, invite, budget lines, answer."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app import labels
from app.bounds import EUROS, bound_message
from app.services.invitations import INVITED_ROLES, parse_euros
from graph.consortium_records import BudgetLine

BUDGET_ROWS = 4


class BudgetLineForm(Form):
    """One budget line: what for, and how much (whole euros)."""

    label = StringField(_l("Budget item"), validators=[Optional(), Length(max=160)])
    amount = StringField(_l("Amount (EUR)"), validators=[Optional(), Length(max=20)])

    def validate_amount(self, field: Field) -> None:
        """Amounts in whole euros; an amount needs a description."""
        if field.data and parse_euros(field.data) is None:
            raise ValidationError(bound_message(EUROS))
        if field.data and not (self.label.data or "").strip():
            raise ValidationError(str(_l("Describe what this amount is for.")))


class _BudgetLines(FlaskForm):
    lines = FieldList(
        FormField(BudgetLineForm), min_entries=BUDGET_ROWS, max_entries=BUDGET_ROWS + 8
    )

    def budget_lines(self) -> list[BudgetLine]:
        """The filled-in lines (blank rows ignored)."""
        result = []
        for entry in self.lines.entries:
            label = (entry.form.label.data or "").strip()
            amount = parse_euros(entry.form.amount.data or "") or 0
            if label or amount:
                result.append(BudgetLine(label, amount))
        return result


class NewConsortiumForm(FlaskForm):
    call = SelectField(_l("Call"), validators=[DataRequired()])
    lead = SelectField(_l("Lead organisation"), validators=[DataRequired()])
    line = SelectField(
        _l("Line of the call (only where the call has lines)"), validators=[Optional()]
    )
    title = StringField(_l("Project title"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Open the consortium"))


class InviteForm(_BudgetLines):
    org_id = HiddenField(validators=[DataRequired()])
    role = SelectField(
        _l("Role"), choices=[SelectChoice(r, labels.ROLE_LABELS[r]) for r in INVITED_ROLES]
    )
    submit = SubmitField(_l("Send the invitation"))


class BudgetForm(_BudgetLines):
    submit = SubmitField(_l("Save the budget"))


def fill_lines(form: _BudgetLines, lines: Iterable[BudgetLine]) -> None:
    """Put stored budget lines into a fresh form (then blank rows up to the minimum)."""
    while form.lines.entries:
        form.lines.pop_entry()
    for line in lines:
        form.lines.append_entry({"label": line.label, "amount": str(line.amount_eur)})
    while len(form.lines.entries) < BUDGET_ROWS:
        form.lines.append_entry()
