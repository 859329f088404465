"""The organisation profile form, shared by editing and proposing."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app import labels
from app.messages import tax_code_message
from app.services.taxcodes import normalize_tax_code, validate_tax_code
from graph.model import CAPABILITIES, KINDS, SME_SIZES

_WEB_MESSAGE = _l("Enter a web address starting with http:// or https://.")


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OrganizationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    legal_form = StringField(_l("Legal form"), validators=[Optional(), Length(max=120)])
    tax_code = StringField(
        _l("Tax code / VAT number"),
        validators=[Optional(), Length(max=16)],
        description=_l(
            "11 digits (partita IVA or numeric codice fiscale) or a 16-character codice fiscale."
        ),
    )
    municipality = SelectField(
        _l("Municipality"),
        validators=[DataRequired()],
        render_kw={"data-typeahead": "municipality"},
    )
    email = EmailField(_l("Contact e-mail"), validators=[Optional(), Email(), Length(max=254)])
    website = URLField(
        _l("Website"),
        validators=[Optional(), URL(message=_WEB_MESSAGE), Length(max=300)],
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    themes = MultiCheckboxField(_l("Themes"))
    capabilities = MultiCheckboxField(_l("Capabilities"))
    size_class = SelectField(_l("Size (SMEs)"), validators=[Optional()])
    non_profit = BooleanField(_l("Non-profit (SMEs)"))
    submit = SubmitField(_l("Save"))

    def validate_tax_code(self, field: Field) -> None:
        """Check digits of partita IVA and codice fiscale."""
        value = normalize_tax_code(field.data or "")
        if value:
            problem = validate_tax_code(value)
            if problem:
                raise ValidationError(tax_code_message(problem))
            field.data = value

    def validate_website(self, field: Field) -> None:
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError(str(_WEB_MESSAGE))


class ProposeOrganizationForm(OrganizationForm):
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    confirm_distinct = BooleanField(
        _l("None of these: it is another organisation, send the proposal anyway")
    )
    submit = SubmitField(_l("Send the proposal"))


_NONE = SelectChoice("", "—")


def fill_choices(
    form: OrganizationForm, themes: list[dict[str, Any]], municipalities: list[dict[str, Any]]
) -> None:
    """Load the menus from the reference data, labelled in the user's language."""
    lang = str(get_locale() or "it")
    form.themes.choices = [SelectChoice(t["code"], t[f"label_{lang}"] or t["code"]) for t in themes]
    form.municipality.choices = [_NONE] + [
        SelectChoice(m["istat"], f"{m['name']} ({m['province']})") for m in municipalities
    ]
    form.capabilities.choices = [
        SelectChoice(c, str(labels.CAPABILITY_LABELS[c])) for c in CAPABILITIES
    ]
    form.size_class.choices = [_NONE] + [
        SelectChoice(s, str(labels.SIZE_LABELS[s])) for s in SME_SIZES
    ]
    if isinstance(form, ProposeOrganizationForm):
        form.kind.choices = [_NONE] + [
            SelectChoice(k, str(labels.KIND_LABELS[k])) for k in KINDS if k != "District"
        ]


def profile_fields(form: OrganizationForm) -> dict[str, Any]:
    """The submitted values of the editable fields only."""
    return {
        "name": (form.name.data or "").strip(),
        "legal_form": form.legal_form.data,
        "tax_code": form.tax_code.data,
        "email": form.email.data,
        "website": form.website.data,
        "description": form.description.data,
        "size_class": form.size_class.data or None,
        "non_profit": bool(form.non_profit.data),
        "capabilities": list(form.capabilities.data or []),
    }
