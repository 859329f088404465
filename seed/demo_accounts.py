"""One demo account per role, so a fresh `make run` can be tried at once.

The password is public (README): set DEMO_ACCOUNTS=0 wherever real data lives.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.services import accounts
from graph.driver import Graph
from graph.organization_repo import first_organization_in_district_tx
from graph.user_repo import get_user_by_email_tx, link_user_district_tx, link_user_organization_tx

DEMO_PASSWORD = "wecare-demo-2026"
#: The demo district lead and member work in the Pinerolo district (a sourced map).
DEMO_DISTRICT = "DCS12"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str


DEMO_ACCOUNTS = (
    DemoAccount("admin@wecare.example", "Amministratrice demo", "admin"),
    DemoAccount("staff@wecare.example", "Funzionario regionale demo", "staff"),
    DemoAccount("capofila@wecare.example", "Capofila demo (Pinerolo)", "district_lead"),
    DemoAccount("membro@wecare.example", "Membro demo (Terzo settore)", "member"),
)


def ensure_demo_accounts(graph: Graph) -> list[DemoAccount]:
    """Create the demo accounts that are missing (idempotent) and return them all."""
    for demo in DEMO_ACCOUNTS:
        try:
            user_id = accounts.create_user(
                graph, email=demo.email, name=demo.name, password=DEMO_PASSWORD, role=demo.role
            )
        except accounts.AccountError:
            existing = graph.read(get_user_by_email_tx, email=demo.email)
            if existing is None:
                raise
            user_id = existing["id"]
        if demo.role == "district_lead":
            graph.write(link_user_district_tx, user_id=user_id, district_code=DEMO_DISTRICT)
        elif demo.role == "member":
            org_id = graph.read(
                first_organization_in_district_tx, district=DEMO_DISTRICT, kind="ThirdSector"
            )
            if org_id:
                graph.write(link_user_organization_tx, user_id=user_id, org_id=org_id)
    return list(DEMO_ACCOUNTS)
