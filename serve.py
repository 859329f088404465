"""`make run`: start the embedded Neo4j (unless NEO4J_URI is set), migrate, seed, serve.

Ctrl-C stops the web server and then Neo4j, which checkpoints its store, so the next
run finds the data as it was left. The app is served by gunicorn with threaded workers
(gunicorn.conf.py: ``WORKERS`` processes, default 1, of ``THREADS`` threads, default 8),
the same server as in production; ``--dev`` uses Flask's development server instead.
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

from config import SECRET_KEY_FILE, Config
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


def _ensure_secret_key() -> None:
    """Without SECRET_KEY in the environment, use the key kept in var/secret_key, generated
    (random, readable by this user only) on the first run: the local demo's sessions and
    erasure pseudonyms survive restarts, and no known key is ever used. Production sets
    SECRET_KEY itself (the app refuses the development value)."""
    if os.environ.get("SECRET_KEY"):
        return
    if not SECRET_KEY_FILE.exists():
        SECRET_KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(SECRET_KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
        print(
            f"Generated a SECRET_KEY for this machine in {SECRET_KEY_FILE} "
            "(set SECRET_KEY in production)",
            flush=True,
        )
    key = SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
    os.environ["SECRET_KEY"] = key  # gunicorn's workers read it from the environment
    Config.SECRET_KEY = key


def _serve_with_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    """Run gunicorn (settings in gunicorn.conf.py; each worker creates the app from
    wsgi.py) until it exits or this process is interrupted, then stop it."""
    # No control socket: gunicorn 27 puts it at one fixed path per user, which two
    # instances on one host would share.
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "gunicorn.conf.py",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"{host}:{port}",
        "--access-logfile",
        "-",
        "--no-control-socket",
        "wsgi:app",
    ]
    print(
        f"Serving on http://{host}:{port} with gunicorn, {workers} worker(s) of "
        f"{threads} threads (Ctrl-C to stop)",
        flush=True,
    )
    server = subprocess.Popen(command, cwd=Path(__file__).resolve().parent)
    try:
        server.wait()
    finally:
        if server.poll() is None:
            server.terminate()  # gunicorn stops its workers gracefully on SIGTERM
            try:
                server.wait(timeout=35)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _start_mail_sender() -> subprocess.Popen[bytes] | None:
    """The mail sender (`flask mail send --loop`) as a process of its own, unless
    MAIL_SENDER_PROCESS=0 (another host runs it). Without MAIL_SERVER it keeps mail in the
    local outbox (/admin/posta); it also expires and reminds overdue requests."""
    if not Config.MAIL_SENDER_PROCESS:
        return None
    where = Config.MAIL_SERVER or "the local outbox (/admin/posta): MAIL_SERVER is not set"
    print(f"Mail sender started: mail goes to {where}", flush=True)
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "mail", "send", "--loop"],
        cwd=Path(__file__).resolve().parent,
    )


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WORKERS", "1")),
        help="gunicorn worker processes",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("THREADS", "8")),
        help="threads of each worker",
    )
    parser.add_argument(
        "--dev",
        action="store_true",
        help="Flask's development server instead of gunicorn (debugging only)",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")

    _ensure_secret_key()
    embedded = _start_embedded()
    # Links in mails point here unless PUBLIC_BASE_URL says otherwise.
    os.environ.setdefault("PUBLIC_BASE_URL", f"http://{args.host}:{args.port}")
    Config.PUBLIC_BASE_URL = os.environ["PUBLIC_BASE_URL"]
    sender: subprocess.Popen[bytes] | None = None
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
        sender = _start_mail_sender()
        if not args.dev:
            graph.close()  # each worker opens its own driver
            _serve_with_gunicorn(args.host, args.port, args.workers, args.threads)
            return
        print(
            f"Serving on http://{args.host}:{args.port} with Flask's development server "
            "(Ctrl-C to stop)",
            flush=True,
        )
        app.run(host=args.host, port=args.port, threaded=True, use_reloader=False)
    except KeyboardInterrupt:
        pass
    finally:
        _stop(sender)
        if embedded is not None:
            print("Stopping Neo4j ...", flush=True)
            embedded.stop()
            print("Neo4j stopped; data kept.", flush=True)


if __name__ == "__main__":
    main()
