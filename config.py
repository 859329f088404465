"""Application settings, read from the environment (12-factor style)."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


#: The signing key of development and tests; refused anywhere else (app.security).
DEV_SECRET_KEY = "dev-only-change-me"
#: Where `make run` keeps the key it generated for the local demo (serve.py).
SECRET_KEY_FILE = BASE_DIR / "var" / "secret_key"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else the one `make run` generated, else the
    development value (which only DEVELOPMENT=1 and the tests accept)."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if SECRET_KEY_FILE.exists():
        return SECRET_KEY_FILE.read_text(encoding="utf-8").strip()
    return DEV_SECRET_KEY


class Config:
    """Settings for running the product; every value can come from the environment."""

    SECRET_KEY = _secret_key()
    # DEVELOPMENT=1 accepts the development SECRET_KEY (never with real data).
    DEVELOPMENT = os.environ.get("DEVELOPMENT", "") == "1"

    # An external Neo4j when NEO4J_URI is set; otherwise serve.py starts the embedded one
    # and fills NEO4J_URI in before the app is created.
    NEO4J_URI = os.environ.get("NEO4J_URI", "")
    NEO4J_USER = os.environ.get("NEO4J_USER", "neo4j")
    NEO4J_PASSWORD = os.environ.get("NEO4J_PASSWORD", "")
    NEO4J_DATABASE = os.environ.get("NEO4J_DATABASE", "neo4j")
    NEO4J_DATA_DIR = os.environ.get("NEO4J_DATA_DIR", str(BASE_DIR / "var" / "neo4j"))
    NEO4J_BOLT_PORT = _int("NEO4J_BOLT_PORT", 7687)
    NEO4J_PAGE_CACHE = os.environ.get("NEO4J_PAGE_CACHE", "512m")
    NEO4J_HEAP = os.environ.get("NEO4J_HEAP", "1g")

    # The driver's defaults block for 30 to 60 s on a dead database (measured against a
    # closed port: 33 s for execute_write, 66 s for execute_query); these make an outage
    # show up as a 503 within a few seconds (the same calls failed in 3 to 6 s).
    NEO4J_CONNECTION_TIMEOUT = _float("NEO4J_CONNECTION_TIMEOUT", 2.0)
    NEO4J_ACQUISITION_TIMEOUT = _float("NEO4J_ACQUISITION_TIMEOUT", 2.0)
    NEO4J_MAX_RETRY_TIME = _float("NEO4J_MAX_RETRY_TIME", 3.0)

    # Each worker remembers the network version (which keys its cached searches, analyses
    # and suggestions) for this many seconds instead of asking Neo4j on every request.
    # A user's own writes show at once on every worker (the session carries the version
    # they produced); other people's show within this delay. 0 asks every time.
    NETWORK_VERSION_MAX_AGE = _float("NETWORK_VERSION_MAX_AGE", 1.0)
    # Seconds a worker reuses a logged-in user's account, roles and organisations for
    # GET requests before reading them again. The user's own changes (any POST) and
    # logging out take effect at once; an administrator's change of someone's role, or a
    # session ended elsewhere, reaches the other workers within this delay. 0: read each time.
    SESSION_USER_MAX_AGE = _float("SESSION_USER_MAX_AGE", 2.0)
    # /health reports Neo4j reachable without asking it again when a call went through
    # less than this many seconds ago (and none has failed since).
    HEALTH_MAX_AGE = _float("HEALTH_MAX_AGE", 1.0)

    SEED_NUMBER = _int("SEED_NUMBER", 20260)
    # Uploaded CSV files and their error reports (shared by the workers of one host).
    IMPORT_DIR = os.environ.get("IMPORT_DIR", str(BASE_DIR / "var" / "imports"))
    MAX_CONTENT_LENGTH = _int("MAX_UPLOAD_MB", 200) * 1024 * 1024
    # One demo account per role with a published password: turn off with real data.
    DEMO_ACCOUNTS = os.environ.get("DEMO_ACCOUNTS", "1") == "1"
    PAGE_SIZE = _int("PAGE_SIZE", 25)
    # Who lets a claimant act for an organisation nobody acted for: "admin" (an
    # administrator approves every claim) or "email-domain" (approved at once when the
    # claimant's confirmed address shares the contact address's domain; else an admin).
    CLAIM_APPROVAL = os.environ.get("CLAIM_APPROVAL", "admin")
    # Days an invitation to join a consortium stays open before it expires.
    INVITATION_DAYS = _int("INVITATION_DAYS", 14)
    # An organisation in more bids than this for one call (and edition) is flagged as
    # over-committed on the consortium builder and when it is invited.
    MAX_BIDS_PER_CALL = _int("MAX_BIDS_PER_CALL", 3)
    # Seconds between two checks of a consortium page for answered invitations.
    CONSORTIUM_POLL_SECONDS = _int("CONSORTIUM_POLL_SECONDS", 10)
    # A partnership request nobody answers expires after this many days.
    PARTNERSHIP_REQUEST_TTL_DAYS = _int("PARTNERSHIP_REQUEST_TTL_DAYS", 30)
    # Retrain the partner recommender in the background when the network has changed by
    # more than 10 % (checked at most every 10 minutes per worker); 0: only by command.
    RECOMMENDER_AUTO_RETRAIN = os.environ.get("RECOMMENDER_AUTO_RETRAIN", "1") == "1"

    # E-mail (Flask-Mailman's setting names). Without MAIL_SERVER nothing leaves the
    # machine: mails stay in the local outbox, which administrators read at /admin/posta.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _int("MAIL_PORT", 25)
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") == "1"
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "") == "1"
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "WE.CA.RE. <noreply@wecare.example>"
    )
    MAIL_TIMEOUT = _float("MAIL_TIMEOUT", 10.0)
    # Always SMTP (Flask-Mailman would keep mail in memory under TESTING).
    MAIL_BACKEND = "smtp"
    # The site's address as its users reach it: links in mails are absolute.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # The sender: a failed mail is tried again after 1, 2, 4 ... minutes (at most 6 hours
    # apart), MAIL_MAX_ATTEMPTS times in all; a claimed mail is held for MAIL_LEASE_SECONDS.
    MAIL_RETRY_BASE_SECONDS = _float("MAIL_RETRY_BASE_SECONDS", 60.0)
    MAIL_RETRY_MAX_SECONDS = _float("MAIL_RETRY_MAX_SECONDS", 6 * 3600.0)
    MAIL_MAX_ATTEMPTS = _int("MAIL_MAX_ATTEMPTS", 8)
    MAIL_LEASE_SECONDS = _float("MAIL_LEASE_SECONDS", 120.0)
    # Daily digests go out at this hour (Italian time); `flask mail send --loop` runs every
    # MAIL_SEND_INTERVAL seconds, and `make run` starts it beside the web server.
    MAIL_DIGEST_HOUR = _int("MAIL_DIGEST_HOUR", 7)
    MAIL_SEND_INTERVAL = _float("MAIL_SEND_INTERVAL", 15.0)
    MAIL_SENDER_PROCESS = os.environ.get("MAIL_SENDER_PROCESS", "1") == "1"
    # One reminder this many days before an unanswered request or invitation expires.
    REMINDER_DAYS_BEFORE = _int("REMINDER_DAYS_BEFORE", 3)

    BABEL_DEFAULT_LOCALE = "it"
    BABEL_DEFAULT_TIMEZONE = "Europe/Rome"
    LANGUAGES = ("it", "en")
    # A call is "in scadenza" (closing soon) when its application deadline is at most this
    # many days away (docs/writing-style.md, "Call status").
    CALL_CLOSING_SOON_DAYS = _int("CALL_CLOSING_SOON_DAYS", 30)
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Secure is added per request over HTTPS; set this to force it (behind a TLS proxy).
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "") == "1"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 14 * 24 * 3600
    WTF_CSRF_TIME_LIMIT = None

    # Behind a reverse proxy: trust one hop of X-Forwarded-For / X-Forwarded-Proto.
    PROXY_FIX = os.environ.get("PROXY_FIX", "") == "1"
    # Send logged-in users who have not accepted the current privacy notice to accept it.
    PRIVACY_CONSENT_CHECK = os.environ.get("PRIVACY_CONSENT_CHECK", "1") == "1"
    # Who answers data-protection requests (shown on the privacy notice).
    PRIVACY_CONTACT = os.environ.get("PRIVACY_CONTACT", "privacy@wecare.example")


class TestConfig(Config):
    """Settings for the test suite: NEO4J_URI points at the throwaway database."""

    TESTING = True
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = False
    # Test users are created without a notice version; the consent tests turn it on.
    PRIVACY_CONSENT_CHECK = False
    # Tests write through a driver of their own between requests, as another worker
    # would, and expect to see it at once; tests/test_freshness.py covers the delays.
    NETWORK_VERSION_MAX_AGE = 0.0
    SESSION_USER_MAX_AGE = 0.0
    HEALTH_MAX_AGE = 0.0
    # Tests train the recommender where they say so (tests/test_recommend_model.py).
    RECOMMENDER_AUTO_RETRAIN = False
