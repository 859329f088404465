"""Who may do what: one table from endpoint to rule, enforced before every request.

Every endpoint must appear in ``ENDPOINT_RULES``; an endpoint without a rule is refused
(default deny), so a new route cannot be reachable by accident. Object-level checks
(a member may change only their own organisation) are the ``can_*`` functions below,
called by the views and services that load the object.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

ANONYMOUS = "anonymous"
ROLES = ("member", "district_lead", "staff", "admin")


@dataclass(frozen=True)
class Rule:
    """Which roles may reach an endpoint; ``None`` means everyone, logged in or not."""

    roles: frozenset[str] | None

    def allows(self, role: str) -> bool:
        return self.roles is None or role in self.roles


PUBLIC = Rule(None)
LOGGED_IN = Rule(frozenset(ROLES))
MEMBERS = Rule(frozenset({"member", "admin"}))
LEADS = Rule(frozenset({"district_lead", "admin"}))
STAFF = Rule(frozenset({"staff", "admin"}))
ADMINS = Rule(frozenset({"admin"}))
#: Who assembles consortia: organisation members, district leads, administrators.
BUILDERS = Rule(frozenset({"member", "district_lead", "admin"}))
DISTRICT_VIEWERS = Rule(frozenset({"district_lead", "staff", "admin"}))
#: Who acts for an organisation in partnerships: its members, its leads (a district),
#: administrators; the object-level check is can_act_for_organization.
ORG_ACTORS = Rule(frozenset({"member", "district_lead", "admin"}))

ENDPOINT_RULES: dict[str, Rule] = {
    "static": PUBLIC,
    "health.health": PUBLIC,
    "main.index": PUBLIC,
    "organizations.index": PUBLIC,
    "organizations.detail": PUBLIC,
    "auth.login": PUBLIC,
    "auth.register": PUBLIC,
    "auth.logout": LOGGED_IN,
    "auth.change_password": LOGGED_IN,
    # Password reset and address confirmation: links from mails, used without logging in.
    "auth.forgot_password": PUBLIC,
    "auth.reset_password": PUBLIC,
    "auth.verify_email": PUBLIC,
    "account.resend_verification": LOGGED_IN,
    "account.change_email": LOGGED_IN,
    # Claiming an organisation nobody acts for: the mailed link shows it to anyone; the
    # claim itself needs an account (with a confirmed address, checked in the service).
    "claims.claim_page": PUBLIC,
    "claims.submit_claim": LOGGED_IN,
    "admin.requests_queue": ADMINS,
    "admin.decide_request": ADMINS,
    # Threads on requests and invitations: the two sides (checked in the view) and
    # administrators (read only, unless they act for a side).
    "threads.request_thread": ORG_ACTORS,
    "threads.post_request_message": ORG_ACTORS,
    "threads.invitation_thread": BUILDERS,
    "threads.post_invitation_message": BUILDERS,
    "account.index": LOGGED_IN,
    "account.request_join": LOGGED_IN,
    "account.propose_organization": LOGGED_IN,
    # The user's own proposals (the view lists only theirs).
    "account.my_proposals": LOGGED_IN,
    # Data protection: the notice is public; export, erasure and consent are the user's own.
    "privacy.notice": PUBLIC,
    "account.personal_data_page": LOGGED_IN,
    "account.personal_data": LOGGED_IN,
    "account.erase": LOGGED_IN,
    "account.privacy_consent": LOGGED_IN,
    "organizations.edit": MEMBERS,
    "organizations.join_requests": MEMBERS,
    "organizations.decide_join_request": MEMBERS,
    "admin.index": ADMINS,
    "admin.users_page": ADMINS,
    "admin.set_role": ADMINS,
    "admin.proposals": ADMINS,
    "admin.decide_proposal": ADMINS,
    "admin.audit_log": ADMINS,
    # Merging two records of one organisation (choose and preview; merge, with CSRF).
    "admin.merge": ADMINS,
    "admin.merge_confirm": ADMINS,
    "admin.imports": ADMINS,
    "admin.import_job": ADMINS,
    "admin.import_report": ADMINS,
    "admin.export": ADMINS,
    # Notifications: the user's own; the unsubscribe link carries its signed token; the
    # mail outbox is the administrators'.
    "notifications.index": LOGGED_IN,
    "notifications.mark_read": LOGGED_IN,
    "notifications.mark_all_read": LOGGED_IN,
    "notifications.preferences": LOGGED_IN,
    "notifications.unsubscribe": PUBLIC,
    "notifications.outbox": ADMINS,
    "notifications.outbox_mail": ADMINS,
    "calls.index": PUBLIC,
    "calls.detail": PUBLIC,
    "calls.edit": ADMINS,
    "calls.practice_mode": ADMINS,
    "calls.new": ADMINS,
    "consortia.index": LOGGED_IN,
    "consortia.new": BUILDERS,
    "consortia.detail": LOGGED_IN,
    "consortia.rules_panel": LOGGED_IN,
    "consortia.transition": LOGGED_IN,
    "consortia.delete": BUILDERS,
    "consortia.invite": BUILDERS,
    "consortia.withdraw_invitation": BUILDERS,
    "consortia.answer_invitation": BUILDERS,
    "consortia.member_budget": BUILDERS,
    "consortia.remove_member": BUILDERS,
    "consortia.dossier_page": LOGGED_IN,
    "consortia.dossier_csv": LOGGED_IN,
    "consortia.dossier_pdf_file": LOGGED_IN,
    "consortia.live_state": LOGGED_IN,
    "consortia.district": DISTRICT_VIEWERS,
    # Network analysis: the Region's dashboard, network view and exports; a consortium's
    # own network for whoever may view the consortium (checked in the view); job status
    # for every logged-in page that waits on a computation.
    "analysis.dashboard": STAFF,
    "analysis.compare": STAFF,
    "analysis.network": STAFF,
    "analysis.network_data": STAFF,
    "analysis.export": STAFF,
    "analysis.job_status": LOGGED_IN,
    "analysis.consortium_network": LOGGED_IN,
    "analysis.consortium_network_data": LOGGED_IN,
    # The map: the districts' measures are the network analysis' (staff, like the
    # dashboard); a district's coverage for its leads (checked in the view) and staff;
    # the municipalities' boundaries are public reference data (an organisation's
    # profile, public, draws its place with them).
    "analysis.region_map": STAFF,
    "analysis.region_map_data": STAFF,
    "analysis.district_map_data": DISTRICT_VIEWERS,
    "analysis.topology": PUBLIC,
    "search.index": PUBLIC,
    # Typeahead: only organisations in the public directory (never pending proposals)
    # and municipalities, which are reference data; query length and results are capped.
    "typeahead.organizations": PUBLIC,
    "typeahead.municipalities": PUBLIC,
    "search.api": PUBLIC,
    "partnerships.inbox": ORG_ACTORS,
    "partnerships.new_request": ORG_ACTORS,
    "partnerships.answer_request": ORG_ACTORS,
    "partnerships.end_partnership": ORG_ACTORS,
    "partnerships.suggestions": ORG_ACTORS,
    "partnerships.suggestions_api": ORG_ACTORS,
    "partnerships.suggestion_feedback": ORG_ACTORS,
    # A consortium's suggestions, dismissed and kept: whoever manages it (checked in the view).
    "consortia.suggestions": BUILDERS,
    "consortia.suggestion_feedback": BUILDERS,
    # API tokens, on the user's own account page.
    "account.api_tokens_page": LOGGED_IN,
    "account.revoke_api_token": LOGGED_IN,
    # The JSON API (app/api): the rule of the matching page; the same object-level checks.
    "api-docs.openapi_json": PUBLIC,
    "api.organizations.list_organizations": PUBLIC,
    "api.organizations.get_organization": PUBLIC,
    # Proposing an organisation, as on /account/proponi (any logged-in user).
    "api.organizations.propose_organization": LOGGED_IN,
    "api.search.search": PUBLIC,
    "api.calls.list_calls": PUBLIC,
    "api.calls.get_call": PUBLIC,
    # Suggestions: an organisation's own actors; staff and admins read any organisation's
    # (can_read_any_suggestions); dismissing and keeping is for those who act for it.
    "api.recommendations.for_organization": LOGGED_IN,
    "api.recommendations.organization_feedback": LOGGED_IN,
    "api.recommendations.add_organization_feedback": ORG_ACTORS,
    "api.recommendations.remove_organization_feedback": ORG_ACTORS,
    "api.recommendations.for_consortium": BUILDERS,
    "api.recommendations.consortium_feedback": BUILDERS,
    "api.recommendations.add_consortium_feedback": BUILDERS,
    "api.recommendations.remove_consortium_feedback": BUILDERS,
    "api.partnerships.list_partnerships": ORG_ACTORS,
    "api.partnerships.list_requests": ORG_ACTORS,
    "api.partnerships.request_partnership": ORG_ACTORS,
    "api.partnerships.accept_request": ORG_ACTORS,
    "api.partnerships.decline_request": ORG_ACTORS,
    "api.partnerships.withdraw_request": ORG_ACTORS,
    "api.partnerships.end_partnership": ORG_ACTORS,
    "api.consortia.list_consortia": LOGGED_IN,
    "api.consortia.get_consortium": LOGGED_IN,
    "api.consortia.consortium_rules": LOGGED_IN,
    "api.analysis.districts": STAFF,
    "api.analysis.overview": STAFF,
    "api.analysis.job": LOGGED_IN,
    "api.tokens.list_tokens": LOGGED_IN,
    "api.tokens.revoke_token": LOGGED_IN,
    "api.notifications.list_notifications": LOGGED_IN,
    "api.notifications.mark_read": LOGGED_IN,
    "api.notifications.mark_all_read": LOGGED_IN,
}


def rule_for(endpoint: str | None) -> Rule | None:
    """The rule of an endpoint, or None when it has none (and is therefore refused)."""
    if endpoint is None:
        return PUBLIC  # no endpoint matched: let routing answer 404/405
    return ENDPOINT_RULES.get(endpoint)


def allows(user: Any, endpoint: str) -> bool:
    """Whether the endpoint's rule lets this user in: the check enforced before every
    request, asked ahead of time (templates show a link or button only when it holds)."""
    rule = rule_for(endpoint)
    return rule is not None and rule.allows(role_of(user))


def role_of(user: Any) -> str:
    """The policy role of flask-login's current user (``anonymous`` when logged out)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    return str(user.role)


def can_edit_organization(user: Any, org_id: str) -> bool:
    """Members edit the organisations they act for; administrators edit any."""
    role = role_of(user)
    if role == "admin":
        return True
    return role == "member" and org_id in user.organization_ids


def can_decide_join_request(user: Any, org_id: str) -> bool:
    """A join request is decided by an existing member of the organisation or an admin."""
    return can_edit_organization(user, org_id)


def can_act_for_district(user: Any, district_code: str) -> bool:
    """District leads act for their own districts; administrators for any."""
    role = role_of(user)
    if role == "admin":
        return True
    return role == "district_lead" and district_code in user.district_codes


class Lead(Protocol):
    """A consortium's lead (a member, or an organisation about to lead one)."""

    @property
    def org_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def code(self) -> str | None: ...


def can_manage_consortium(user: Any, lead: Lead | None) -> bool:
    """The lead manages a consortium: a district's leads when a district leads it (measure
    1), otherwise the members of the lead organisation; administrators always."""
    role = role_of(user)
    if role == "admin":
        return True
    if lead is None:
        return False
    if lead.kind == "District":
        return role == "district_lead" and lead.code in user.district_codes
    return role == "member" and lead.org_id in user.organization_ids


def can_view_consortium(
    user: Any, lead: Lead | None, org_ids: Iterable[str], district_codes: Iterable[str]
) -> bool:
    """Regional staff and the lead see a consortium; so do its members and invitees, and
    the leads of its district (``district_codes``: its own and its district members')."""
    role = role_of(user)
    if role in ("admin", "staff") or can_manage_consortium(user, lead):
        return True
    if role == "member":
        return bool(set(org_ids) & user.organization_ids)
    return role == "district_lead" and bool(set(district_codes) & user.district_codes)


def can_answer_invitation(user: Any, org_id: str, kind: str, code: str | None) -> bool:
    """An invitation is answered for the invited organisation by its members (its leads,
    for a district), or by an administrator."""
    if kind == "District" and role_of(user) == "district_lead":
        return code in user.district_codes
    return can_edit_organization(user, org_id)


def can_decide_funding(user: Any) -> bool:
    """Funding decisions and closing are the Region's: staff and administrators."""
    return role_of(user) in ("staff", "admin")


def can_view_district(user: Any, district_code: str) -> bool:
    """A district's page: its leads, regional staff and administrators."""
    return role_of(user) == "staff" or can_act_for_district(user, district_code)


def can_act_for_organization(
    user: Any, org_id: str, kind: str | None = None, code: str | None = None
) -> bool:
    """Partnerships are requested, answered and ended for an organisation by its members
    (by its leads, for a district) or by an administrator."""
    return can_answer_invitation(user, org_id, kind or "", code)


def acting_organization_ids(user: Any) -> list[str]:
    """The organisations a user acts for: ACTS_FOR ones, and led districts by code."""
    role = role_of(user)
    if role == "member":
        return sorted(user.organization_ids)
    if role == "district_lead":
        return sorted(user.district_codes)
    return []


def can_read_any_suggestions(user: Any) -> bool:
    """Any organisation's suggested partners (the API): regional staff and administrators;
    others only those of the organisations they act for."""
    return role_of(user) in ("staff", "admin")
