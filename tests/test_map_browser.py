"""In headless Chromium, with the seed network: the map of Piemonte draws every municipality
and district with its legend, changes measure, shows municipalities' organisations and
opens a district's analysis on click; an organisation's profile shows its place; a
district's page shows its coverage gaps; the network view's zoom, fit, side panel, district
layout, search and exports work. Screenshots go to var/screenshots/ (git-ignored).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from app.services import territory
from config import BASE_DIR
from graph.driver import Graph
from tests.served import seed_site, seed_staff_page

SCREENSHOTS = BASE_DIR / "var" / "screenshots"


@pytest.fixture
def site(neo4j_uri: str, seeded_graph: Graph) -> Iterator[str]:
    """The app on the seed network, served on 127.0.0.1 by a werkzeug thread."""
    with seed_site(neo4j_uri, seeded_graph) as url:
        yield url


@pytest.fixture
def problems() -> list[str]:
    """Console and script errors of the test's page (each test asserts there are none)."""
    return []


@pytest.fixture
def page(site: str, browser: Browser, problems: list[str]) -> Page:
    """A desktop page logged in as the seed's staff account; screenshots may be taken."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return seed_staff_page(browser, site, problems)


def _open_analysed(page: Page, path: str) -> None:
    """Opens ``path`` and waits until the network's analysis, computed in the background,
    is fresh there (the page reloads itself when it is)."""
    page.goto(path)
    expect(page.locator("#analysis-status")).to_have_attribute(
        "data-state", "fresh", timeout=90_000
    )


def _shapes() -> int:
    """Municipalities with a boundary in the TopoJSON (one has a null geometry)."""
    topology = json.loads(territory.TOPOLOGY_PATH.read_text(encoding="utf-8"))
    return sum(1 for g in topology["objects"]["comuni"]["geometries"] if g.get("type"))


# A point of the viewport where the element itself is on top (districts are not convex:
# the centre of one's bounding box may lie in another).
_POINT_ON = """(element) => {
  const box = element.getBoundingClientRect();
  for (let i = 1; i < 40; i += 1) {
    for (let j = 1; j < 40; j += 1) {
      const x = box.left + box.width * i / 40, y = box.top + box.height * j / 40;
      if (document.elementFromPoint(x, y) === element) { return [x, y]; }
    }
  }
  return null;
}"""


def _click_on(page: Page, selector: str) -> None:
    page.locator(selector).scroll_into_view_if_needed()
    point = page.eval_on_selector(selector, _POINT_ON)
    assert point, f"{selector} is nowhere on top"
    page.mouse.click(point[0], point[1])


def _top(page: Page, selector: str) -> None:
    """Scrolls ``selector`` to the top of the window (the screenshot shows what is below)."""
    page.eval_on_selector(selector, "e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)


def _partners(graph: Graph, org_id: str | None) -> int:
    return int(
        graph.read(
            lambda tx: tx.run(
                "MATCH (o:Organization {id: $id})-[:PARTNER_OF]-(p) RETURN count(DISTINCT p) AS n",
                id=org_id,
            ).single(strict=True)["n"]
        )
    )


def _fills(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "#region-map path.map-district", "els => els.map(e => e.getAttribute('fill'))"
    )


@pytest.mark.slow
@pytest.mark.timeout(600)  # waits for the whole network's analysis on a loaded machine
def test_map_of_piemonte(page: Page, problems: list[str], seeded_graph: Graph) -> None:
    # The analysis measures come from the background computation; the page reloads.
    _open_analysed(page, "/analisi/mappa")
    box = page.locator("#region-map")
    expect(box).to_have_attribute("data-state", "ready")
    expect(page.locator("#region-map path.map-municipality")).to_have_count(_shapes())
    expect(page.locator("#region-map path.map-district")).to_have_count(30)
    expect(page.locator("#map-table tbody tr")).to_have_count(30)
    legend = page.locator("#map-legend li")
    assert legend.count() >= 3  # the classes (and "no value" where a district has none)
    expect(page.locator("#map-legend-title")).to_have_text("Organizzazioni")
    by_organisations = _fills(page)
    assert len(set(by_organisations)) >= 3, "districts not coloured by their values"
    _top(page, "#map-tools")
    page.screenshot(path=str(SCREENSHOTS / "map-region.png"))

    page.select_option("#map-measure", "index")
    expect(box).to_have_attribute("data-measure", "index")
    expect(page.locator("#map-legend-title")).to_have_text("Indice di sussidiarietà circolare")
    assert _fills(page) != by_organisations
    assert re.search(r"misura=index", page.url)
    legend_text = page.locator("#map-legend").inner_text()
    assert "%" in legend_text

    page.locator("#region-map path[data-district=DCS12]").scroll_into_view_if_needed()
    point = page.eval_on_selector("#region-map path[data-district=DCS12]", _POINT_ON)
    page.mouse.move(point[0], point[1])
    expect(page.locator("#map-details")).to_contain_text("Pinerolo")
    expect(box).to_have_attribute("data-hover", "DCS12")

    page.check("#map-municipalities")
    expect(page.locator("#map-legend-title")).to_contain_text("comuni")
    torino = page.eval_on_selector(
        "#region-map path.map-municipality[data-istat='001272']", "e => getComputedStyle(e).fill"
    )
    assert torino not in ("none", "rgb(255, 255, 255)"), torino
    _top(page, "#map-tools")
    page.screenshot(path=str(SCREENSHOTS / "map-municipalities.png"))
    page.uncheck("#map-municipalities")

    page.locator("#region-map path[data-district=DCS12]").focus()
    page.keyboard.press("Enter")
    # The district's analysis may be computed on the spot: the click is what is tested.
    page.wait_for_url(
        re.compile(r"/analisi/\?distretto=DCS12$"), wait_until="commit", timeout=60_000
    )

    page.goto("/analisi/mappa")
    expect(box).to_have_attribute("data-state", "ready")
    _click_on(page, "#region-map path[data-district=DCS05]")
    page.wait_for_url(
        re.compile(r"/analisi/\?distretto=DCS05$"), wait_until="commit", timeout=60_000
    )

    # An organisation's place, on its profile.
    org = seeded_graph.read(
        lambda tx: tx.run(
            "MATCH (o:Organization {name: 'Regione Piemonte'})-[:LOCATED_IN]->(m) "
            "RETURN o.id AS id, m.istat AS istat"
        ).single(strict=True)
    )
    page.goto(f"/organizzazioni/{org['id']}")
    place = page.locator("#place-map")
    expect(place).to_have_attribute("data-state", "ready")
    expect(place).to_have_attribute("data-found", "true")
    expect(page.locator(f"#place-map path.map-here[data-istat='{org['istat']}']")).to_have_count(1)
    page.locator("#place-map-figure").screenshot(path=str(SCREENSHOTS / "map-place.png"))

    # A district's coverage gaps.
    rows = territory.coverage(seeded_graph, "DCS12")
    gaps = territory.coverage_gaps(rows)
    page.goto("/consorzi/distretto/DCS12")
    coverage = page.locator("#coverage-map")
    expect(coverage).to_have_attribute("data-state", "ready")
    expect(page.locator("#coverage-map path.map-coverage")).to_have_count(len(rows))
    expect(page.locator("#coverage-map path[data-status=no_organization]")).to_have_count(
        len(gaps["no_organization"])
    )
    expect(page.locator("#coverage-legend li")).to_have_count(3)
    page.locator("#coverage").screenshot(path=str(SCREENSHOTS / "map-coverage.png"))
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_network_view_controls(page: Page, problems: list[str], seeded_graph: Graph) -> None:
    _open_analysed(page, "/analisi/")
    page.goto("/analisi/rete")
    view = page.locator("#network-view")
    expect(view).to_have_attribute("data-state", "ready")
    expect(view).to_have_attribute("data-rendered", "true")
    expect(page.locator("#network-legend li")).to_have_count(5)
    # Labels placed by importance without overlaps: some, far fewer than the nodes.
    expect(view).to_have_attribute("data-labels", re.compile(r"^([5-9]|[1-9]\d)$"))
    page.wait_for_timeout(500)  # the camera's opening animation
    _top(page, "#network-info")
    page.screenshot(path=str(SCREENSHOTS / "network-region.png"))

    ratio = float(view.get_attribute("data-ratio") or "1")
    page.click("#net-zoom-in")
    page.wait_for_timeout(500)
    zoomed = float(view.get_attribute("data-ratio") or "1")
    assert zoomed < ratio
    page.click("#net-zoom-out")
    page.click("#net-zoom-out")
    page.wait_for_timeout(700)
    assert float(view.get_attribute("data-ratio") or "1") > zoomed
    page.click("#net-fit")
    expect(view).to_have_attribute("data-ratio", "1.000")

    # Search focuses a node and opens the side panel with its neighbours highlighted.
    page.fill("#net-search", "Regione Piemonte")
    page.press("#net-search", "Enter")
    expect(view).to_have_attribute("data-focus", re.compile(r".+"))
    focus = view.get_attribute("data-focus")
    panel = page.locator("#net-panel")
    expect(panel).to_be_visible()
    expect(page.locator("#net-panel-name")).to_have_text("Regione Piemonte")
    expect(view).to_have_attribute("data-highlighted", str(_partners(seeded_graph, focus)))
    page.wait_for_timeout(600)

    # A click on the canvas's centre (where the camera put the node found; neighbours may
    # lie on top of it once it is no longer highlighted) opens the panel of the node hit,
    # with its neighbours highlighted.
    page.click("#net-panel-close")
    expect(panel).to_be_hidden()
    expect(view).not_to_have_attribute("data-focus", re.compile(r".+"))
    box = view.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(panel).to_be_visible()
    clicked = panel.get_attribute("data-node") or ""
    expect(view).to_have_attribute("data-focus", clicked)
    expect(view).to_have_attribute("data-highlighted", str(_partners(seeded_graph, clicked)))
    _top(page, "#network-info")
    page.screenshot(path=str(SCREENSHOTS / "network-panel.png"))
    first = page.locator("#net-panel-partners button").first
    other = first.get_attribute("data-node")
    first.click()
    expect(panel).to_have_attribute("data-node", other or "")
    expect(page.locator("#net-panel-profile")).to_have_attribute(
        "href", re.compile(rf"/organizzazioni/{other}$")
    )

    # Exports of the current view.
    with page.expect_download() as png:
        page.click("#net-png")
    assert png.value.suggested_filename == "rete-wecare.png"
    expect(view).to_have_attribute("data-exported", re.compile(r"^png:\d{4,}$"))
    with page.expect_download() as svg:
        page.click("#net-svg")
    assert svg.value.suggested_filename == "rete-wecare.svg"
    text = Path(svg.value.path()).read_text(encoding="utf-8")
    assert text.startswith("<svg") and text.count("<circle") > 100

    # A district laid out again on its own.
    page.click("#net-panel-close")
    page.select_option("#net-district", "DCS12")
    expect(view).to_have_attribute("data-layout", "district", timeout=60_000)
    members = seeded_graph.read(
        lambda tx: tx.run(
            "MATCH (o:Organization)-[:LOCATED_IN]->(:Municipality)-[:IN_DISTRICT]->"
            "(:District {code: 'DCS12'}) RETURN count(DISTINCT o) AS n"
        ).single(strict=True)["n"]
    )
    assert int(view.get_attribute("data-nodes") or 0) >= members
    page.wait_for_timeout(500)
    _top(page, "#network-info")
    page.screenshot(path=str(SCREENSHOTS / "network-district.png"))
    page.select_option("#net-district", "")
    expect(view).to_have_attribute("data-layout", "region", timeout=30_000)
    assert not problems, "\n".join(problems)


def test_network_view_list_alternative_by_keyboard(page: Page, problems: list[str]) -> None:
    """The picture's alternative: a table of the organisations shown, reached and used by
    keyboard alone; choosing one opens its details and moves the focus there."""
    _open_analysed(page, "/analisi/")
    page.goto("/analisi/rete")
    view = page.locator("#network-view")
    expect(view).to_have_attribute("data-state", "ready")
    rows = page.locator("#network-list-table tbody tr")
    shown = int(view.get_attribute("data-visible-nodes") or "0")
    expect(rows).to_have_count(min(shown, 300))
    partners = [
        int(t.replace(".", ""))
        for t in page.locator("#network-list-table tbody td.num").evaluate_all(
            "cells => cells.map(c => c.textContent)"
        )
    ]
    assert partners == sorted(partners, reverse=True) and partners[0] > partners[-1]

    summary = page.locator("#network-list summary")
    for _ in range(120):  # Tab through the page until the list's summary has the focus
        page.keyboard.press("Tab")
        if summary.evaluate("node => node === document.activeElement"):
            break
    else:
        pytest.fail("the list alternative is not reachable with the Tab key")
    page.keyboard.press("Enter")
    expect(page.locator("#network-list")).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    first = page.locator("#network-list-table tbody button").first
    assert first.evaluate("node => node === document.activeElement")
    name = first.text_content() or ""
    page.keyboard.press("Enter")
    expect(page.locator("#net-panel")).to_be_visible()
    expect(page.locator("#net-panel-name")).to_have_text(name)
    assert page.locator("#net-panel-name").evaluate("node => node === document.activeElement")
    expect(view).to_have_attribute("data-focus", first.get_attribute("data-node") or "")

    # Filters apply to the list as to the picture.
    page.locator('#network-tools input[name=kind][value="SME"]').uncheck()
    expect(view).not_to_have_attribute("data-visible-nodes", str(shown))
    fewer = int(view.get_attribute("data-visible-nodes") or "0")
    expect(rows).to_have_count(min(fewer, 300))
    assert not problems, problems
