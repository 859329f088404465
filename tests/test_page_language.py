"""Every page speaks one language: an Italian page shows no English string of the catalogue
(its msgids), an English page no Italian one (its msgstrs).

The walk is test_access.py's: every GET route, as every role, with the same sample ids,
on the tiny world plus the five calls. Only visible text counts (text nodes, and the
placeholder, aria-label, title, alt and button values a user reads or hears); text inside
an element that declares another ``lang`` is meant to be foreign (the language switcher).
Strings spelt the same in both languages (names, codes, "Budget", "Partner") never count:
a fragment is only a marker of one language when the other language's catalogue side does
not contain it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask

from app import policy
from graph.driver import Graph
from tests.consortium_factories import load_calls
from tests.factories import RoleUsers, login
from tests.test_access import ROLE_LOGINS, _routes

CATALOGUE = Path(__file__).resolve().parent.parent / "translations/it/LC_MESSAGES/messages.po"
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}|`[^`]*`|«[^»]*»|\"[^\"]*\"")
_NOT_WORD = re.compile(r"[^\w'’]+")
_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")
_SKIPPED = {"script", "style", "template", "pre", "code", "kbd", "samp"}
#: Proper names of the test world that are, or contain, a catalogue string: its district
#: "Distretto della Coesione Sociale di Prova", and the user called "Lead".
PROPER_NAMES = ("Distretto della Coesione Sociale", "Lead")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def _norm(text: str) -> str:
    """Lower case, words only, single spaces, padded: ``" save the call "``."""
    return " " + " ".join(_NOT_WORD.sub(" ", text.lower()).split()) + " "


def _fragments(message: str) -> list[str]:
    """The literal runs of a message between its placeholders and quoted parts."""
    return [_norm(part) for part in _PLACEHOLDER.split(message) if _norm(part).strip()]


@dataclass(frozen=True)
class Markers:
    """What gives one language away: whole short strings (a text node equal to one of
    them) and longer fragments (found anywhere in the page's text)."""

    whole: frozenset[str]
    fragments: frozenset[str]

    def found_in(self, texts: list[str]) -> list[str]:
        """The markers a page's visible texts contain."""
        names = {_norm(name) for name in PROPER_NAMES}
        found = {_norm(t).strip() for t in texts if _norm(t) in self.whole - names}
        page = "".join(_norm(t) for t in texts)
        for name in PROPER_NAMES:
            page = page.replace(_norm(name), " ")
        found |= {f.strip() for f in self.fragments if f in page}
        return sorted(found)


def _markers(own: Iterable[str], other: Iterable[str]) -> Markers:
    other_text = "".join(_norm(text) for text in other)
    other_words = set(other_text.split())
    whole, fragments = set(), set()
    for message in own:
        for fragment in _fragments(message):
            words = fragment.split()
            if fragment in other_text or all(w in other_words or w.isdigit() for w in words):
                continue  # the same in both languages: names, codes, "budget", "partner"
            if len(words) >= 3 and len(fragment) >= 16:
                fragments.add(fragment)
            elif fragment == _norm(message) and len(fragment) >= 6:
                whole.add(fragment)
    return Markers(frozenset(whole), frozenset(fragments))


def _catalogue() -> tuple[Markers, Markers]:
    """(English markers, Italian markers) from the catalogue's translated entries."""
    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle, locale="it")
    english: list[str] = []
    italian: list[str] = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strs = message.string if isinstance(message.string, tuple) else (message.string,)
        english += [str(i) for i in ids if i]
        italian += [str(s) for s in strs if s]
    return _markers(english, italian), _markers(italian, english)


class _VisibleText(HTMLParser):
    """The texts a reader of a ``lang`` page meets, outside elements in another language."""

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        foreign = (values.get("lang") or self.lang)[:2] != self.lang
        hidden = tag in _SKIPPED or foreign or "hidden" in values
        if not hidden and not self._hidden():
            self.texts += [values[name] or "" for name in _ATTRIBUTES if values.get(name)]
            if tag == "input" and values.get("type") in ("submit", "button"):
                self.texts.append(values.get("value") or "")
        if tag not in _VOID:
            self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        for at in range(len(self.stack) - 1, -1, -1):
            if self.stack[at][0] == tag:
                del self.stack[at:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._hidden():
            self.texts.append(data.strip())


def visible_texts(html: str, lang: str) -> list[str]:
    parser = _VisibleText(lang)
    parser.feed(html)
    return parser.texts


ENGLISH, ITALIAN = _catalogue()
FOREIGN = {"it": ENGLISH, "en": ITALIAN}


def test_the_check_catches_a_known_string_in_either_direction() -> None:
    """The markers find English on an Italian page and Italian on an English one, and leave
    names, codes and text marked with another ``lang`` alone."""
    italian_page = (
        "<main><h1>Bandi</h1><p>Salva il bando</p><button>Save the call</button>"
        '<a lang="en">English</a><p>FSE1 · Budget · WE.CA.RE.</p>'
        '<input placeholder="Search by name"></main>'
    )
    assert FOREIGN["it"].found_in(visible_texts(italian_page, "it")) == [
        "save the call",
        "search by name",
    ]
    english_page = (
        "<p>Calls</p><p>Save the call</p><button>Salva il bando</button>"
        '<p lang="it">Italiano</p><td>The network at a glance</td>'
    )
    assert FOREIGN["en"].found_in(visible_texts(english_page, "en")) == ["salva il bando"]


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("role", [policy.ANONYMOUS, *ROLE_LOGINS])
def test_every_page_speaks_one_language(
    lang: str, role: str, users: RoleUsers, app: Flask, world: Graph
) -> None:
    load_calls(world)
    client = app.test_client()
    if role != policy.ANONYMOUS:
        assert login(client, ROLE_LOGINS[role]) == 302
    client.get(f"/?lang={lang}").close()  # the session keeps the language
    failures, checked, own_words = [], 0, 0
    for endpoint, method, path in _routes(app):
        if method != "GET" or endpoint in ("static", "i18n.set_language"):
            continue
        response = client.get(path.replace("lang=it", f"lang={lang}"))
        if response.status_code == 200 and response.mimetype == "text/html":
            checked += 1
            texts = visible_texts(response.get_data(as_text=True), lang)
            own_words += len(FOREIGN["en" if lang == "it" else "it"].found_in(texts))
            found = FOREIGN[lang].found_in(texts)
            if found:
                failures.append(f"{path} ({endpoint}): {found}")
        response.close()
    assert checked >= 5, checked
    # Not vacuous: the same check, turned round, recognises the pages' own language.
    assert own_words >= 10 * checked, (own_words, checked)
    assert not failures, f"{role} in {lang}:\n" + "\n".join(failures)
