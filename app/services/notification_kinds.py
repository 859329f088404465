"""The kinds of notification: what each says, which preference group it belongs to, and
whether it may be mailed.

A kind is added by adding an entry to ``NOTIFICATION_KINDS`` (and its Italian title at the
end of messages.po). Titles are lazy strings formatted with the notification's params
(``%(name)s``), so they are worded in the reader's language when shown or mailed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from app.formatting import date_text
from app.labels import CONSORTIUM_STATUS_LABELS

#: Preference groups, in the order the settings page lists them.
GROUPS: Final[tuple[str, ...]] = (
    "partnerships",
    "consortia",
    "organizations",
    "imports",
    "messages",
)
GROUP_LABELS: Final[dict[str, LazyString]] = {
    "partnerships": _l("Partnership requests"),
    "consortia": _l("Consortia and invitations"),
    "organizations": _l("Organisations, join requests and proposals"),
    "imports": _l("Imports"),
    "messages": _l("Messages"),
}
#: How a user receives the mails of a group.
MODES: Final[tuple[str, ...]] = ("immediate", "digest", "never")
MODE_LABELS: Final[dict[str, LazyString]] = {
    "immediate": _l("At once"),
    "digest": _l("Daily digest"),
    "never": _l("Never"),
}
DEFAULT_MODE: Final = "immediate"


@dataclass(frozen=True)
class NotificationKind:
    """One kind of notification."""

    code: str
    title: LazyString
    group: str
    mailable: bool = True
    #: Params that are codes, worded by these labels when shown (``status``: "draft").
    param_labels: Mapping[str, Mapping[str, LazyString]] = field(default_factory=dict)
    #: Params that are ISO dates, formatted for the reader's language when shown.
    date_params: tuple[str, ...] = ()


class _Params(dict[str, object]):
    """Params for a title: a missing one reads as an empty string, never an error."""

    def __missing__(self, key: str) -> str:
        return ""


_IMPORT_OUTCOMES: Final[dict[str, LazyString]] = {
    "done": _l("completed"),
    "failed": _l("failed"),
}


def _kinds(*kinds: NotificationKind) -> dict[str, NotificationKind]:
    return {kind.code: kind for kind in kinds}


NOTIFICATION_KINDS: Final[dict[str, NotificationKind]] = _kinds(
    NotificationKind(
        "partnership_request_received",
        _l("%(from_name)s asks %(to_name)s for a partnership"),
        "partnerships",
    ),
    NotificationKind(
        "partnership_request_accepted",
        _l("%(to_name)s accepted the partnership request of %(from_name)s"),
        "partnerships",
    ),
    NotificationKind(
        "partnership_request_declined",
        _l("%(to_name)s declined the partnership request of %(from_name)s"),
        "partnerships",
    ),
    NotificationKind(
        "partnership_request_withdrawn",
        _l("%(from_name)s withdrew its partnership request to %(to_name)s"),
        "partnerships",
    ),
    NotificationKind(
        "partnership_request_reminder",
        _l("The partnership request of %(from_name)s to %(to_name)s expires on %(expires_on)s"),
        "partnerships",
        date_params=("expires_on",),
    ),
    NotificationKind(
        "partnership_request_expired",
        _l("The partnership request of %(from_name)s to %(to_name)s expired unanswered"),
        "partnerships",
    ),
    NotificationKind(
        "invitation_received",
        _l("%(org_name)s is invited to join the consortium %(consortium_name)s"),
        "consortia",
    ),
    NotificationKind(
        "invitation_accepted",
        _l("%(org_name)s accepted the invitation to the consortium %(consortium_name)s"),
        "consortia",
    ),
    NotificationKind(
        "invitation_declined",
        _l("%(org_name)s declined the invitation to the consortium %(consortium_name)s"),
        "consortia",
    ),
    NotificationKind(
        "invitation_withdrawn",
        _l("The invitation of %(org_name)s to the consortium %(consortium_name)s was withdrawn"),
        "consortia",
    ),
    NotificationKind(
        "invitation_reminder",
        _l(
            "The invitation of %(org_name)s to the consortium %(consortium_name)s "
            "expires on %(expires_on)s"
        ),
        "consortia",
        date_params=("expires_on",),
    ),
    NotificationKind(
        "invitation_expired",
        _l(
            "The invitation of %(org_name)s to the consortium %(consortium_name)s "
            "expired unanswered"
        ),
        "consortia",
    ),
    NotificationKind(
        "consortium_phase_changed",
        _l("The consortium %(consortium_name)s moved to the phase %(status)s"),
        "consortia",
        param_labels={"status": CONSORTIUM_STATUS_LABELS},
    ),
    NotificationKind(
        "consortium_rule_failing",
        _l("The consortium %(consortium_name)s no longer meets a rule of its call"),
        "consortia",
    ),
    NotificationKind(
        "join_request_received", _l("%(user_name)s asks to act for %(org_name)s"), "organizations"
    ),
    NotificationKind("join_request_approved", _l("You now act for %(org_name)s"), "organizations"),
    NotificationKind(
        "join_request_refused",
        _l("Your request to act for %(org_name)s was refused"),
        "organizations",
    ),
    NotificationKind(
        "proposal_approved",
        _l("Your proposed organisation %(org_name)s was approved"),
        "organizations",
    ),
    NotificationKind(
        "proposal_refused",
        _l("Your proposed organisation %(org_name)s was refused"),
        "organizations",
    ),
    # Accounts and claims (docs/notifications.md, "Accounts, claims and message threads").
    NotificationKind(
        "claim_received",
        _l("%(user_name)s claims %(org_name)s, which nobody acts for"),
        "organizations",
    ),
    NotificationKind(
        "message_received", _l("New message from %(org_name)s about %(about)s"), "messages"
    ),
    NotificationKind(
        "import_finished",
        _l("The import of %(file_name)s finished: %(outcome)s"),
        "imports",
        param_labels={"outcome": _IMPORT_OUTCOMES},
    ),
)


def kind_of(code: str) -> NotificationKind | None:
    """The registered kind ``code``, or None (an unknown code is shown by its code)."""
    return NOTIFICATION_KINDS.get(code)


def title(code: str, params: Mapping[str, object]) -> str:
    """The title of a notification in the current locale (its code for an unknown kind)."""
    kind = NOTIFICATION_KINDS.get(code)
    if kind is None:
        return code
    shown = _Params(params)
    for name, words in kind.param_labels.items():
        if shown.get(name) in words:
            shown[name] = str(words[str(shown[name])])
    for name in kind.date_params:  # the long form of pages: 3 dicembre 2026
        shown[name] = date_text(str(shown.get(name))) or shown.get(name)
    return str(kind.title) % shown


def group_of(code: str) -> str:
    """The preference group of a kind (an unknown kind counts as ``messages``)."""
    kind = NOTIFICATION_KINDS.get(code)
    return kind.group if kind else "messages"
