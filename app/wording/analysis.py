"""A background analysis job in words (its step), for the analysis pages and the API."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

STEP_LABELS: dict[str, LazyString] = {
    "queued": _l("Waiting to start"),
    "projection": _l("Reading the network from the database"),
    "convert": _l("Preparing the graph"),
    "structure": _l("Density, components and sector mixing"),
    "centrality": _l("Centrality of the organisations"),
    "communities": _l("Communities"),
    "brokerage": _l("Brokers between sectors"),
    "fragility": _l("Articulation points and bridges"),
    "subsidiarity": _l("Circular-subsidiarity index and random baseline"),
    "districts": _l("Indices of each district"),
    "growth": _l("Growth year by year"),
    "layout": _l("Drawing the network"),
    "saving": _l("Saving the results"),
    "done": _l("Done"),
    "failed": _l("Failed"),
}


def job_json(job: dict[str, Any]) -> dict[str, Any]:
    """A job as the progress script reads it."""
    step = str(job.get("step") or job.get("state") or "queued")
    return {
        "id": job.get("id"),
        "key": job.get("key"),
        "state": job.get("state"),
        "step": step,
        "step_label": str(STEP_LABELS.get(step, step)),
        "progress": float(job.get("progress") or 0.0),
        "version": job.get("version"),
        "error": job.get("error"),
    }
