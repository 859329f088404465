"""The application's CLI commands."""

from __future__ import annotations

from flask.testing import FlaskCliRunner

from graph.driver import Graph


def test_init_db(runner: FlaskCliRunner, graph: Graph) -> None:
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert "Schema up to date" in result.output


def test_create_admin(runner: FlaskCliRunner, graph: Graph) -> None:
    args = [
        "users",
        "create-admin",
        "--email",
        "Boss@Regione.example",
        "--name",
        "Boss",
        "--password",
        "long enough pw",
    ]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    role = graph.read(
        lambda tx: tx.run(
            "MATCH (u:User {email: 'boss@regione.example'}) RETURN u.role AS r"
        ).single(strict=True)["r"]
    )
    assert role == "admin"
    again = runner.invoke(args=args)
    assert again.exit_code != 0
    assert "already exists" in again.output
    short = runner.invoke(
        args=[
            "users",
            "create-admin",
            "--email",
            "x@y.example",
            "--name",
            "X",
            "--password",
            "short",
        ]
    )
    assert short.exit_code != 0 and "10 characters" in short.output
