"""`make run`: start the embedded Neo4j (unless NEO4J_URI is set), migrate, seed, serve.

Ctrl-C stops the web server and then Neo4j, which checkpoints its store, so the next
run finds the data as it was left.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

from config import Config
from graph.embedded import EmbeddedNeo4j, EmbeddedNeo4jError

log = logging.getLogger("wecare.serve")


def _start_embedded() -> EmbeddedNeo4j | None:
    """Start the embedded Neo4j and export its URI, unless an external one is configured."""
    if os.environ.get("NEO4J_URI"):
        log.info("Using the external Neo4j at %s", os.environ["NEO4J_URI"])
        return None
    embedded = EmbeddedNeo4j(
        data_dir=Path(Config.NEO4J_DATA_DIR),
        port=Config.NEO4J_BOLT_PORT,
        page_cache=Config.NEO4J_PAGE_CACHE,
        heap=Config.NEO4J_HEAP,
    )
    print(f"Starting the embedded Neo4j (data in {embedded.data_dir}) ...", flush=True)
    try:
        uri = embedded.start()
    except EmbeddedNeo4jError as exc:
        sys.exit(f"Could not start Neo4j: {exc}")
    os.environ["NEO4J_URI"] = uri
    Config.NEO4J_URI = uri
    print(f"Neo4j is ready at {uri}", flush=True)
    return embedded


def _stop_on_signal(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    """Parse options, prepare the database and serve until interrupted."""
    # Ctrl-C (even when started in the background, where SIGINT is ignored) and SIGTERM
    # both end the server through the same clean path that stops Neo4j.
    signal.signal(signal.SIGINT, _stop_on_signal)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    embedded = _start_embedded()
    try:
        from app import create_app
        from app.extensions import get_graph
        from graph.schema import apply_migrations
        from seed.cli import echo_demo_accounts
        from seed.demo_accounts import ensure_demo_accounts
        from seed.load import database_is_empty, load_seed

        app = create_app()
        with app.app_context():
            graph = get_graph()
            apply_migrations(graph)
            if database_is_empty(graph):
                print("Empty database: loading the seed network ...", flush=True)
                counts = load_seed(graph, Config.SEED_NUMBER)
                print("Seed loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
            if app.config["DEMO_ACCOUNTS"]:
                echo_demo_accounts(ensure_demo_accounts(graph))
        print(f"Serving on http://{args.host}:{args.port}  (Ctrl-C to stop)", flush=True)
        app.run(host=args.host, port=args.port, threaded=True, use_reloader=False)
    except KeyboardInterrupt:
        pass
    finally:
        if embedded is not None:
            print("Stopping Neo4j ...", flush=True)
            embedded.stop()
            print("Neo4j stopped; data kept.", flush=True)


if __name__ == "__main__":
    main()
