"""Prepare a served app for a load run over HTTP: log the accounts in, accept the privacy
notice, open the district lead's draft consortium, collect organisation ids.

Plain ``urllib`` (no gevent), so the test suite and the benchmark can both import it.
Only loopback URLs are accepted.
"""

from __future__ import annotations

import html
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from typing import Any

#: Sent by every client of a load run (the setup, locust, wrk), so that flask-login's
#: session protection sees the same browser throughout.
USER_AGENT = "wecare-load/1"
CALLS = ("FSE1", "FSE2", "FSE3", "FSE4", "FESR")
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_DRAFT = re.compile(r'href="/consorzi/(CNS-FSE1-[A-Za-z0-9-]+)"')


@dataclass(frozen=True)
class Account:
    """A login used by one kind of simulated user (``member``, ``lead``, ``staff``)."""

    role: str
    email: str
    password: str


@dataclass
class Plan:
    """What the simulated users need to know about the site (JSON for the locust process)."""

    base: str
    accounts: dict[str, Account]
    district: str
    draft_id: str
    org_ids: list[str]
    calls: list[str] = field(default_factory=lambda: list(CALLS))
    api_token: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Plan:
        data: dict[str, Any] = json.loads(text)
        data["accounts"] = {k: Account(**v) for k, v in data["accounts"].items()}
        return cls(**data)


def check_loopback(base: str) -> str:
    """``base`` without a trailing slash; anything but 127.0.0.1/localhost is refused."""
    host = urllib.parse.urlsplit(base).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"load runs target loopback addresses only, not {base!r}")
    return base.rstrip("/")


class Browser:
    """A cookie-keeping HTTP client for the setup steps (follows redirects)."""

    def __init__(self, base: str, timeout: float = 30.0) -> None:
        self.base = check_loopback(base)
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, str]:
        """Status, body and final URL of a GET."""
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        """Status, body and final URL of a form POST."""
        body = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base + path, data=body))

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        """POST ``fields`` plus the CSRF token of the form served at ``path``."""
        status, body, _url = self.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return self.post(path, {"csrf_token": csrf_token(body), **fields})

    def login(self, account: Account) -> None:
        """Log in and accept the privacy notice if the site asks for it."""
        status, _body, url = self.post_form(
            "/accedi", {"email": account.email, "password": account.password}
        )
        if status != 200 or "/accedi" in url:
            raise RuntimeError(f"could not log {account.email} in (status {status})")
        if "/account/privacy" in url:
            path = urllib.parse.urlsplit(url)
            status, _body, url = self.post_form(f"{path.path}?{path.query}", {"accept": "y"})
            if status != 200 or "/account/privacy" in url:
                raise RuntimeError(f"{account.email} could not accept the privacy notice")

    def cookie_header(self) -> str:
        """The cookies as one ``Cookie`` header (for wrk)."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        request.add_header("User-Agent", USER_AGENT)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return int(response.status), response.read().decode(), response.geturl()
        except urllib.error.HTTPError as error:
            return int(error.code), error.read().decode(errors="replace"), error.geturl()


def csrf_token(page: str) -> str:
    """The first CSRF token in a page's forms."""
    found = _CSRF.search(page)
    if not found:
        raise RuntimeError("no CSRF token in the page")
    return html.unescape(found.group(1))


def status_of(url: str, timeout: float = 10.0) -> int:
    """The status of a GET (0 when the connection fails or times out)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def prepare(
    base: str, accounts: dict[str, Account], district: str, api_token: str | None = None
) -> Plan:
    """Log every account in once (accepting the notice), open or find the lead's FSE1
    draft for ``district`` and collect up to 300 organisation ids from the search API."""
    browsers = {}
    for role, account in accounts.items():
        browsers[role] = Browser(base)
        browsers[role].login(account)
    draft_id = _draft(browsers["lead"], district)
    ids: list[str] = []
    anonymous = Browser(base)
    for page in (1, 2, 3):
        status, body, _url = anonymous.get(f"/cerca/api?per_page=100&page={page}")
        if status != 200:
            raise RuntimeError(f"the search API answered {status}")
        ids += [item["id"] for item in json.loads(body)["items"]]
    if not ids:
        raise RuntimeError("the search API found no organisation")
    if api_token and anonymous.get("/api/v1/openapi.json")[0] != 200:
        api_token = None  # a token, but no API served: no API users
    return Plan(
        base=check_loopback(base),
        accounts=accounts,
        district=district,
        draft_id=draft_id,
        org_ids=ids,
        api_token=api_token,
    )


def _draft(lead: Browser, district: str) -> str:
    """Open the district's FSE1 draft, or find the one already open (one per district)."""
    status, body, url = lead.post_form(
        "/consorzi/nuovo",
        {"call": "FSE1", "lead": district, "line": "", "title": "Prova di carico"},
    )
    opened = re.search(r"/consorzi/(CNS-FSE1-[A-Za-z0-9-]+)$", urllib.parse.urlsplit(url).path)
    if opened:
        return opened.group(1)
    existing = _DRAFT.search(body)
    if status == 200 and existing:
        return existing.group(1)
    raise RuntimeError(f"could not open a draft consortium for {district} (status {status})")
