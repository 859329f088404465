"""Who may do what: one table from endpoint to rule, enforced before every request.

Every endpoint must appear in ``ENDPOINT_RULES``; an endpoint without a rule is refused
(default deny), so a new route cannot be reachable by accident. Object-level checks
(a member may change only their own organisation) are the ``can_*`` functions below,
called by the views and services that load the object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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
    "account.index": LOGGED_IN,
    "account.request_join": LOGGED_IN,
    "account.propose_organization": LOGGED_IN,
    "organizations.edit": MEMBERS,
    "organizations.join_requests": MEMBERS,
    "organizations.decide_join_request": MEMBERS,
    "admin.index": ADMINS,
    "admin.users_page": ADMINS,
    "admin.set_role": ADMINS,
    "admin.proposals": ADMINS,
    "admin.decide_proposal": ADMINS,
    "admin.audit_log": ADMINS,
    "admin.imports": ADMINS,
    "admin.import_report": ADMINS,
    "admin.export": ADMINS,
}


def rule_for(endpoint: str | None) -> Rule | None:
    """The rule of an endpoint, or None when it has none (and is therefore refused)."""
    if endpoint is None:
        return PUBLIC  # no endpoint matched: let routing answer 404/405
    return ENDPOINT_RULES.get(endpoint)


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
