"""Marshmallow schemas of the API: they validate requests and write the OpenAPI document."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from app.services.bounds import PAGE
from app.services.facet_index import SORTS
from app.services.search import MAX_PER_PAGE
from graph.model import KINDS, SECTORS, SME_SIZES

MAX_PAGE = PAGE.high
DEFAULT_PER_PAGE = 20
#: Identifiers in paths and query strings (organisation ids, district and call codes).
ID = validate.Length(min=1, max=100)


class Timestamp(fields.DateTime):
    """An ISO 8601 date and time."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if isinstance(value, datetime):
            return value.isoformat()
        return None


class Day(fields.Date):
    """An ISO 8601 date (a stored ISO string accepted when dumping)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                return None
        return None


class Number(fields.Float):
    """A number that is null when undefined (NaN or infinite: JSON has no such numbers)."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> float | None:
        if value is None:
            return None
        number = float(value)
        return number if math.isfinite(number) else None


def nullable(field: type[fields.Field], **kwargs: Any) -> fields.Field:
    """A field that may be null."""
    return field(allow_none=True, **kwargs)


class Query(Schema):
    """Query-string arguments: unknown parameters are ignored."""

    class Meta:
        unknown = EXCLUDE


# Errors -------------------------------------------------------------------------------


class ErrorDetailSchema(Schema):
    status = fields.Int(required=True, metadata={"description": "The HTTP status code."})
    title = fields.Str(required=True, metadata={"description": "What went wrong, in short."})
    detail = fields.Str(
        required=True,
        metadata={"description": "What went wrong and what to do, in the request's language."},
    )
    errors = fields.Dict(
        keys=fields.Str(),
        metadata={
            "description": "For invalid requests: the messages, by location (query, json, path) "
            "and field."
        },
    )


class ErrorSchema(Schema):
    """Every error of the API (and of the rest of the site, for JSON clients)."""

    error = fields.Nested(ErrorDetailSchema, required=True)


# Pages --------------------------------------------------------------------------------


def page_number() -> fields.Int:
    """The ``page`` query parameter of every paged list (suggestions included)."""
    return fields.Int(
        load_default=1,
        validate=validate.Range(1, MAX_PAGE),
        metadata={"description": "Page number, from 1."},
    )


class PageArgs(Query):
    page = page_number()
    per_page = fields.Int(
        load_default=DEFAULT_PER_PAGE,
        validate=validate.Range(1, MAX_PER_PAGE),
        metadata={"description": "Items per page."},
    )


class PageSchema(Schema):
    page = fields.Int(required=True)
    per_page = fields.Int(required=True)
    total = fields.Int(required=True, metadata={"description": "Items on every page."})


def page_of(item: type[Schema], name: str, **extra: fields.Field) -> type[Schema]:
    """The schema of one page of ``item``: ``items``, ``page``, ``per_page``, ``total``."""
    attrs: dict[str, Any] = {"items": fields.List(fields.Nested(item), required=True), **extra}
    return type(name, (PageSchema,), attrs)


def paged(items: list[Any], args: dict[str, Any]) -> dict[str, Any]:
    """One page of an already complete list, as the page schemas dump it."""
    page, per_page = args["page"], args["per_page"]
    start = (page - 1) * per_page
    return {
        "items": items[start : start + per_page],
        "page": page,
        "per_page": per_page,
        "total": len(items),
    }


# Organisations ------------------------------------------------------------------------


class OrganizationArgs(PageArgs):
    kind = fields.Str(validate=validate.OneOf(KINDS))
    district = fields.Str(validate=ID, metadata={"description": "A district code (DCS01)."})


class OrganizationSummarySchema(Schema):
    id = fields.Str(required=True)
    name = fields.Str(required=True)
    kind = fields.Str(required=True)
    fictional = nullable(fields.Bool)
    municipality = nullable(fields.Str)
    province = nullable(fields.Str)
    district_code = nullable(fields.Str)
    district_name = nullable(fields.Str)


class OrgRefSchema(Schema):
    id = fields.Str(required=True)
    name = nullable(fields.Str)
    kind = nullable(fields.Str)
    code = nullable(fields.Str, metadata={"description": "A district's code."})


class ThemeSchema(Schema):
    code = fields.Str(required=True)
    label_it = nullable(fields.Str)
    label_en = nullable(fields.Str)


class PlaceSchema(Schema):
    istat = nullable(fields.Str)
    code = nullable(fields.Str)
    name = nullable(fields.Str)
    province = nullable(fields.Str)


class ProfilePartnerSchema(OrgRefSchema):
    type = nullable(fields.Str)
    since = nullable(Day)
    until = nullable(Day)


class ProfileConsortiumSchema(Schema):
    id = fields.Str(required=True)
    title = nullable(fields.Str)
    call = nullable(fields.Str)
    year = nullable(fields.Int)
    status = nullable(fields.Str)
    role = nullable(fields.Str)


class OrganizationSchema(Schema):
    id = fields.Str(required=True)
    name = fields.Str(required=True)
    kind = fields.Str(required=True)
    code = nullable(fields.Str)
    legal_form = nullable(fields.Str)
    description = nullable(fields.Str)
    tax_code = nullable(fields.Str)
    website = nullable(fields.Str)
    email = nullable(fields.Str)
    non_profit = nullable(fields.Bool)
    size_class = nullable(fields.Str)
    capabilities = fields.List(fields.Str())
    fictional = nullable(fields.Bool)
    municipality = fields.Nested(PlaceSchema, allow_none=True)
    district = fields.Nested(PlaceSchema, allow_none=True)
    themes = fields.List(fields.Nested(ThemeSchema))
    partners = fields.List(fields.Nested(ProfilePartnerSchema))
    consortia = fields.List(fields.Nested(ProfileConsortiumSchema))


# Search -------------------------------------------------------------------------------


def _values(check: validate.Validator, description: str = "") -> fields.List:
    """A repeatable facet parameter (at most 50 values)."""
    return fields.List(
        fields.Str(validate=check),
        validate=validate.Length(max=50),
        metadata={"description": description} if description else {},
    )


class SearchArgs(PageArgs):
    """The words, the order, and the facets' values (repeat a facet for several values:
    ``?kind=SME&kind=Foundation``)."""

    q = fields.Str(
        load_default="",
        validate=validate.Length(max=200),
        metadata={"description": "Words to look for in names and descriptions."},
    )
    sort = fields.Str(load_default="relevance", validate=validate.OneOf(SORTS))
    kind = _values(validate.OneOf(KINDS))
    sector = _values(validate.OneOf(SECTORS))
    district = _values(ID, "District codes (DCS01).")
    province = _values(ID, "Province codes (TO).")
    theme = _values(ID, "Theme codes.")
    size = _values(validate.OneOf(SME_SIZES))
    profit = _values(validate.OneOf(("profit", "non_profit")))
    call = _values(ID, "Call codes: organisations eligible for the call.")
    literal = fields.List(
        fields.Str(validate=validate.Length(max=200)),
        validate=validate.Length(max=10),
        metadata={
            "description": "Words of q not to read as a place (the "
            "words of a place in reading.places)."
        },
    )


class SearchItemSchema(Schema):
    id = fields.Str(required=True)
    name = fields.Str(required=True)
    kind = fields.Str(required=True)
    sector = fields.Str(validate=validate.OneOf([*SECTORS, ""]))
    municipality = nullable(fields.Str)
    province = nullable(fields.Str)
    district = nullable(fields.Str)
    themes = fields.List(fields.Str())
    partners = fields.Int()
    score = nullable(Number)
    words_matched = nullable(
        fields.Int,
        metadata={"description": "How many of the query's words the organisation matched."},
    )


class FacetValueSchema(Schema):
    value = fields.Str(required=True)
    label = fields.Str(required=True)
    count = fields.Int(required=True)
    selected = fields.Bool(required=True)


class RelaxationSchema(Schema):
    remove = fields.Str(required=True, metadata={"description": "A facet, or q for the words."})
    count = fields.Int(required=True)


SearchResultSchema = page_of(
    SearchItemSchema,
    "SearchResultSchema",
    capped=fields.Bool(
        metadata={
            "description": "Always false since every match is "
            "counted (kept for clients of the first version)."
        }
    ),
    folded=fields.Bool(
        metadata={
            "description": "Always false since accents are always "
            "folded (kept for clients of the first version)."
        }
    ),
    facets=fields.Dict(keys=fields.Str(), values=fields.List(fields.Nested(FacetValueSchema))),
    suggestions=fields.List(
        fields.Nested(RelaxationSchema),
        metadata={
            "description": "When nothing matches: the filters one could drop, with the count."
        },
    ),
    reading=fields.Dict(
        metadata={
            "description": "How q was read: places (level, key, name, words), words, "
            "did_you_mean (q with typos corrected), corrections, unmatched."
        }
    ),
)


# Calls and tokens ---------------------------------------------------------------------


class PhaseSchema(Schema):
    code = fields.Str(required=True)
    label_it = nullable(fields.Str)
    label_en = nullable(fields.Str)
    deadline = nullable(Day)


class DocumentSchema(Schema):
    title = fields.Str(required=True)
    url = fields.Str(required=True, metadata={"description": "An https address."})


class CallSchema(Schema):
    code = fields.Str(required=True)
    title_it = nullable(fields.Str)
    title_en = nullable(fields.Str)
    budget_eur = nullable(fields.Int)
    rules_version = fields.Int()
    opens_on = nullable(
        Day, metadata={"description": "When applications open (null: open from the start)."}
    )
    documents = fields.List(
        fields.Nested(DocumentSchema), metadata={"description": "The call's official documents."}
    )
    phases = fields.List(fields.Nested(PhaseSchema))
    themes = fields.List(fields.Nested(ThemeSchema))
    consortia = fields.Int(metadata={"description": "How many consortia it has."})
    rules = fields.Dict(
        keys=fields.Str(),
        metadata={"description": "The call's rules, as documented in seed/README.md."},
    )


class TokenSchema(Schema):
    id = fields.Str(required=True)
    name = fields.Str(required=True)
    prefix = fields.Str(
        required=True, metadata={"description": "The token's first characters, to recognise it by."}
    )
    created_at = nullable(Timestamp)
    last_used_at = nullable(Timestamp)


OrganizationPageSchema = page_of(OrganizationSummarySchema, "OrganizationPageSchema")
CallPageSchema = page_of(CallSchema, "CallPageSchema")
TokenPageSchema = page_of(TokenSchema, "TokenPageSchema")


# Notifications --------------------------------------------------------------------------


class NotificationArgs(PageArgs):
    unread = fields.Bool(
        load_default=False, metadata={"description": "Only the unread notifications."}
    )


class NotificationSchema(Schema):
    id = fields.Str(required=True)
    kind = fields.Str(
        required=True,
        metadata={"description": "What happened (partnership_request_received, ...)."},
    )
    title = fields.Str(required=True, metadata={"description": "What happened, in words."})
    link = fields.Str(
        required=True, metadata={"description": "The page of the thing, as a path of the site."}
    )
    params = fields.Dict(keys=fields.Str(), required=True)
    created_at = Timestamp(required=True)
    read_at = nullable(Timestamp)
    unread = fields.Bool(required=True)


NotificationPageSchema = page_of(
    NotificationSchema,
    "NotificationPageSchema",
    unread=fields.Int(required=True, metadata={"description": "Unread notifications in all."}),
)


class MarkedSchema(Schema):
    marked = fields.Int(required=True, metadata={"description": "Notifications marked read."})
    unread = fields.Int(required=True)
