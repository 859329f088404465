"""Flask CLI commands that belong to the application itself."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from app.extensions import get_graph
from app.services import accounts
from graph.schema import apply_migrations


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Apply the schema migrations (constraints and indexes); safe to run again."""
    applied = apply_migrations(get_graph())
    click.echo(f"Schema up to date: {applied} statements applied.")


users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create-admin")
@click.option("--email", prompt=True, help="E-mail address used to log in.")
@click.option("--name", prompt=True, help="Full name.")
@click.password_option(help="At least 10 characters.")
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create an administrator account."""
    try:
        accounts.create_user(get_graph(), email=email, name=name, password=password, role="admin")
    except accounts.AccountError as exc:
        messages = {
            "email_taken": "an account with this e-mail already exists",
            "password_too_short": f"the password needs {accounts.MIN_PASSWORD_LENGTH} "
            "characters or more",
        }
        raise click.ClickException(messages.get(exc.code, exc.code)) from exc
    click.echo(f"Administrator {accounts.normalise_email(email)} created.")
