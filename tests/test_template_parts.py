"""The shared template parts are the only way to write what they cover: CSRF inputs come
from post_button, post_form, answer_form or csrf_field; breadcrumbs and the page heading
from page.html (through _ui.breadcrumbs)."""

from __future__ import annotations

from config import BASE_DIR
from tests.test_template_can import templates


def _holding(text: str) -> list[str]:
    return [
        str(path.relative_to(BASE_DIR))
        for path in templates()
        if text in path.read_text(encoding="utf-8")
    ]


def test_no_hand_written_csrf_input() -> None:
    assert _holding('name="csrf_token"') == ["templates/_forms.html"]
    assert not _holding(".csrf_token }}")


def test_breadcrumbs_are_drawn_in_one_place() -> None:
    assert _holding('class="breadcrumb') == ["templates/_ui.html"]
    assert len(_holding('{% extends "page.html" %}')) > 40
