"""Templates show a link or a button exactly when its route would let the user in: they
ask ``can(endpoint)``, the policy table that guards the routes, never a role name."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from werkzeug.exceptions import HTTPException

from app import policy
from config import BASE_DIR
from tests.factories import login
from tests.test_access import ROLE_LOGINS
from tests.test_consortium_views import fse1  # noqa: F401 (a fixture)

ROLES = [policy.ANONYMOUS, *ROLE_LOGINS]


class _Targets(HTMLParser):
    """The (method, path) of every link and form of a page that stays on the site."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[tuple[str, str]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self._add("GET", values["href"] or "")
        elif tag == "form" and values.get("action"):
            self._add((values.get("method") or "get").upper(), values["action"] or "")

    def _add(self, method: str, url: str) -> None:
        parts = urlsplit(url)
        if not parts.netloc and parts.path.startswith("/"):
            self.found.add((method, parts.path))


def _endpoints(app: Flask, html: str) -> set[tuple[str, str]]:
    """The (method, endpoint) pairs a page links to or posts to."""
    parser = _Targets()
    parser.feed(html)
    adapter = app.url_map.bind("localhost")
    found = set()
    for method, path in parser.found:
        try:
            endpoint, _args = adapter.match(path, method=method)
        except HTTPException:
            continue  # not a route of ours (a fragment, a static file's missing twin)
        found.add((method, str(endpoint)))
    return found


def _client(app: Flask, role: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    if role != policy.ANONYMOUS:
        assert login(client, ROLE_LOGINS[role]) == 302
    return client


class _Role:
    """The policy's view of a role, for policy.allows."""

    def __init__(self, role: str) -> None:
        self.is_authenticated = role != policy.ANONYMOUS
        self.role = role


#: Pages and the links on them whose showing depends on the user's role.
GATED = {
    "/": [
        "organizations.index",
        "search.index",
        "calls.index",
        "admin.index",
        "partnerships.inbox",
        "consortia.index",
        "analysis.dashboard",
        "account.index",
    ],
    "/bandi/": ["calls.new"],
    "/bandi/FSE1": ["calls.edit"],
    "/consorzi/": ["consortia.new"],
}


@pytest.mark.parametrize("role", ROLES)
def test_links_shown_are_the_ones_can_allows(role: str, fse1: str, app: Flask) -> None:  # noqa: F811
    """Every link and form on the pages a role opens leads to a route its rule admits, and
    each gated link is there exactly when the rule admits the role."""
    client = _client(app, role)
    user = _Role(role)
    pages = [*GATED, f"/consorzi/{fse1}", f"/analisi/consorzi/{fse1}/rete", "/organizzazioni/ORG-A"]
    opened = 0
    for page in pages:
        response = client.get(page)
        if response.status_code != 200:
            continue  # a page the role may not open: its links are not shown
        opened += 1
        shown = _endpoints(app, response.get_data(as_text=True))
        refused = sorted(e for m, e in shown if not policy.allows(user, e))
        assert not refused, f"{role} on {page} is shown links it would be refused: {refused}"
        for endpoint in GATED.get(page, []):
            expected = policy.allows(user, endpoint)
            assert (("GET", endpoint) in shown) is expected, (role, page, endpoint)
    assert opened >= 3


def test_consortium_exports_follow_the_export_rule(fse1: str, app: Flask) -> None:  # noqa: F811
    """The consortium network's exports are offered to the roles the export route admits
    (staff and administrators), not to the lead who may see the network."""
    for role, expected in (("district_lead", False), ("staff", True), ("admin", True)):
        html = _client(app, role).get(f"/analisi/consorzi/{fse1}/rete").get_data(as_text=True)
        assert (("GET", "analysis.export") in _endpoints(app, html)) is expected, role


#: A role decided in a template: comparing the user's role, or asking for one by name.
ROLE_CHECK = re.compile(
    r"current_user\.role\s*(==|!=|\bin\b|\bnot\b)"
    r"|\brole\s*(==|!=)\s*['\"](member|district_lead|staff|admin)['\"]"
    r"|\b(is_admin|is_staff|has_role)\b"
)


def templates() -> list[Path]:
    """Every HTML template of the site."""
    return sorted(
        [*BASE_DIR.glob("templates/**/*.html"), *BASE_DIR.glob("app/*/templates/**/*.html")]
    )


def test_no_template_decides_by_role_name() -> None:
    offenders = [
        f"{path.relative_to(BASE_DIR)}:{n}"
        for path in templates()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_CHECK.search(line)
    ]
    assert len(templates()) > 50
    assert not offenders, f"role checks in templates (use can(endpoint)): {offenders}"


def test_the_role_check_pattern_catches_the_old_checks() -> None:
    """The scan above would fail on the checks the templates used to make."""
    for old in (
        '{% if current_user.role == "admin" %}',
        '{% if current_user.is_authenticated and current_user.role in ("member", "lead") %}',
        '{% if current_user.role != "staff" %}',
        '{% if mine or current_user.role == "admin" %}',
    ):
        assert ROLE_CHECK.search(old), old
    assert not ROLE_CHECK.search("{{ labels.ROLE_NAMES[current_user.role] }}")


def test_can_refuses_an_endpoint_without_a_route(app: Flask) -> None:
    """A misspelt endpoint is a mistake in the template, not a silently hidden link."""
    with app.test_request_context("/"):
        template = app.jinja_env.from_string("{{ can('admin.indx') }}")
        with pytest.raises(LookupError):
            template.render()
        assert app.jinja_env.from_string("{{ can('calls.index') }}").render() == "True"
        assert app.jinja_env.from_string("{{ can('calls.new') }}").render() == "False"
