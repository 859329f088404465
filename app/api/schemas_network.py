"""Schemas of the working parts of the API: partnerships, suggestions, consortia, analysis."""

from __future__ import annotations

from datetime import date

from marshmallow import Schema, fields, validate

from app.api.schemas import (
    ID,
    Day,
    Number,
    OrgRefSchema,
    PageArgs,
    PageSchema,
    Query,
    Timestamp,
    nullable,
    page_number,
    page_of,
)
from app.services.analysis import SORT_KEYS
from app.services.partnerships import MAX_MESSAGE
from app.services.rules import EDITABLE, SUBMITTED
from app.services.suggestion_feedback import KINDS as FEEDBACK_KINDS
from app.services.suggestion_feedback import MAX_RESULTS
from graph.analysis.bundle import DISTRICT_METRICS
from graph.model import PARTNERSHIP_TYPES

#: The most suggestions one page of the API gives.
SUGGESTIONS_PER_PAGE_MAX = 100
REQUEST_STATUSES = ("pending", "accepted", "declined", "withdrawn", "expired")
#: Years an analysis window may start or end in.
FIRST_YEAR = 2000

# Partnerships -------------------------------------------------------------------------


class PartnershipArgs(PageArgs):
    org = fields.Str(
        validate=ID,
        metadata={
            "description": "One of the organisations you act for (a district by its code); "
            "all of them when omitted. Administrators name any organisation."
        },
    )


class RequestArgs(PartnershipArgs):
    status = fields.Str(validate=validate.OneOf(REQUEST_STATUSES))


class PartnershipSchema(Schema):
    id = fields.Str(required=True)
    organization = fields.Str(required=True, metadata={"description": "Your side."})
    partner = fields.Nested(OrgRefSchema, required=True)
    type = nullable(fields.Str)
    since = nullable(Day)
    until = nullable(Day)
    source = nullable(fields.Str)
    ended_at = nullable(Timestamp)


class PartnershipRequestSchema(Schema):
    id = fields.Str(required=True)
    status = fields.Str(required=True, validate=validate.OneOf(REQUEST_STATUSES))
    type = nullable(fields.Str)
    message = nullable(fields.Str)
    from_org = fields.Nested(OrgRefSchema, required=True)
    to_org = fields.Nested(OrgRefSchema, required=True)
    created_at = nullable(Timestamp)
    expires_at = nullable(Timestamp)
    decided_at = nullable(Timestamp)
    partnership_id = nullable(fields.Str)


class NewRequestSchema(Schema):
    """A partnership proposed by an organisation you act for to another one."""

    from_org = fields.Str(required=True, validate=ID)
    to_org = fields.Str(required=True, validate=ID)
    type = fields.Str(required=True, validate=validate.OneOf(PARTNERSHIP_TYPES))
    message = fields.Str(load_default="", validate=validate.Length(max=MAX_MESSAGE))


class EndSchema(Schema):
    until = fields.Date(required=True, metadata={"description": "The last day of the partnership."})


# Suggestions --------------------------------------------------------------------------


class LimitArgs(Query):
    limit = fields.Int(
        validate=validate.Range(1, SUGGESTIONS_PER_PAGE_MAX),
        metadata={"description": "Deprecated: the same as per_page (first page of that size)."},
    )


class SuggestionPageArgs(LimitArgs):
    page = page_number()
    per_page = fields.Int(
        validate=validate.Range(1, SUGGESTIONS_PER_PAGE_MAX),
        metadata={"description": "Suggestions per page, best first (default 10)."},
    )


class SuggestionArgs(SuggestionPageArgs):
    call = fields.Str(
        validate=ID,
        metadata={"description": "Only organisations eligible for this call (lead or partner)."},
    )


class ReasonSchema(Schema):
    code = fields.Str(required=True)
    text = fields.Str(required=True, metadata={"description": "In the request's language."})


class SuggestionSchema(Schema):
    org_id = fields.Str(required=True)
    name = fields.Str(required=True)
    kind = fields.Str(required=True)
    sector = fields.Str()
    score = nullable(Number)
    role = nullable(fields.Str, metadata={"description": "The role the call admits it in."})
    ranker = fields.Str(
        metadata={
            "description": "What ranked it: `learned` (the model "
            "trained on the network's history) or "
            "`formula` (too little history yet)."
        }
    )
    reasons = fields.List(fields.Nested(ReasonSchema))


class SuggestionPagingSchema(Schema):
    """A page of suggestions: no total (the recommender ranks as far as it is asked)."""

    page = fields.Int(required=True)
    per_page = fields.Int(required=True)
    has_next = fields.Bool(
        required=True, metadata={"description": "Whether the next page has suggestions."}
    )
    capped = fields.Bool(
        required=True,
        metadata={
            "description": f"True when this page stops at the {MAX_RESULTS}th suggestion, "
            "the most ever given, with more left (or lies past it)."
        },
    )
    items = fields.List(fields.Nested(SuggestionSchema), required=True)


class OrganizationSuggestionsSchema(SuggestionPagingSchema):
    organization = fields.Str(required=True)
    call = nullable(fields.Str)


class ConsortiumSuggestionsSchema(SuggestionPagingSchema):
    consortium = fields.Str(required=True)


class FeedbackSchema(Schema):
    """An organisation dismissed (never suggested again) or kept (on the shortlist)."""

    org_id = fields.Str(required=True)
    name = fields.Str(required=True)
    kind = fields.Str(required=True, metadata={"description": "The organisation's kind."})
    at = Timestamp(required=True, metadata={"description": "When it was dismissed or kept."})


class FeedbackListSchema(PageSchema):
    owner = fields.Str(
        required=True,
        metadata={"description": "The organisation or consortium the feedback is for."},
    )
    feedback = fields.Str(required=True, validate=validate.OneOf(FEEDBACK_KINDS))
    items = fields.List(fields.Nested(FeedbackSchema), required=True)


class NewFeedbackSchema(Schema):
    org_id = fields.Str(
        required=True,
        validate=ID,
        metadata={"description": "The suggested organisation to dismiss or keep."},
    )


# Consortia ----------------------------------------------------------------------------


class ConsortiumArgs(PageArgs):
    call = fields.Str(validate=ID)
    status = fields.Str(validate=validate.OneOf((*EDITABLE, *SUBMITTED)))


class ConsortiumSummarySchema(Schema):
    id = fields.Str(required=True)
    title = nullable(fields.Str)
    status = nullable(fields.Str)
    year = nullable(fields.Int)
    call = nullable(fields.Str)
    lead = nullable(fields.Str, metadata={"description": "The lead's name."})
    district = nullable(fields.Str, metadata={"description": "The district's name."})
    size = nullable(fields.Int, metadata={"description": "How many members."})


class MemberSchema(Schema):
    org_id = fields.Str(required=True)
    name = nullable(fields.Str)
    kind = nullable(fields.Str)
    code = nullable(fields.Str)
    role = nullable(fields.Str)
    status = nullable(fields.Str)
    budget_eur = nullable(fields.Int)


class TransitionSchema(Schema):
    target = fields.Str(required=True)
    by = fields.Str(required=True, validate=validate.OneOf(("lead", "region")))
    checked = fields.Bool(required=True)


class RuleResultSchema(Schema):
    rule = fields.Str(required=True)
    code = fields.Str(required=True)
    title = fields.Str(required=True)
    status = fields.Str(required=True, validate=validate.OneOf(("pass", "fail", "warning")))
    explanation = fields.Str(required=True, metadata={"description": "In the request's language."})
    members = fields.List(fields.Str(), required=True)
    blocking = fields.Bool(
        required=True, metadata={"description": "A failure of this rule stops the next phase."}
    )


class RulesSchema(Schema):
    consortium = fields.Str(required=True)
    rules_version = fields.Int(required=True)
    blocking = fields.List(
        fields.Str(),
        required=True,
        metadata={"description": "The codes of the failing rules that stop the next phase."},
    )
    items = fields.List(fields.Nested(RuleResultSchema), required=True)


class ConsortiumSchema(ConsortiumSummarySchema):
    line = nullable(fields.Str)
    call_title_it = nullable(fields.Str)
    call_title_en = nullable(fields.Str)
    district_code = nullable(fields.Str)
    total_budget = fields.Int()
    members = fields.List(fields.Nested(MemberSchema))
    invitations = fields.List(fields.Nested(MemberSchema))
    transitions = fields.List(fields.Nested(TransitionSchema))
    rules = fields.Nested(RulesSchema)


# Analysis -----------------------------------------------------------------------------


class ScopeArgs(Query):
    start_year = fields.Int(validate=validate.Range(FIRST_YEAR, date.today().year + 10))
    end_year = fields.Int(validate=validate.Range(FIRST_YEAR, date.today().year + 10))


class DistrictArgs(ScopeArgs):
    sort = fields.Str(load_default="index", validate=validate.OneOf(SORT_KEYS))


class OverviewArgs(ScopeArgs):
    district = fields.Str(
        validate=ID,
        metadata={"description": "A district code: its own network instead of the whole one."},
    )


class JobSchema(Schema):
    id = nullable(fields.Str)
    key = nullable(fields.Str, metadata={"description": "The scope it computes."})
    state = nullable(fields.Str)
    step = fields.Str()
    step_label = fields.Str()
    progress = Number()
    version = nullable(fields.Int)
    error = nullable(fields.Str)


class PendingSchema(Schema):
    """Nothing computed yet: a background job is computing it (poll ``job``)."""

    state = fields.Str(required=True, validate=validate.OneOf(("pending",)))
    version = fields.Int(required=True)
    job = fields.Nested(JobSchema, required=True)


class ResultSchema(Schema):
    state = fields.Str(
        required=True,
        validate=validate.OneOf(("fresh", "stale")),
        metadata={"description": "stale: computed on an older network; job is updating it."},
    )
    version = fields.Int(required=True, metadata={"description": "The network version."})
    computed_at = nullable(Timestamp)
    job = fields.Nested(JobSchema, allow_none=True)


DistrictRowSchema = type(
    "DistrictRowSchema",
    (Schema,),
    {
        "district": fields.Str(required=True),
        "name": nullable(fields.Str),
        "rank": fields.Int(),
        "sectors": fields.Dict(keys=fields.Str(), values=fields.Int()),
        **{key: nullable(Number) for key in DISTRICT_METRICS},
    },
)
DistrictsSchema = type(
    "DistrictsSchema",
    (ResultSchema,),
    {"items": fields.List(fields.Nested(DistrictRowSchema), required=True)},
)


class RankedSchema(Schema):
    node = fields.Str(required=True)
    name = nullable(fields.Str)
    kind = nullable(fields.Str)
    sector = nullable(fields.Str)
    district = nullable(fields.Str)
    value = nullable(Number)
    cross = nullable(Number)
    liaison = nullable(Number)
    pieces = nullable(Number)
    stranded = nullable(Number)


class CommunitiesSchema(Schema):
    count = nullable(fields.Int)
    modularity = nullable(Number)
    sizes = fields.List(fields.Int())


def _numbers() -> fields.Dict:
    return fields.Dict(keys=fields.Str(), values=Number(allow_none=True))


class OverviewSchema(ResultSchema):
    structure = _numbers()
    subsidiarity = _numbers()
    communities = fields.Nested(CommunitiesSchema)
    top = fields.Dict(keys=fields.Str(), values=fields.List(fields.Nested(RankedSchema)))
    brokers = fields.List(fields.Nested(RankedSchema))
    cut_points = fields.List(fields.Nested(RankedSchema))


PartnershipPageSchema = page_of(PartnershipSchema, "PartnershipPageSchema")
RequestPageSchema = page_of(PartnershipRequestSchema, "RequestPageSchema")
ConsortiumPageSchema = page_of(ConsortiumSummarySchema, "ConsortiumPageSchema")
