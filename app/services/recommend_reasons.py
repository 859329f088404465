"""Why a partner is suggested: reason codes with parameters, worded in Italian or English.

The sentences are the application's message catalogue entries (English msgids, read with
the standard library's gettext, so no Flask is needed here). ``str(reason)`` speaks the
language set for the current context with :func:`set_language`, or else the one
:func:`set_language_source` gives (the web app's: the request's language, asked only when
a reason is printed); ``reason.text(lang)`` speaks the one asked for.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from config import BASE_DIR

_LANGUAGE: ContextVar[str | None] = ContextVar("recommend_language", default=None)
_language_source: Callable[[], str | None] | None = None
MAX_NAMES: Final = 3
_WITH_SINCE: Final = ("shared_partners", "member_partners", "direct_partner")
#: The catalogue's names of the kinds (the msgids of app/labels.py).
KIND_MSGIDS: Final[dict[str, str]] = {
    "District": "Social Cohesion District",
    "PublicBody": "Public body",
    "ThirdSector": "Third-sector organisation",
    "SME": "SME",
    "Foundation": "Foundation",
}


def set_language(lang: str) -> None:
    """The language ``str(reason)`` uses in this context (thread, request)."""
    _LANGUAGE.set(lang)


def set_language_source(source: Callable[[], str | None] | None) -> None:
    """Where ``str(reason)`` finds its language when none is set for the context (None,
    or a source answering None: Italian)."""
    global _language_source
    _language_source = source


def current_language() -> str:
    """The language ``str(reason)`` speaks here and now."""
    lang = _LANGUAGE.get()
    if lang is None and _language_source is not None:
        lang = _language_source()
    return lang or "it"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English msgids when there is none)."""
    return gettext.translation(
        "messages", localedir=str(BASE_DIR / "translations"), languages=[lang], fallback=True
    )


@dataclass(frozen=True)
class Reason:
    """One reason: ``code`` (e.g. ``shared_partners``) and what the sentence needs."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, lang: str = "it") -> str:
        """The reason as a sentence in ``lang`` ("it" or "en")."""
        return render(self, translations(lang), lang)

    def __str__(self) -> str:
        return self.text(current_language())

    def as_dict(self, lang: str = "it") -> dict[str, Any]:
        """For JSON: code, parameters and the sentence."""
        return {"code": self.code, "params": dict(self.params), "text": self.text(lang)}


def join_names(names: Sequence[str], t: gettext.NullTranslations) -> str:
    """ "A", "A and B", "A, B and C" in the catalogue's language."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return t.gettext("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def render(reason: Reason, t: gettext.NullTranslations, lang: str) -> str:
    """Word one reason with the translations ``t``."""
    p = dict(reason.params)
    if reason.code in _WITH_SINCE:
        return _ties_sentence(reason.code, p, t)
    if reason.code == "past_consortium":
        text = t.gettext("took part in the project “%(title)s” (%(call)s, %(year)s) with %(with)s")
    elif reason.code == "same_district":
        text = t.gettext("is based in the same district (%(district)s)")
    elif reason.code == "neighbour_district":
        text = t.gettext("is based in a neighbouring district (%(district)s)")
    elif reason.code == "themes":
        labels = [
            _lower_first(str(label)) for label in p.get("labels", {}).get(lang, p.get("themes", []))
        ]
        p["themes"] = join_names(labels, t)
        text = t.ngettext("works on %(themes)s", "works on %(themes)s", len(labels))
    elif reason.code == "covers_sector":
        text = _sector_sentence(t, str(p.get("sector")))
    elif reason.code == "required_kind":
        kind = str(p.get("kind"))
        p["kind"] = t.gettext(KIND_MSGIDS.get(kind, kind))
        text = t.gettext("is of a kind the call requires and the consortium lacks (%(kind)s)")
    elif reason.code == "can_lead":
        text = t.gettext("can lead the consortium, which has no lead yet")
    elif reason.code == "past_consortia":
        text = t.ngettext(
            "shared %(count)d past project with you",
            "shared %(count)d past projects with you",
            int(p.get("count") or 0),
        )
    elif reason.code == "call_experience":
        count = int(p.get("count") or 0)
        p["what"] = f"{p.get('call')} ({p.get('line')})" if p.get("line") else p.get("call")
        text = t.ngettext(
            "has taken part in %(count)d consortium of %(what)s",
            "has taken part in %(count)d consortia of %(what)s",
            count,
        )
    elif reason.code == "same_programmes":
        text = t.gettext("works in the same programmes as you")
    elif reason.code == "active":
        recent = int(p.get("recent") or 0)
        text = (
            t.ngettext(
                "is active: %(partners)d partners, %(recent)d new in the last year",
                "is active: %(partners)d partners, %(recent)d new in the last year",
                recent,
            )
            if recent
            else t.ngettext(
                "is well connected: %(partners)d partner",
                "is well connected: %(partners)d partners",
                int(p.get("partners") or 0),
            )
        )
    elif reason.code == "same_country":
        text = t.gettext("is based in the same country (%(country)s)")
    elif reason.code == "newcomer":
        text = t.gettext("is new to the network: be among its first partners")
    else:
        return reason.code
    return text % p


def _ties_sentence(code: str, p: dict[str, Any], t: gettext.NullTranslations) -> str:
    """Shared partners, partners of members, direct ties: names (at most MAX_NAMES, then
    "and n others") and, when known, the year the earliest of those ties began."""
    names = [str(name) for name in p.get("names") or []]
    n = int(p.get("count") or len(names))
    shown = names[:MAX_NAMES]
    if n > len(shown):
        shown.append(
            t.ngettext("%(num)d other", "%(num)d others", n - len(shown)) % {"num": n - len(shown)}
        )
    values = {"names": join_names(shown, t), "year": p.get("since")}
    since = values["year"] is not None
    if code == "shared_partners" and since:
        text = t.ngettext(
            "has worked with your partner %(names)s since %(year)s",
            "has worked with your partners %(names)s since %(year)s",
            n,
        )
    elif code == "shared_partners":
        text = t.ngettext(
            "has worked with your partner %(names)s", "has worked with your partners %(names)s", n
        )
    elif code == "member_partners" and since:
        text = t.ngettext(
            "has worked since %(year)s with %(names)s, a partner of your members",
            "has worked since %(year)s with %(names)s, partners of your members",
            n,
        )
    elif code == "member_partners":
        text = t.ngettext(
            "works with %(names)s, a partner of your members",
            "works with %(names)s, partners of your members",
            n,
        )
    elif since:
        text = t.ngettext(
            "has been a partner of your member %(names)s since %(year)s",
            "has been a partner of your members %(names)s since %(year)s",
            n,
        )
    else:
        text = t.ngettext(
            "is already a partner of your member %(names)s",
            "is already a partner of your members %(names)s",
            n,
        )
    return text % values


def _sector_sentence(t: gettext.NullTranslations, sector: str) -> str:
    if sector == "public":
        return t.gettext("covers the public sector, which your consortium lacks")
    if sector == "business":
        return t.gettext("covers the business sector, which your consortium lacks")
    return t.gettext("covers civil society, which your consortium lacks")


def _lower_first(label: str) -> str:
    """Theme labels are capitalised as titles; inside a sentence they are not."""
    return label[:1].lower() + label[1:]
