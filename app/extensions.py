"""Flask extensions, created here and bound to the app in the factory."""

from __future__ import annotations

import atexit

from flask import Flask, current_app
from flask_babel import Babel
from flask_mailman import Mail
from flask_wtf import CSRFProtect

from graph.driver import Graph, GraphSettings

babel = Babel()
csrf = CSRFProtect()
#: Flask-Mailman, configured by the MAIL_* settings; the sender (app/mail) uses it.
mail = Mail()

_GRAPH_KEY = "wecare.graph"


def init_graph(app: Flask) -> None:
    """Create the process's one Neo4j driver; it connects lazily, so start-up never blocks."""
    uri = app.config["NEO4J_URI"]
    if not uri:
        raise RuntimeError(
            "NEO4J_URI is not set: start the app with `make run` (embedded Neo4j) "
            "or point NEO4J_URI at an external Neo4j"
        )
    graph = Graph(
        GraphSettings(
            uri=uri,
            user=app.config["NEO4J_USER"],
            password=app.config["NEO4J_PASSWORD"],
            database=app.config["NEO4J_DATABASE"],
            connection_timeout=app.config["NEO4J_CONNECTION_TIMEOUT"],
            acquisition_timeout=app.config["NEO4J_ACQUISITION_TIMEOUT"],
            max_retry_time=app.config["NEO4J_MAX_RETRY_TIME"],
            version_max_age=app.config["NETWORK_VERSION_MAX_AGE"],
        )
    )
    app.extensions[_GRAPH_KEY] = graph
    atexit.register(graph.close)


def get_graph() -> Graph:
    """The Graph of the current application."""
    graph: Graph = current_app.extensions[_GRAPH_KEY]
    return graph
