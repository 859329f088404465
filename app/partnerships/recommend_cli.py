"""``flask recommend train``: train the partner recommender on the network's history."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import get_graph
from app.services import recommend_jobs, recommend_store

recommend_cli = AppGroup("recommend", help="The partner recommender.")


@recommend_cli.command("train")
@click.option(
    "--seed",
    type=int,
    default=recommend_store.DEFAULT_SEED,
    show_default=True,
    help="Seed of the query sampling and of LightGBM (same seed, same model).",
)
@click.option(
    "--if-stale",
    is_flag=True,
    help="Only when the network changed by more than 10 % since the last model.",
)
def train_command(seed: int, if_stale: bool) -> None:
    """Train both rankers (organisations, consortia) and keep them in Neo4j."""
    trained = recommend_jobs.retrain(get_graph(), seed=seed, force=not if_stale)
    if not trained:
        click.echo("The current model is still up to date (or another worker is training).")
        return
    for task in ("organization", "consortium"):
        stored = recommend_store.stored(get_graph(), task)
        if stored is not None:
            report = stored.report
            click.echo(
                f"{task}: {stored.kind} ranker from {report.get('queries', 0)} queries, "
                f"{report.get('positives', 0)} positive examples, "
                f"{report.get('trees', 0)} trees, {float(report.get('seconds', 0)):.0f} s"
            )
