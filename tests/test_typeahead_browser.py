"""In headless Chromium, by keyboard only: the municipality of a proposal and the
organisation of a consortium invitation are picked from typeahead suggestions, and the
form submits the chosen id. Without JavaScript the plain select still works."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from app.services import audit, consortia
from graph.driver import Graph
from tests.conftest import make_app
from tests.consortium_factories import load_calls
from tests.factories import RoleUsers
from tests.served import login, serve

CIRIE = "001086"


def _proposal_town(graph: Graph) -> list[str]:
    return graph.read(
        lambda tx: [
            r["istat"]
            for r in tx.run("MATCH (p:OrganizationProposal) RETURN p.municipality AS istat")
        ]
    )


@pytest.fixture
def site(neo4j_uri: str, users: RoleUsers, world: Graph) -> Iterator[str]:
    """The app with CSRF on, Ciriè among the municipalities, a consortium led by ORG-A."""
    load_calls(world)
    world.write(
        lambda tx: tx.run(
            "CREATE (:Municipality {istat: $istat, name: 'Ciriè', province: 'TO'})", istat=CIRIE
        ).consume()
    )
    lead = consortia.find_lead(world, "ORG-A")
    assert lead is not None
    consortia.create_consortium(
        world,
        audit.Actor(user_id=users.member_a),
        call_code="FSE2",
        lead=lead,
        title="Prossimità",
        line=None,
    )
    with serve(make_app(neo4j_uri, WTF_CSRF_ENABLED=True)) as url:
        yield url


def test_municipality_picked_by_keyboard_is_submitted(
    site: str, browser: Browser, world: Graph
) -> None:
    page = login(browser, site, "newcomer")
    errors: list[str] = []  # a CSP refusal or a script error shows here
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/account/proponi")
    page.select_option("#kind", "ThirdSector")
    page.fill("#name", "Associazione Nuova Prossimità")
    combo = page.locator("input#municipality")
    expect(combo).to_have_attribute("role", "combobox")
    expect(page.locator("select#municipality-select")).to_be_hidden()
    combo.focus()
    page.keyboard.type("cirie")
    option = page.locator("#municipality__listbox li").first
    expect(option).to_contain_text("Ciriè")
    expect(option).to_contain_text("TO")
    expect(page.locator("[role=status]").first).to_contain_text("1")
    page.keyboard.press("ArrowDown")
    expect(combo).to_have_attribute("aria-activedescendant", "municipality__option--0")
    page.keyboard.press("Enter")
    expect(combo).to_have_value("Ciriè")
    assert page.eval_on_selector("#municipality-select", "s => s.value") == CIRIE
    page.keyboard.press("Enter")  # the menu is closed: Enter submits the form
    expect(page).to_have_url(re.compile(r"/account/proposte$"))
    expect(page.locator("#my-proposals")).to_contain_text("Ciriè")
    assert _proposal_town(world) == [CIRIE]
    assert errors == []
    page.context.close()


def test_invitee_picked_by_keyboard_opens_the_invitation(
    site: str, browser: Browser, world: Graph
) -> None:
    consortium_id = world.read(
        lambda tx: tx.run("MATCH (c:Consortium) RETURN c.id AS id").single(strict=True)["id"]
    )
    page = login(browser, site, "member_a")
    page.goto(f"/consorzi/{consortium_id}/invita")
    combo = page.locator("input#invite-search")
    combo.focus()
    page.keyboard.type("beta serv")
    option = page.locator("#invite-search__listbox li").first
    expect(option).to_contain_text("Beta Servizi srl")
    expect(option).to_contain_text("Pinerolo")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"org_id=ORG-B"))
    expect(page.locator("#invitee")).to_have_attribute("data-org", "ORG-B")
    page.context.close()


def test_without_javascript_the_plain_select_still_works(
    site: str, browser: Browser, world: Graph
) -> None:
    page = login(browser, site, "newcomer", javascript=False)
    page.goto("/account/proponi")
    page.select_option("#kind", "Foundation")
    page.fill("#name", "Fondazione Senza Script")
    page.select_option("select#municipality", CIRIE)
    page.click("#propose-form [type=submit]")
    expect(page).to_have_url(re.compile(r"/account/proposte$"))
    assert _proposal_town(world) == [CIRIE]
    page.context.close()


def test_search_box_suggests_organisations_and_still_searches_words(
    site: str, browser: Browser, world: Graph
) -> None:
    page = browser.new_context(base_url=site, locale="it-IT").new_page()
    page.set_default_timeout(15_000)
    page.goto("/cerca/")
    combo = page.locator("input#search-words")
    combo.focus()
    page.keyboard.type("beta")
    expect(page.locator("#search-words__listbox li").first).to_contain_text("Beta Servizi srl")
    page.keyboard.press("Enter")  # nothing highlighted: the words are searched
    expect(page).to_have_url(re.compile(r"/cerca/\?q=beta"))
    combo = page.locator("input#search-words")
    combo.fill("")
    combo.focus()
    page.keyboard.type("coop alf")
    expect(page.locator("#search-words__listbox li").first).to_contain_text("Cooperativa Alfa")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # a suggestion chosen: its page
    expect(page).to_have_url(re.compile(r"/organizzazioni/ORG-A$"))
    page.context.close()
