"""`flask mail send [--loop]`: the sender, as a process of its own."""

from __future__ import annotations

import logging
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from app.mail.sender import run_once
from graph.driver import GraphUnavailable

log = logging.getLogger("wecare.mail")


@click.group("mail")
def mail_cli() -> None:
    """E-mail: deliver notifications and the outbox."""


@mail_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running, every MAIL_SEND_INTERVAL seconds.")
@click.option("--interval", type=float, default=None, help="Seconds between runs (--loop).")
@with_appcontext
def send_command(loop: bool, interval: float | None) -> None:
    """Expire and remind overdue requests, then deliver what is due (once, or in a loop)."""
    pause = interval if interval is not None else float(current_app.config["MAIL_SEND_INTERVAL"])
    while True:
        try:
            report = run_once()
        except GraphUnavailable as exc:
            if not loop:
                raise click.ClickException(f"Neo4j is unreachable: {exc}") from exc
            log.warning("mail sender: Neo4j unreachable, trying again: %s", exc)
        else:
            if not loop or report.sent or report.kept or report.retried or report.failed:
                where = (
                    "kept in the local outbox"
                    if not current_app.config.get("MAIL_SERVER")
                    else "sent"
                )
                click.echo(
                    f"{report.queued} queued, {report.digests} digests, "
                    f"{report.sent + report.kept} {where}, {report.retried} to retry, "
                    f"{report.failed} given up"
                )
        if not loop:
            return
        time.sleep(pause)
