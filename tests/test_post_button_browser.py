"""In headless Chromium: a post_button with confirm text (data-confirm, asked by
static/js/ui.js) sends its form only when the user confirms; deleting a draft uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Dialog, expect

from graph.driver import Graph
from tests.conftest import make_app
from tests.served import login, serve
from tests.test_consortium_views import fse1  # noqa: F401 (a fixture)

QUESTION = "Eliminare definitivamente questa bozza? Con essa se ne vanno i membri e gli inviti."


@pytest.fixture
def site(neo4j_uri: str, fse1: str, world: Graph) -> Iterator[str]:  # noqa: F811
    """The app with CSRF on, served on 127.0.0.1, with the lead's measure-1 draft."""
    with serve(make_app(neo4j_uri, WTF_CSRF_ENABLED=True)) as url:
        yield url


@pytest.mark.slow
def test_deleting_a_draft_asks_first(site: str, fse1: str, browser: Browser) -> None:  # noqa: F811
    lead = login(browser, site, "lead")
    lead.goto(f"/consorzi/{fse1}")
    asked: list[str] = []

    def answer(accept: bool):  # type: ignore[no-untyped-def]
        def handle(dialog: Dialog) -> None:
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handle

    delete = lead.locator("form[data-confirm] button")
    lead.once("dialog", answer(False))
    delete.click()
    expect(lead.locator("#status")).to_have_attribute("data-status", "draft")
    assert lead.url.endswith(f"/consorzi/{fse1}")
    assert asked == [QUESTION]
    lead.reload()
    expect(lead.locator("#status")).to_have_attribute("data-status", "draft")

    lead.once("dialog", answer(True))
    delete.click()
    expect(lead.locator(".flash-info")).to_be_visible()
    assert lead.url.endswith("/consorzi/") and len(asked) == 2
    assert lead.goto(f"/consorzi/{fse1}").status == 404  # type: ignore[union-attr]
