"""Schemas of organisation proposals sent through the API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph.model import CAPABILITIES, KINDS, SME_SIZES

PROPOSED_KINDS = [k for k in KINDS if k != "District"]


class NewProposalSchema(Schema):
    """A new organisation, proposed for an administrator to approve (as on
    /account/proponi): refused with 409 when its tax code is held, or, until
    ``confirm_distinct`` is true, when similar names exist in its municipality or district;
    also 409 for a tax code whose check digit is wrong or an SME without a size, and 404
    for a municipality or theme code that does not exist."""

    kind = fields.Str(required=True, validate=validate.OneOf(PROPOSED_KINDS))
    name = fields.Str(required=True, validate=validate.Length(min=1, max=200))
    municipality = fields.Str(
        required=True,
        validate=validate.Regexp(r"^[0-9]{6}$"),
        metadata={"description": "ISTAT code of the municipality."},
    )
    legal_form = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=120))
    tax_code = fields.Str(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=16),
        metadata={
            "description": "Partita IVA or codice fiscale (check digit verified: 409 when wrong)."
        },
    )
    description = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    website = fields.Str(
        load_default=None,
        allow_none=True,
        validate=[validate.Length(max=300), validate.Regexp(r"^https?://[^ \t\r\n]+$")],
    )
    email = fields.Str(
        load_default=None,
        allow_none=True,
        validate=[
            validate.Length(max=254),
            validate.Regexp(r"^[^@ \t\r\n]+@[^@ \t\r\n]+\.[^@ \t\r\n]+$"),
        ],
    )
    themes = fields.List(
        fields.Str(validate=validate.Length(max=60)),
        load_default=list,
        validate=validate.Length(max=30),
    )
    capabilities = fields.List(fields.Str(validate=validate.OneOf(CAPABILITIES)), load_default=list)
    size_class = fields.Str(load_default=None, allow_none=True, validate=validate.OneOf(SME_SIZES))
    non_profit = fields.Bool(load_default=False)
    confirm_distinct = fields.Bool(
        load_default=False,
        metadata={"description": "True to send the proposal although similar names were reported."},
    )


class ProposalSchema(Schema):
    """A proposal as stored: waiting for an administrator."""

    id = fields.Str(required=True)
    status = fields.Str(required=True)
    name = fields.Str(required=True)
    kind = fields.Str(required=True)
    municipality = fields.Str(required=True)
