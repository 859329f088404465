"""WSGI entry point for gunicorn (`gunicorn -w 2 wsgi:app`); NEO4J_URI must be set."""

from __future__ import annotations

from app import create_app

# Created at import in each worker (no --preload): one Neo4j driver per process.
app = create_app()
