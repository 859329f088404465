"""Small, explicit test data: a few organisations, a district and one user per role."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from app.services import accounts, audit, partnerships
from graph.driver import Graph
from graph.user_repo import create_user_tx, link_user_district_tx, link_user_organization_tx

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new secret"


def make_world(graph: Graph) -> None:
    """Two municipalities in one district, two organisations, two themes."""

    def create_tx(tx):  # type: ignore[no-untyped-def]
        tx.run(
            """
            CREATE (d:Organization:District {id: 'DCS01', code: 'DCS01', kind: 'District',
                    name: 'Distretto della Coesione Sociale di Prova', province: 'TO'})
            CREATE (m1:Municipality {istat: '001272', name: 'Torino', province: 'TO'})
            CREATE (m2:Municipality {istat: '001191', name: 'Pinerolo', province: 'TO'})
            CREATE (m1)-[:IN_DISTRICT]->(d), (m2)-[:IN_DISTRICT]->(d), (d)-[:LOCATED_IN]->(m1)
            CREATE (a:Organization:ThirdSector {id: 'ORG-A', kind: 'ThirdSector',
                    name: 'Cooperativa Alfa', non_profit: true, fictional: true})
            CREATE (b:Organization:SME {id: 'ORG-B', kind: 'SME', name: 'Beta Servizi srl',
                    size_class: 'small', non_profit: false, fictional: true})
            CREATE (a)-[:LOCATED_IN]->(m1), (b)-[:LOCATED_IN]->(m2)
            CREATE (:Theme {code: 'proximity_assistance', label_it: 'Assistenza di prossimità',
                    label_en: 'Proximity assistance'})
            CREATE (:Theme {code: 'local_governance', label_it: 'Governance locale',
                    label_en: 'Local governance'})
            """
        ).consume()

    graph.write(create_tx)


@dataclass(frozen=True)
class RoleUsers:
    member_a: str
    member_b: str
    lead: str
    staff: str
    admin: str
    newcomer: str


#: The accounts of make_users: key (the e-mail's local part) and role.
USER_ROLES = (
    ("member_a", "member"),
    ("member_b", "member"),
    ("lead", "district_lead"),
    ("staff", "staff"),
    ("admin", "admin"),
    ("newcomer", "member"),
)


@functools.cache
def _password_hash() -> str:
    # Argon2 is slow on purpose (about 30 ms); six accounts in some 300 tests would spend
    # a minute of the run hashing the same password. Each hash still verifies at login.
    return accounts.hash_password(PASSWORD)


def make_users(graph: Graph) -> RoleUsers:
    """One user per role; members act for ORG-A and ORG-B, the lead for DCS01."""
    users = {
        key: accounts.new_user(
            email=f"{key}@test.example",
            name=key.title(),
            password_hash=_password_hash(),
            role=role,
        )
        for key, role in USER_ROLES
    }
    ids = {key: str(user["id"]) for key, user in users.items()}

    def create_tx(tx):  # type: ignore[no-untyped-def]
        for user in users.values():
            create_user_tx(tx, user=user)
        link_user_organization_tx(tx, user_id=ids["member_a"], org_id="ORG-A")
        link_user_organization_tx(tx, user_id=ids["member_b"], org_id="ORG-B")
        link_user_district_tx(tx, user_id=ids["lead"], district_code="DCS01")

    graph.write(create_tx)  # one transaction, not nine
    return RoleUsers(**ids)


def login(client: FlaskClient, key: str, password: str = PASSWORD, **extra: object) -> int:
    """Log ``key``@test.example in; returns the response status."""
    response = client.post(
        "/accedi", data={"email": f"{key}@test.example", "password": password, **extra}
    )
    return response.status_code


def logged_in(app: Flask, key: str) -> FlaskClient:
    """A test client of ``app`` with ``key``@test.example logged in (the login redirects)."""
    client = app.test_client()
    assert login(client, key) == 302
    return client


def informal_request(
    graph: Graph,
    user_id: str,
    from_id: str,
    to_id: str,
    *,
    message: str = "",
    ttl_days: int = 30,
    now: datetime | None = None,
) -> str:
    """An informal partnership request from ``from_id`` to ``to_id``, opened through the
    service by the user ``user_id``; its id."""
    return partnerships.request_partnership(
        graph,
        audit.Actor(user_id),
        from_id=from_id,
        to_id=to_id,
        type_="informal",
        message=message,
        ttl_days=ttl_days,
        now=now,
    )


def login_from(app: Flask, address: str, email: str, password: str) -> int:
    """The status of a login posted by a fresh client of ``app`` from ``address`` (its
    REMOTE_ADDR: the login throttle counts per account and per address)."""
    response = app.test_client().post(
        "/accedi",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code


def make_api_token(
    graph: Graph, user_id: str, name: str = "test", secret: str | None = None
) -> str:
    """A new API token of ``user_id`` (the token itself, as its user sees it once); with
    ``secret``, that token (a fixed one, for tests that must know it in advance)."""
    import uuid

    from app.services import api_tokens
    from graph.api_token_repo import create_token_tx

    if secret is None:
        return api_tokens.create_token(
            graph, audit.Actor(user_id), user_id=user_id, name=name
        ).secret
    token = {
        "id": str(uuid.uuid4()),
        "hash": api_tokens.hash_token(secret),
        "prefix": secret[: api_tokens.PREFIX_LENGTH],
        "name": name,
        "created_at": datetime.now(UTC),
    }
    assert graph.write(create_token_tx, user_id=user_id, token=token, max_tokens=100) == "created"
    return secret


def change_password(client: FlaskClient, current: str = PASSWORD) -> TestResponse:
    """Post the password-change form: ``current``, then NEW_PASSWORD twice."""
    return client.post(
        "/password",
        data={"current": current, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )


def post_status(client: FlaskClient, url: str, **form: str) -> int:
    """The status of a form posted to ``url``."""
    return client.post(url, data=form).status_code
