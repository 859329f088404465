"""``flask seed``: load the seed network; ``flask seed synthetic``: load data at scale."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from app.extensions import get_graph
from graph.driver import GraphUnavailable
from graph.errors import Conflict
from graph.schema import apply_migrations
from seed.demo_accounts import DEMO_PASSWORD, DemoAccount, ensure_demo_accounts
from seed.load import BATCH_SIZE, load_seed, load_synthetic

_CLASH = (
    "A uniqueness constraint refused a seed row: the database probably holds the network "
    "of another seed. Load the same seed, or start from an empty database."
)


@click.group("seed", cls=AppGroup, invoke_without_command=True)
@click.option(
    "--seed",
    "seed_number",
    type=int,
    default=None,
    help="Random seed of the network (default: the SEED_NUMBER setting).",
)
@with_appcontext
def seed_cli(seed_number: int | None) -> None:
    """Load the illustrative seed network (idempotent: run it as often as you like)."""
    if click.get_current_context().invoked_subcommand is not None:
        return
    number = current_app.config["SEED_NUMBER"] if seed_number is None else seed_number
    started = time.perf_counter()
    try:
        graph = get_graph()
        apply_migrations(graph)
        counts = load_seed(graph, number)
    except GraphUnavailable as exc:
        raise click.ClickException(f"Neo4j is not reachable: {exc}") from exc
    except Conflict as exc:
        raise click.ClickException(f"{_CLASH}\n{exc.message}") from exc
    for name, value in counts.items():
        click.echo(f"{name:>20}: {value:,}")
    click.echo(f"Seed network {number} loaded in {time.perf_counter() - started:.1f} s.")
    if current_app.config["DEMO_ACCOUNTS"]:
        echo_demo_accounts(ensure_demo_accounts(graph))


def echo_demo_accounts(demos: list[DemoAccount]) -> None:
    """Print the demo logins (they exist only where DEMO_ACCOUNTS is on)."""
    click.echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for demo in demos:
        click.echo(f"  {demo.role:<14} {demo.email}")


@seed_cli.command("synthetic")
@click.option(
    "--orgs", type=click.IntRange(min=0), required=True, help="Number of synthetic organisations."
)
@click.option(
    "--partnerships",
    type=click.IntRange(min=0),
    required=True,
    help="Number of synthetic partnerships among them.",
)
@click.option(
    "--seed",
    "seed_number",
    type=int,
    default=None,
    help="Random seed (default: the SEED_NUMBER setting).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=BATCH_SIZE,
    show_default=True,
    help="Rows per write transaction.",
)
def synthetic_command(
    orgs: int, partnerships: int, seed_number: int | None, batch_size: int
) -> None:
    """Load synthetic organisations and partnerships (ids SYN-...) for scale tests."""
    number = current_app.config["SEED_NUMBER"] if seed_number is None else seed_number
    started = time.perf_counter()

    def progress(kind: str, done: int, total: int) -> None:
        elapsed = time.perf_counter() - started
        click.echo(f"{kind}: {done:,}/{total:,} written, {elapsed:.1f} s")

    try:
        graph = get_graph()
        apply_migrations(graph)
        counts = load_synthetic(graph, orgs, partnerships, number, batch_size, progress)
    except GraphUnavailable as exc:
        raise click.ClickException(f"Neo4j is not reachable: {exc}") from exc
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    elapsed = time.perf_counter() - started
    rows = counts["organizations"] + counts["partnerships"]
    click.echo(
        f"Loaded {counts['organizations']:,} organisations and {counts['partnerships']:,} "
        f"partnerships in {elapsed:.1f} s ({rows / max(elapsed, 1e-9):,.0f} rows/s)."
    )
