"""Why a partner is suggested: reason codes with the parameters their sentence needs.

The recommender says *why* as data; the web layer words it (``app/wording/reasons.py``)
in the reader's language. Codes: ``shared_partners``, ``member_partners`` and
``direct_partner`` (``names``, ``count``, ``since``), ``past_consortium`` (``title``,
``call``, ``year``, ``with``), ``past_consortia`` and ``call_experience`` (``count``,
``call``, ``line``), ``same_district``, ``neighbour_district`` (``district``), ``themes``
(``themes``, ``labels`` by language), ``covers_sector`` (``sector``), ``required_kind``
(``kind``), ``can_lead``, ``same_programmes``, ``active`` (``partners``, ``recent``),
``same_country`` (``country``) and ``newcomer``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

#: Names a reason shows at most before "and n others".
MAX_NAMES: Final = 3


@dataclass(frozen=True)
class Reason:
    """One reason: ``code`` (e.g. ``shared_partners``) and what the sentence needs."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
