"""The home page's words: the one next step suggested to each role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from app import policy


@dataclass(frozen=True)
class NextStep:
    """A suggestion and the page it leads to (shown only when the policy lets the user in)."""

    text: LazyString
    endpoint: str
    label: LazyString


NEXT_STEPS: dict[str, NextStep] = {
    policy.ANONYMOUS: NextStep(
        _l(
            "Register to propose partnerships, join your organisation and build consortia "
            "for the calls."
        ),
        "auth.register",
        _l("Register"),
    ),
    "member": NextStep(
        _l("See the partners suggested for your organisation and answer its partnership requests."),
        "partnerships.inbox",
        _l("Your partnerships"),
    ),
    "district_lead": NextStep(
        _l("Open a consortium for a call and invite its members."),
        "consortia.new",
        _l("Open a consortium for a call"),
    ),
    "staff": NextStep(
        _l("Look at how the regional network is growing and where it is fragile."),
        "analysis.dashboard",
        _l("Network analysis"),
    ),
    "admin": NextStep(
        _l("Decide the requests waiting for the administrators."),
        "admin.requests_queue",
        _l("Waiting requests"),
    ),
}


def next_step(user: Any) -> NextStep:
    """The step suggested to the user's role."""
    return NEXT_STEPS[policy.role_of(user)]
