"""Audit findings 13 and 14: a password change ends the account's API tokens too, and
the app refuses to start outside development and tests without a real SECRET_KEY."""

from __future__ import annotations

import pytest
from flask import Flask

from app import create_app
from config import Config
from graph.driver import Graph
from tests.factories import RoleUsers, change_password, login, make_api_token

# --- finding 13 ------------------------------------------------------------------------


def test_password_change_revokes_api_tokens(users: RoleUsers, app: Flask, world: Graph) -> None:
    token = make_api_token(world, users.member_a)
    other = make_api_token(world, users.member_b)
    api = app.test_client()

    def status(secret: str) -> int:
        return api.get(
            "/api/v1/organizations", headers={"Authorization": f"Bearer {secret}"}
        ).status_code

    assert status(token) == 200
    client = app.test_client()
    login(client, "member_a")
    response = change_password(client)
    assert response.status_code == 302
    assert status(token) == 401
    assert status(other) == 200  # someone else's token is untouched


# --- finding 14 ------------------------------------------------------------------------


def _config(**values: object) -> type[Config]:
    return type(
        "ProductionLike", (Config,), {"NEO4J_URI": "bolt://127.0.0.1:1", "TESTING": False, **values}
    )


@pytest.mark.parametrize("key", ["dev-only-change-me", "", "short"])
def test_refuses_to_start_without_a_real_secret_key(key: str) -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(_config(SECRET_KEY=key))


def test_starts_with_a_real_secret_key_or_in_development() -> None:
    create_app(_config(SECRET_KEY="x" * 40))
    create_app(_config(SECRET_KEY="dev-only-change-me", DEVELOPMENT=True))
