"""Organisations as they leave the graph layer (frozen records): the node, and the profile
the organisation's page, the API and the forms read."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from graph.call_records import ThemeLabel
from graph.consortium_records import DistrictRef
from graph.records import FromRecord


@dataclass(frozen=True, kw_only=True)
class ProfileFields(FromRecord):
    """The profile properties an organisation node may have and a proposal for one may
    give, each optional: Neo4j stores no nulls, so a property not given is a key the row
    lacks, read as None."""

    legal_form: str | None = None
    tax_code: str | None = None
    size_class: str | None = None
    non_profit: bool | None = None
    description: str | None = None
    website: str | None = None
    email: str | None = None
    capabilities: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Organization(ProfileFields):
    """An organisation node's properties. Only id, name and kind are always stored: a
    property the node lacks is None (Neo4j stores no nulls)."""

    id: str
    name: str
    kind: str
    #: A district's code (districts are organisations too) and its province.
    code: str | None = None
    province: str | None = None
    fictional: bool | None = None
    #: ISO code, for organisations outside Italy (imported; no municipality).
    country: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def properties(self) -> dict[str, Any]:
        """The properties the node has, as ``o {.*}`` would give them (None left out,
        capabilities a list; the profile fields first, as :class:`ProfileFields` holds them).

        >>> Organization.from_record({"id": "O1", "name": "Alfa", "kind": "SME",
        ...     "capabilities": ["training"]}).properties()
        {'capabilities': ['training'], 'id': 'O1', 'name': 'Alfa', 'kind': 'SME'}
        """
        return {
            key: list(value) if isinstance(value, tuple) else value
            for key, value in asdict(self).items()
            if value is not None
        }


@dataclass(frozen=True)
class MunicipalityRef(FromRecord):
    """Where an organisation is: the municipality's ISTAT code, name and province."""

    istat: str | None
    name: str | None
    province: str | None


@dataclass(frozen=True)
class DistrictChoice(FromRecord):
    """A district as filters and menus offer it: code, name and province."""

    code: str
    name: str
    province: str | None


@dataclass(frozen=True)
class OrganizationMatch(FromRecord):
    """An organisation a name search found, for a small picker: name, kind and town."""

    id: str
    name: str
    kind: str
    municipality: str | None


@dataclass(frozen=True)
class ProfilePartner(FromRecord):
    """A partner on a profile, with the partnership's type and dates."""

    id: str
    name: str | None
    kind: str | None
    type: str | None
    since: date | None
    until: date | None


@dataclass(frozen=True)
class ProfileConsortium(FromRecord):
    """A consortium the organisation belongs to, with its call and the role it holds."""

    id: str
    title: str | None
    call: str | None
    year: int | None
    status: str | None
    role: str | None


@dataclass(frozen=True)
class OrganizationProfile(FromRecord):
    """Everything an organisation's page shows: the organisation, its place, themes,
    partners (newest first) and consortia (latest year first)."""

    organization: Organization
    municipality: MunicipalityRef | None
    district: DistrictRef | None
    themes: tuple[ThemeLabel, ...]
    partners: tuple[ProfilePartner, ...]
    consortia: tuple[ProfileConsortium, ...]


@dataclass(frozen=True)
class EditableOrganization(FromRecord):
    """What the profile form starts from: the organisation, its municipality's ISTAT code
    and its theme codes."""

    organization: Organization
    municipality: str | None
    themes: tuple[str, ...]


__all__ = [
    "EditableOrganization",
    "MunicipalityRef",
    "Organization",
    "OrganizationProfile",
    "ProfileConsortium",
    "ProfilePartner",
]
