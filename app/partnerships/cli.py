"""``flask partnerships expire``: close the requests nobody answered in time."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import get_graph
from app.services import partnerships

partnerships_cli = AppGroup("partnerships", help="Partnership requests.")


@partnerships_cli.command("expire")
def expire_command() -> None:
    """Mark pending requests past their expiry as expired (each one audited)."""
    count = partnerships.expire_pending(get_graph())
    click.echo(f"{count} partnership request(s) expired.")
