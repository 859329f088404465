"""The process's caches (app.services.memo.REGISTRY) bound to the app: listed and emptied
with ``flask memos``."""

from __future__ import annotations

from collections.abc import Sized

import click
from flask import Flask

from app.services.memo import REGISTRY


@click.command("memos")
@click.option("--clear", is_flag=True, help="Empty every cache of this process.")
def memos_cli(clear: bool) -> None:
    """List this process's caches with their entries (and hits and misses when counted)."""
    for name, cache in REGISTRY:
        size = len(cache) if isinstance(cache, Sized) else "?"
        counts = (
            f", {cache.hits} hits, {cache.misses} misses"
            if hasattr(cache, "hits") and hasattr(cache, "misses")
            else ""
        )
        click.echo(f"{name}: {size} entries{counts}")
    if clear:
        REGISTRY.clear()
        click.echo("Cleared.")


def init_memos(app: Flask) -> None:
    """Bind the registry as ``app.extensions["memos"]`` and add ``flask memos``."""
    app.extensions["memos"] = REGISTRY
    app.cli.add_command(memos_cli)
