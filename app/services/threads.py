"""Short message threads on partnership requests and consortium invitations.

Both sides write while the request or invitation is open (pending and not expired); the
thread stays readable afterwards. A message is plain text (at most ``MAX_BODY``
characters; HTML is shown as typed, never interpreted) and a thread holds at most
``MAX_MESSAGES``. Each message notifies the people of the other side (``message_received``)
in the same transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Final

from app.services import audit
from app.services.errors import CodedError
from graph.driver import Graph
from graph.partnership_records import OrgRef
from graph.thread_records import InvitationParties, RequestParties, ThreadMessage
from graph.thread_repo import (
    invitation_parties_tx,
    message_counts_tx,
    messages_tx,
    post_message_tx,
    request_parties_tx,
)

MAX_BODY: Final = 2000
MAX_MESSAGES: Final = 50


class ThreadError(CodedError):
    """A refused message, with a code the routes turn into words."""


def request_parties(graph: Graph, request_id: str) -> RequestParties | None:
    """A partnership request's sides (``from_org``, ``to_org``) and ``open``."""
    return graph.read(request_parties_tx, request_id=request_id)


def invitation_parties(graph: Graph, invitation_id: str) -> InvitationParties | None:
    """An invitation's sides (``org``, the consortium's ``lead``) and ``open``."""
    return graph.read(invitation_parties_tx, invitation_id=invitation_id)


def messages(graph: Graph, subject: str, subject_id: str) -> list[ThreadMessage]:
    return graph.read(messages_tx, subject=subject, subject_id=subject_id)


def counts(graph: Graph, subject: str, subject_ids: Sequence[str]) -> dict[str, int]:
    """Messages per thread, for the listings' links."""
    if not subject_ids:
        return {}
    return graph.read(message_counts_tx, subject=subject, subject_ids=list(subject_ids))


def post(
    graph: Graph,
    actor: audit.Actor,
    *,
    subject: str,
    subject_id: str,
    body: str,
    author_name: str,
    side: OrgRef,
    other_org_ids: Sequence[str],
    other_user_ids: Sequence[str] = (),
    link: str,
    about: str,
) -> None:
    """Add a message written by ``actor`` for the organisation ``side``; the other side's
    people are notified. Raises ThreadError: ``empty``, ``too_long``, ``closed``, ``full``."""
    body = body.strip()
    if not body:
        raise ThreadError("empty")
    if len(body) > MAX_BODY:
        raise ThreadError("too_long")
    message = {
        "id": str(uuid.uuid4()),
        "body": body,
        "author_id": actor.user_id,
        "author_name": author_name,
        "org_id": side.id,
        "org_name": side.name,
    }
    notify = {
        "link": link,
        "org_ids": list(other_org_ids),
        "user_ids": list(other_user_ids),
        "params": {"org_name": side.name, "about": about},
    }
    outcome = str(
        graph.write(
            post_message_tx,
            subject=subject,
            subject_id=subject_id,
            message=message,
            notify=notify,
            max_messages=MAX_MESSAGES,
        )
    )
    if outcome != "added":
        raise ThreadError(outcome)
    audit.record(
        graph,
        actor,
        "thread_message",
        target_type=subject,
        target_id=subject_id,
        details={"message": message["id"], "organization": side.id},
    )
