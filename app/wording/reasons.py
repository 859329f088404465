"""Why a partner is suggested, in words: the recommender's reason codes and parameters
(:class:`app.services.recommend_reasons.Reason`) worded with Flask-Babel in the current
locale, for the pages, the API and the JSON of the suggestions page.

Outside a request (a command, a job) word them inside an app context with
``flask_babel.force_locale(lang)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from app import labels
from app.services.recommend import Suggestion
from app.services.recommend_reasons import MAX_NAMES, Reason

_WITH_SINCE: Final = ("shared_partners", "member_partners", "direct_partner")


def reason_text(reason: Reason) -> str:
    """One reason as a sentence in the current locale (the code when it has no words)."""
    p = dict(reason.params)
    code = reason.code
    if code in _WITH_SINCE:
        return _ties_sentence(code, p)
    if code == "past_consortium":
        return _("took part in the project “%(title)s” (%(call)s, %(year)s) with %(with)s", **p)
    if code == "same_district":
        return _("is based in the same district (%(district)s)", **p)
    if code == "neighbour_district":
        return _("is based in a neighbouring district (%(district)s)", **p)
    if code == "themes":
        return _themes_sentence(p)
    if code == "covers_sector":
        return _sector_sentence(str(p.get("sector")))
    if code == "required_kind":
        kind = str(p.get("kind"))
        return _(
            "is of a kind the call requires and the consortium lacks (%(kind)s)",
            kind=str(labels.KIND_LABELS.get(kind, kind)),
        )
    if code == "can_lead":
        return _("can lead the consortium, which has no lead yet")
    if code == "past_consortia":
        count = int(p.get("count") or 0)
        return ngettext(
            "shared %(count)d past project with you",
            "shared %(count)d past projects with you",
            count,
            count=count,
        )
    if code == "call_experience":
        return _call_experience(p)
    if code == "same_programmes":
        return _("works in the same programmes as you")
    if code == "active":
        return _active_sentence(p)
    if code == "same_country":
        return _("is based in the same country (%(country)s)", **p)
    if code == "newcomer":
        return _("is new to the network: be among its first partners")
    return code


def reason_json(reason: Reason) -> dict[str, Any]:
    """For JSON: code, parameters and the sentence."""
    return {"code": reason.code, "params": dict(reason.params), "text": reason_text(reason)}


def suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    """A suggested partner for JSON, its reasons worded in the current locale."""
    s = suggestion
    return {
        "org_id": s.org_id,
        "name": s.name,
        "kind": s.kind,
        "sector": s.sector,
        "score": round(s.score, 4),
        "role": s.role,
        "ranker": s.ranker,
        "reasons": [reason_json(r) for r in s.reasons],
    }


def join_names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C" in the current locale."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1])


def _themes_sentence(p: dict[str, Any]) -> str:
    lang = str(get_locale() or "it")
    themes = p.get("labels", {}).get(lang, p.get("themes", []))
    words = [_lower_first(str(label)) for label in themes]
    return ngettext(
        "works on %(themes)s", "works on %(themes)s", len(words), themes=join_names(words)
    )


def _call_experience(p: dict[str, Any]) -> str:
    count = int(p.get("count") or 0)
    what = f"{p.get('call')} ({p.get('line')})" if p.get("line") else p.get("call")
    return ngettext(
        "has taken part in %(count)d consortium of %(what)s",
        "has taken part in %(count)d consortia of %(what)s",
        count,
        count=count,
        what=what,
    )


def _active_sentence(p: dict[str, Any]) -> str:
    recent, partners = int(p.get("recent") or 0), int(p.get("partners") or 0)
    if recent:
        return ngettext(
            "is active: %(partners)d partners, %(recent)d new in the last year",
            "is active: %(partners)d partners, %(recent)d new in the last year",
            recent,
            partners=partners,
            recent=recent,
        )
    return ngettext(
        "is well connected: %(partners)d partner",
        "is well connected: %(partners)d partners",
        partners,
        partners=partners,
    )


def _ties_sentence(code: str, p: dict[str, Any]) -> str:
    """Shared partners, partners of members, direct ties: names (at most MAX_NAMES, then
    "and n others") and, when known, the year the earliest of those ties began."""
    names = [str(name) for name in p.get("names") or []]
    n = int(p.get("count") or len(names))
    shown = names[:MAX_NAMES]
    if n > len(shown):
        shown.append(ngettext("%(num)d other", "%(num)d others", n - len(shown)))
    values = {"names": join_names(shown), "year": p.get("since")}
    since = values["year"] is not None
    if code == "shared_partners" and since:
        return ngettext(
            "has worked with your partner %(names)s since %(year)s",
            "has worked with your partners %(names)s since %(year)s",
            n,
            **values,
        )
    if code == "shared_partners":
        return ngettext(
            "has worked with your partner %(names)s",
            "has worked with your partners %(names)s",
            n,
            **values,
        )
    if code == "member_partners" and since:
        return ngettext(
            "has worked since %(year)s with %(names)s, a partner of your members",
            "has worked since %(year)s with %(names)s, partners of your members",
            n,
            **values,
        )
    if code == "member_partners":
        return ngettext(
            "works with %(names)s, a partner of your members",
            "works with %(names)s, partners of your members",
            n,
            **values,
        )
    if since:
        return ngettext(
            "has been a partner of your member %(names)s since %(year)s",
            "has been a partner of your members %(names)s since %(year)s",
            n,
            **values,
        )
    return ngettext(
        "is already a partner of your member %(names)s",
        "is already a partner of your members %(names)s",
        n,
        **values,
    )


def _sector_sentence(sector: str) -> str:
    if sector == "public":
        return _("covers the public sector, which your consortium lacks")
    if sector == "business":
        return _("covers the business sector, which your consortium lacks")
    return _("covers civil society, which your consortium lacks")


def _lower_first(label: str) -> str:
    """Theme labels are capitalised as titles; inside a sentence they are not."""
    return label[:1].lower() + label[1:]
