"""Flask CLI commands that belong to the application itself."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import get_graph
from graph.schema import apply_migrations


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Apply the schema migrations (constraints and indexes); safe to run again."""
    applied = apply_migrations(get_graph())
    click.echo(f"Schema up to date: {applied} statements applied.")
