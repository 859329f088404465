"""Helpers the consortium and call templates use: rule wording, labels, amounts."""

from __future__ import annotations

from typing import Any

from app.consortia import messages, refusals
from app.services.gaps import gap_key
from app.services.rules import effective_rules, status_path


def consortium_helpers() -> dict[str, Any]:
    """Values for ``Blueprint.context_processor``."""
    return {
        "explain": messages.explain,
        "rule_name": messages.rule_name,
        "rule_titles": messages.RULE_TITLES,
        "status_words": messages.STATUS_WORDS,
        "status_label": messages.status_label,
        "phase_label": messages.phase_label,
        "kinds_text": messages.kinds_text,
        "sizes_text": messages.sizes_text,
        "caps_text": messages.caps_text,
        "effective_rules": effective_rules,
        "euros": messages.euros,
        "status_path": status_path,
        "gap_title": refusals.gap_title,
        "gap_note": refusals.gap_note,
        "gap_names": refusals.gap_names,
        "gap_key": gap_key,
        "blocked_reason": refusals.blocked_reason,
        "reason_text": refusals.reason_text,
    }
