"""The graph model's vocabulary: labels, relationship types and the sector of each kind.

Labels and relationship types cannot be query parameters, so every Cypher string that
names one takes it from these whitelists, never from user input.
"""

from __future__ import annotations

from typing import Final

#: Organisation kinds; each is also the node's second label beside ``Organization``.
KINDS: Final[tuple[str, ...]] = ("District", "PublicBody", "ThirdSector", "SME", "Foundation")

#: Sectors of circular subsidiarity. The sector follows the kind alone: an SME is
#: business even when non-profit (it trades on a market and the FESR lines treat it as
#: an enterprise); a social enterprise registered in the third-sector register is a
#: ThirdSector organisation and so civil society. Foundations fund and partner as civil
#: society. One rule, applied everywhere, so figures never disagree.
SECTOR_OF_KIND: Final[dict[str, str]] = {
    "District": "public",
    "PublicBody": "public",
    "ThirdSector": "civil",
    "Foundation": "civil",
    "SME": "business",
}
SECTORS: Final[tuple[str, ...]] = ("public", "business", "civil")

PARTNERSHIP_TYPES: Final[tuple[str, ...]] = (
    "formal_agreement",
    "joint_project",
    "subsidiarity_pact",
    "informal",
)

SME_SIZES: Final[tuple[str, ...]] = ("micro", "small", "medium")

#: What an organisation can do for a consortium; FSE4 asks for "accompaniment".
CAPABILITIES: Final[tuple[str, ...]] = (
    "accompaniment",
    "service_delivery",
    "training",
    "communication",
    "digital",
    "grant_making",
    "research",
)

#: The rule vocabulary of a call (calls.json, documented in seed/README.md; null or empty:
#: no constraint). The rule engine reads exactly these keys; a line of a call overrides
#: some of them.
RULE_KEYS: Final[tuple[str, ...]] = (
    "lead_kinds",
    "member_kinds",
    "associate_kinds",
    "required_kind_groups",
    "min_members",
    "max_members",
    "one_per_district",
    "max_projects",
    "non_profit",
    "size_classes",
    "lead_capabilities",
    "partner_capabilities",
    "min_budget_eur",
    "max_budget_eur",
    "lines",
)

CONSORTIUM_ROLES: Final[tuple[str, ...]] = ("lead", "partner", "associate")
CONSORTIUM_STATUSES: Final[tuple[str, ...]] = (
    "draft",
    "preliminary",
    "executive",
    "submitted",
    "funded",
    "not_funded",
    "closed",
)


def kind_label(kind: str) -> str:
    """Return ``kind`` if it is a known organisation kind, else raise ``ValueError``."""
    if kind not in KINDS:
        raise ValueError(f"unknown organisation kind: {kind!r}")
    return kind
