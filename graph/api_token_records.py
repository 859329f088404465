"""API tokens as they leave the graph layer (graph/api_token_repo.py): never the hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from graph.records import FromRecord


@dataclass(frozen=True)
class ApiTokenInfo(FromRecord):
    """What a listing shows of a token: its name and first characters, and its use."""

    id: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
