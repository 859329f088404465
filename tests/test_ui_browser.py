"""In headless Chromium, on the seed network: every page each role can open, at 390 px, in
Italian and in English, fits the phone's width (no horizontal scroll) and has no axe-core
violation of impact serious or critical; the header takes at most ~15 % of a phone's first
screen and fits one row at 1366 px; keyboard journeys (login, search with filters and its
skip link, the consortium builder's invitation).
Screenshots of the main pages at 390 and 1366 px go to var/screenshots/ (git-ignored).

The suite's browser, one server for the module. Debian's Chromium is driven by Playwright
(never ``playwright install``); a missing browser fails these tests rather than skipping.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Response, StorageState, ViewportSize, expect
from playwright.sync_api import Error as PlaywrightError

from app import policy
from app.services import analysis_jobs, audit, calls
from config import BASE_DIR
from graph.driver import Graph
from seed.demo_accounts import DEMO_PASSWORD, ensure_demo_accounts
from tests.conftest import load_seed_once, make_app
from tests.phone_tables import table_problems
from tests.served import serve

#: On the seed network, so these run with the other tests on it (see tests/conftest.py).
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("seeded_graph")]

AXE = BASE_DIR / "static" / "vendor" / "axe.min.js"
SCREENSHOTS = BASE_DIR / "var" / "screenshots"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
ACCOUNTS = {
    "member": "membro@wecare.example",
    "district_lead": "capofila@wecare.example",
    "staff": "staff@wecare.example",
    "admin": "admin@wecare.example",
}
#: Pages that answer with something other than a page to look at (files, JSON, redirects).
NOT_PAGES = (
    "/api/",
    "/static/",
    "/health",
    "/dati",
    "/esporta",
    ".csv",
    ".json",
    ".pdf",
    "/suggerimenti/comuni",
    "/suggerimenti/organizzazioni",
    "/cerca/api",
    "/partenariati/api/",
    "/lavori/",
)


@pytest.fixture(scope="module")
def seed_ids(_session_graph: Graph) -> dict[str, str]:
    """The seed network with the demo accounts; ids of objects the pages are opened on."""
    seeded_graph = load_seed_once(_session_graph)
    ensure_demo_accounts(seeded_graph)
    return seeded_graph.read(
        lambda tx: (
            tx.run(
                "MATCH (u:User {email: 'membro@wecare.example'})-[:ACTS_FOR]->(o:Organization) "
                "MATCH (c:Consortium) WHERE c.id STARTS WITH 'CNS-' "
                "WITH o, c ORDER BY c.id LIMIT 1 "
                "OPTIONAL MATCH (lc:Consortium)-[:IN_DISTRICT]->(:District {code: 'DCS12'}) "
                "WITH o, c, lc ORDER BY lc.id LIMIT 1 "
                "RETURN o.id AS org_id, c.id AS consortium_id, lc.id AS lead_consortium_id"
            )
            .single(strict=True)
            .data()
        )
    )


@pytest.fixture(scope="module")
def app_and_site(neo4j_uri: str, seed_ids: dict[str, str]) -> Iterator[tuple[Flask, str]]:
    """The app with CSRF on, served on 127.0.0.1 for the module."""
    app = make_app(neo4j_uri, WTF_CSRF_ENABLED=True)
    with serve(app) as url:
        yield app, url
        analysis_jobs.wait_idle(timeout=120)


@pytest.fixture(scope="module")
def site(app_and_site: tuple[Flask, str]) -> str:
    """The served app's base URL, for tests that do not look at its routes."""
    return app_and_site[1]


@pytest.fixture
def chromium(browser: Browser) -> Browser:
    """The suite's headless Chromium, with axe-core at hand."""
    assert AXE.exists(), "static/vendor/axe.min.js is missing"
    return browser


#: Each (site, role, language)'s cookies once logged in, and the page the login led to: a
#: new context starts from them instead of filling the login form again.
_SIGNED_IN: dict[tuple[str, str, str], tuple[StorageState, str]] = {}


def _page(
    browser: Browser, site: str, role: str, lang: str = "it", viewport: ViewportSize = PHONE
) -> Page:
    """A new context (axe may be injected: bypass_csp) logged in as role's demo account, on
    the page the login led to."""
    signed_in = _SIGNED_IN.get((site, role, lang))
    context = browser.new_context(
        base_url=site,
        locale=f"{lang}-IT",
        viewport=viewport,
        bypass_csp=True,
        storage_state=signed_in[0] if signed_in else None,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    if signed_in:
        page.goto(signed_in[1])
        return page
    page.goto(f"/?lang={lang}")
    if role != policy.ANONYMOUS:
        page.goto("/accedi")
        page.fill("#email", ACCOUNTS[role])
        page.fill("#password", DEMO_PASSWORD)
        page.click("#content form [type=submit]")
        expect(page).not_to_have_url(f"{site}/accedi")
        page.wait_for_load_state()  # the scripts have run
    _SIGNED_IN[site, role, lang] = (context.storage_state(), page.url)
    return page


def _paths(app: Flask, role: str, ids: dict[str, str]) -> list[str]:
    """The GET pages role may open, with the seed's ids in their URLs."""
    args = {
        "org_id": ids["org_id"],
        "consortium_id": ids["consortium_id"],
        "call_code": "FSE1",
        "district_code": "DCS12",
        "lang": "it",
    }
    paths = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or not set(rule.arguments) <= set(args):
            continue
        allowed = policy.rule_for(rule.endpoint)
        if allowed is None or not allowed.allows(role):
            continue
        path = rule.build({name: args[name] for name in rule.arguments})[1]  # type: ignore[index]
        if not any(part in path for part in NOT_PAGES):
            paths.add(path)
    return sorted(paths)


def _axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations of impact serious or critical on the page. A page may reload
    itself meanwhile (the analysis pages do when their computation ends): then once more,
    on the page it became."""
    for attempt in (1, 2):
        try:
            if not page.evaluate("typeof window.axe !== 'undefined'"):
                page.add_script_tag(path=str(AXE))
            result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            break
        except PlaywrightError as error:
            if attempt == 2 or "context was destroyed" not in str(error):
                raise
            page.wait_for_load_state()
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _goto(page: Page, path: str) -> Response | None:
    """Open ``path``; once more when the navigation was aborted by the page before it,
    which reloads itself when the analysis it waited for is ready (analysis-progress.js)."""
    try:
        return page.goto(path)
    except PlaywrightError as error:
        if "ERR_ABORTED" not in str(error):
            raise
        page.wait_for_load_state()
        return page.goto(path)


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("role", [policy.ANONYMOUS, *policy.ROLES])
def test_every_page_fits_a_phone_and_passes_axe(
    chromium: Browser,
    app_and_site: tuple[Flask, str],
    seed_ids: dict[str, str],
    role: str,
    lang: str,
) -> None:
    app, site = app_and_site
    page = _page(chromium, site, role, lang)
    page.context.add_init_script(path=AXE)  # in every page the walk opens, sent once
    problems, seen = [], 0
    for path in _paths(app, role, seed_ids):
        response = _goto(page, path)
        assert response is not None
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        if not page.locator("header.it-header-wrapper").count():
            continue  # a fragment that a page loads into itself, checked with that page
        seen += 1
        assert page.locator("html").get_attribute("lang") == lang, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{path}: {width} px wide")
        problems += [f"{path}: {problem}" for problem in table_problems(page)[1]]
        for violation in _axe(page):
            nodes = [n["target"] for n in violation["nodes"][:3]]
            problems.append(f"{path}: {violation['id']} ({violation['impact']}) {nodes}")
    page.context.close()
    assert seen >= 8, f"only {seen} pages opened as {role}"
    assert not problems, "\n".join(problems)


#: Pages with data tables, by role ({ids} filled from seed_ids).
TABLE_PAGES = {
    "district_lead": ["/consorzi/{lead_consortium_id}", "/consorzi/distretto/DCS12", "/"],
    "admin": ["/admin/utenti", "/admin/registro"],
    "staff": ["/analisi/", "/analisi/mappa", "/bandi/", "/consorzi/{consortium_id}"],
    "member": ["/organizzazioni/{org_id}", "/partenariati/"],
}


def test_tables_stack_into_labelled_rows_on_a_phone(
    chromium: Browser, site: str, seed_ids: dict[str, str]
) -> None:
    """At 390 px no table, cell or wrapper is wider than the screen (nothing scrolls
    sideways inside the page) and each data cell shows its column's label."""
    problems = []
    for role, paths in TABLE_PAGES.items():
        page = _page(chromium, site, role)
        for path in (p.format(**seed_ids) for p in paths):
            assert page.goto(path).status == 200, path  # type: ignore[union-attr]
            page.locator("main table").first.wait_for(timeout=120_000)  # analysis: once computed
            tables, found = table_problems(page)
            assert tables, f"{path}: no table to check"
            problems += [f"{role} {path}: {problem}" for problem in found]
        page.context.close()
    assert not problems, "\n".join(problems)


def test_header_is_small_on_a_phone_and_one_row_on_a_desktop(chromium: Browser, site: str) -> None:
    phone = _page(chromium, site, "admin")
    header = phone.locator("header.it-header-wrapper").bounding_box()
    assert header is not None and header["height"] <= 0.15 * PHONE["height"], header
    expect(phone.locator("#nav-main")).to_be_hidden()
    expect(phone.locator(".it-header-slim-wrapper .user-nav")).to_be_hidden()
    # The menu button opens the navigation and the account links by keyboard.
    phone.focus(".custom-navbar-toggler")
    phone.keyboard.press("Enter")
    expect(phone.locator("#nav-main")).to_be_visible()
    expect(phone.locator("#nav-main").get_by_role("button", name="Esci")).to_be_visible()
    phone.context.close()

    desktop = _page(chromium, site, "admin", viewport=DESKTOP)
    slim = desktop.locator(".it-header-slim-wrapper").bounding_box()
    assert slim is not None and slim["height"] < 60, slim  # the account links on one row
    nav = desktop.locator("#nav-main .navbar-nav").first.bounding_box()
    assert nav is not None and nav["height"] < 70, nav  # the main menu on one row
    desktop.context.close()


def test_screenshots_of_the_main_pages(
    chromium: Browser, site: str, seed_ids: dict[str, str]
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "home": ("district_lead", "/"),
        "search": ("district_lead", "/cerca/?q=anziani"),
        "profile": ("district_lead", f"/organizzazioni/{seed_ids['org_id']}"),
        "consortium": ("staff", f"/consorzi/{seed_ids['consortium_id']}"),
        "analysis": ("staff", "/analisi/"),
        "consortium-lead": ("district_lead", f"/consorzi/{seed_ids['lead_consortium_id']}"),
        "analysis-compare": ("staff", "/analisi/confronto"),
        "admin-imports": ("admin", "/admin/importazioni"),
        "admin-requests": ("admin", "/admin/richieste"),
        "admin-users": ("admin", "/admin/utenti"),
        "admin-audit": ("admin", "/admin/registro"),
    }
    for viewport in (PHONE, DESKTOP):
        for name, (role, path) in pages.items():
            page = _page(chromium, site, role, viewport=viewport)
            assert page.goto(path).status == 200, path  # type: ignore[union-attr]
            target = SCREENSHOTS / f"{name}-{viewport['width']}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 0
            page.context.close()


def _tab_to(page: Page, selector: str, limit: int = 60) -> int:
    """Press Tab until the element matching selector has focus; the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} not reached in {limit} Tab presses")


def test_login_by_keyboard_with_an_error_summary(chromium: Browser, site: str) -> None:
    page = _page(chromium, site, policy.ANONYMOUS)
    page.goto("/accedi")
    _tab_to(page, "#email")
    page.keyboard.press("Enter")  # nothing typed: the form is invalid
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    _tab_to(page, "#error-summary a[href='#email']")
    page.keyboard.press("Enter")
    expect(page.locator("#email")).to_be_focused()
    page.keyboard.type(ACCOUNTS["staff"])
    _tab_to(page, "#password")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(f"{site}/accedi")
    expect(page.locator("#bell")).to_be_visible()
    page.context.close()


def test_search_with_filters_by_keyboard(chromium: Browser, site: str) -> None:
    page = _page(chromium, site, policy.ANONYMOUS)
    page.goto("/cerca/?q=anziani")
    # The skip link is the first stop after "skip to content" and lands on the results.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("a[href='#risultati']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#risultati")).to_be_focused()
    # On a phone the filters are closed behind the "Filtri" button; it opens them.
    facets = page.locator("#facets")
    expect(facets).to_be_hidden()
    _tab_to(page, "#facets-toggle")
    page.keyboard.press("Enter")
    expect(facets).to_be_visible()
    first = facets.locator("a.facet-value").first
    value = first.get_attribute("data-value")
    _tab_to(page, "#facets a.facet-value")
    page.keyboard.press("Enter")
    page.wait_for_url("**#risultati")
    expect(page.locator("#risultati")).to_be_focused()
    expect(page.locator(f"a.facet-value.selected[data-value='{value}']")).to_have_count(1)
    # The first result is the next Tab stop after the results heading (past the count).
    _tab_to(page, "ol.result-list a", limit=3)
    page.context.close()


def test_consortium_builder_invitation_by_keyboard(
    chromium: Browser, site: str, _session_graph: Graph
) -> None:
    # FSE2's 2026 deadlines have passed and are enforced: rehearse in its practice mode.
    calls.set_practice_mode(_session_graph, audit.Actor("test"), "FSE2", True)
    try:
        _builder_by_keyboard(chromium, site)
    finally:
        calls.set_practice_mode(_session_graph, audit.Actor("test"), "FSE2", False)


def _builder_by_keyboard(chromium: Browser, site: str) -> None:
    page = _page(chromium, site, "member", viewport=DESKTOP)
    page.goto("/consorzi/nuovo")
    _tab_to(page, "#call")
    page.keyboard.type("FSE2")  # a closed select takes the typed option
    assert page.input_value("#call") == "FSE2"
    _tab_to(page, "#title")
    page.keyboard.type("Prova da tastiera")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The builder's page computes rules and suggestions: slow on a busy machine.
    expect(page.locator("#status")).to_have_attribute("data-status", "draft", timeout=60_000)
    _tab_to(page, "#invite-link", limit=300)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "#invite-search")
    page.keyboard.type("Cooperativa")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "#invite-matches a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    _tab_to(page, "#invite-form [type=submit]", limit=100)
    with page.expect_navigation(timeout=60_000):
        page.keyboard.press("Enter")
    expect(page.locator("#invitations tr[data-status=pending]")).to_have_count(1, timeout=60_000)
    page.context.close()
