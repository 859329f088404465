"""Schemas of organisation proposals sent through the API."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates

from app.messages import tax_code_message
from app.services.taxcodes import normalize_tax_code, validate_tax_code
from graph.model import CAPABILITIES, KINDS, SME_SIZES

PROPOSED_KINDS = [k for k in KINDS if k != "District"]


class NewProposalSchema(Schema):
    """A new organisation, proposed for an administrator to approve (as on
    /account/proponi): refused with 409 when its tax code is held, or, until
    ``confirm_distinct`` is true, when similar names exist in its municipality or district."""

    kind = fields.Str(required=True, validate=validate.OneOf(PROPOSED_KINDS))
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    municipality = fields.Str(required=True, validate=validate.Length(min=6, max=6),
                              metadata={"description": "ISTAT code of the municipality."})
    legal_form = fields.Str(load_default=None, validate=validate.Length(max=120))
    tax_code = fields.Str(load_default=None, validate=validate.Length(max=16))
    description = fields.Str(load_default=None, validate=validate.Length(max=2000))
    website = fields.Url(load_default=None, schemes={"http", "https"})
    email = fields.Email(load_default=None)
    themes = fields.List(fields.Str(validate=validate.Length(max=60)),
                         load_default=list, validate=validate.Length(max=30))
    capabilities = fields.List(fields.Str(validate=validate.OneOf(CAPABILITIES)),
                               load_default=list)
    size_class = fields.Str(load_default=None, validate=validate.OneOf(SME_SIZES))
    non_profit = fields.Bool(load_default=False)
    confirm_distinct = fields.Bool(load_default=False, metadata={
        "description": "True to send the proposal although similar names were reported."})

    @validates("tax_code")
    def _tax_code(self, value: str | None, **_: object) -> None:
        problem = validate_tax_code(normalize_tax_code(value)) if value else None
        if problem:
            raise ValidationError(str(tax_code_message(problem)))


class ProposalSchema(Schema):
    """A proposal as stored: waiting for an administrator."""

    id = fields.Str(required=True)
    status = fields.Str(required=True)
    name = fields.Str(required=True)
    kind = fields.Str(required=True)
    municipality = fields.Str(required=True)
