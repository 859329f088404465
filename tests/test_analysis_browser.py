"""In headless Chromium, with the seed network: the staff dashboard waits for its background
computation and draws its charts, the network view draws every organisation with WebGL,
search finds one and a click opens its profile; no console error anywhere. Screenshots go
to var/screenshots/ (git-ignored).

Debian's Chromium is driven by Playwright (never ``playwright install``); a missing
browser fails this test rather than skipping it.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from config import BASE_DIR
from graph.driver import Graph
from tests.served import seed_site, seed_staff_page

SCREENSHOTS = BASE_DIR / "var" / "screenshots"

# Counts the pixels of a PNG (base64) that have one of the five kind colours (Okabe-Ito).
_COUNT_SECTOR_PIXELS = """async (png) => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const colours = [[213, 94, 0], [0, 114, 178], [0, 158, 115], [230, 159, 0], [204, 121, 167]];
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (colours.some(([r, g, b]) => Math.abs(data[i] - r) < 14 &&
        Math.abs(data[i + 1] - g) < 14 && Math.abs(data[i + 2] - b) < 14)) {
      count += 1;
    }
  }
  return count;
}"""


@pytest.fixture
def site(neo4j_uri: str, seeded_graph: Graph) -> Iterator[str]:
    """The app on the seed network, served on 127.0.0.1 by a werkzeug thread."""
    with seed_site(neo4j_uri, seeded_graph) as url:
        yield url


@pytest.mark.slow
def test_dashboard_and_network_view_render(
    site: str, browser: Browser, seeded_graph: Graph
) -> None:
    problems: list[str] = []
    page = seed_staff_page(browser, site, problems)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto("/analisi/")  # computed in the background: the page follows, then reloads
    # The analysis process may still be busy with an earlier job on a loaded machine: wait
    # for the background work, not for a wall-clock promise (5 s failed once under load).
    expect(page.locator("#district-table tbody tr")).to_have_count(30, timeout=60_000)
    expect(page.locator("#analysis-status")).to_have_attribute(
        "data-state", "fresh", timeout=60_000
    )
    expect(page.locator("canvas[data-rendered=true]")).to_have_count(2)
    page.screenshot(path=str(SCREENSHOTS / "analysis-dashboard.png"), full_page=True)

    page.check("#cmp-DCS01")
    page.check("#cmp-DCS12")
    page.click("#compare-button")
    expect(page.locator("#comparison-table thead th[data-district]")).to_have_count(2)
    # Shares on a percent axis, clustering and density (0 to 1) on a decimal one.
    expect(page.locator("#comparison-chart")).to_have_attribute("data-unit", "percent")
    expect(page.locator("#comparison-chart-coefficients")).to_have_attribute("data-unit", "decimal")

    page.goto("/analisi/rete")
    view = page.locator("#network-view")
    expect(view).to_have_attribute("data-state", "ready")
    expect(view).to_have_attribute("data-rendered", "true")
    organisations = seeded_graph.read(
        lambda tx: tx.run("MATCH (o:Organization) RETURN count(o) AS n").single(strict=True)["n"]
    )
    assert view.get_attribute("data-nodes") == str(organisations)
    page.wait_for_timeout(400)  # the camera's opening animation
    png = base64.b64encode(view.screenshot()).decode()
    assert page.evaluate(_COUNT_SECTOR_PIXELS, png) > 5_000, "no node drawn on the canvas"
    page.screenshot(path=str(SCREENSHOTS / "analysis-network.png"))

    page.select_option("#net-district", "DCS12")
    expect(view).to_have_attribute("data-visible-nodes", re.compile(r"^[1-9]\d?$"))
    page.fill("#net-search", "Regione Piemonte")
    page.press("#net-search", "Enter")
    expect(view).to_have_attribute("data-focus", re.compile(r".+"))
    focus = view.get_attribute("data-focus")
    page.wait_for_timeout(700)  # the camera centres the organisation found
    box = view.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#net-panel")).to_have_attribute("data-node", focus or "")
    page.click("#net-panel-profile")
    expect(page).to_have_url(re.compile(rf"/organizzazioni/{focus}$"))
    assert not problems, "\n".join(problems)
