"""The recommendation score and its reasons as pure functions (no database)."""

from __future__ import annotations

import gettext
import math

from app.services.recommend_reasons import Reason, join_names, render
from app.services.recommend_score import (
    Candidate,
    PastProject,
    Target,
    Tie,
    Weights,
    proximity,
    rank,
    reasons,
    score,
    theme_fit,
)

W = Weights()
HOME = Target(district="D1", neighbours=frozenset({"D2"}), themes=frozenset({"t1", "t2"}),
              district_names={"D1": "Distretto Uno", "D2": "Distretto Due"},
              theme_labels={"t1": {"it": "governance locale", "en": "local governance"}})


def _c(org_id: str, **kw: object) -> Candidate:
    return Candidate(org_id, kw.pop("name", org_id), kw.pop("kind", "ThirdSector"), **kw)  # type: ignore[arg-type]


def test_proximity_adds_paths_direct_ties_and_past_projects() -> None:
    c = _c("c", paths=(Tie("z1", "Z1", 2019, 0.5), Tie("z2", "Z2", 2020, 0.25)),
           direct=(Tie("s", "S", 2018),),
           projects=(PastProject("k", "K", "FSE2", 2021, "S", 0.8),))
    assert math.isclose(proximity(c, W), 0.75 + 1.0 + 0.4)
    assert proximity(_c("lonely"), W) == 0.0


def test_theme_fit_is_the_share_of_wanted_themes() -> None:
    assert theme_fit(_c("a", themes=frozenset({"t1", "x"})), HOME) == 0.5
    assert theme_fit(_c("b", themes=frozenset({"t1", "t2"})), HOME) == 1.0
    assert theme_fit(_c("c", themes=frozenset({"t1"})), Target()) == 0.0


def test_geography_orders_equal_proximity() -> None:
    path = (Tie("z", "Z", 2020, 0.5),)
    same = _c("same", district="D1", paths=path)
    near = _c("near", district="D2", paths=path)
    far = _c("far", district="D9", paths=path)
    assert [c.org_id for c, _ in rank([far, near, same], HOME, W, 3)] == ["same", "near", "far"]
    assert math.isclose(score(same, HOME, W) - score(far, HOME, W), W.same_district)


def test_bonuses_multiply_proximity() -> None:
    weak = _c("weak", district="D9", paths=(Tie("z", "Z", 2020, 0.5),))
    strong = _c("strong", district="D9", paths=(Tie("z", "Z", 2020, 1.0),))
    assert math.isclose(score(strong, HOME, W) - score(weak, HOME, W),
                        math.log((W.epsilon + 1.0) / (W.epsilon + 0.5)))


def test_a_missing_sector_lifts_a_candidate_without_paths() -> None:
    gap = Target(for_consortium=True, district="D1", missing_sectors=frozenset({"business"}))
    sme = _c("sme", kind="SME", district="D1")
    connected = _c("ngo", district="D1", paths=(Tie("z", "Z", 2020, 0.1),))
    assert [c.org_id for c, _ in rank([connected, sme], gap, W, 2)] == ["sme", "ngo"]
    assert [c.org_id for c, _ in rank([connected, sme], Target(district="D1"), W, 2)] \
        == ["ngo", "sme"]


def test_ties_are_broken_by_partnerships_then_name() -> None:
    a = _c("a", name="Beta", partners=3)
    b = _c("b", name="Alfa", partners=3)
    c = _c("c", name="Zeta", partners=9)
    assert [x.org_id for x, _ in rank([a, b, c], HOME, W, 3)] == ["c", "b", "a"]


def test_reasons_for_an_organisation() -> None:
    c = _c("c", district="D1", themes=frozenset({"t1"}),
           paths=(Tie("p2", "Associazione Due", 2021, 0.9), Tie("p1", "Comune di Uno", 2019, 0.7)))
    found = reasons(c, HOME)
    assert [r.code for r in found] == ["shared_partners", "themes", "same_district"]
    assert found[0].params == {"names": ["Associazione Due", "Comune di Uno"], "count": 2,
                               "since": 2019}
    assert [r.text("en") for r in found] == [
        "has worked with your partners Associazione Due and Comune di Uno since 2019",
        "works on local governance",
        "is based in the same district (Distretto Uno)",
    ]


def test_reasons_for_a_consortium() -> None:
    target = Target(for_consortium=True, district="D1", neighbours=frozenset({"D2"}),
                    missing_sectors=frozenset({"public"}),
                    missing_kinds=frozenset({"PublicBody"}), needs_lead=False,
                    district_names={"D2": "Distretto Due"})
    c = _c("c", kind="PublicBody", district="D2", roles=("partner", "associate"),
           direct=(Tie("s", "Cooperativa Alfa", 2018),),
           paths=tuple(Tie(f"z{i}", f"Ente {i}", 2015 + i, 1.0 - i / 10) for i in range(5)))
    texts = [r.text("en") for r in reasons(c, target)]
    assert texts == [
        "has been a partner of your member Cooperativa Alfa since 2018",
        "has worked since 2015 with Ente 0, Ente 1, Ente 2 and 2 others, partners of your members",
        "covers the public sector, which your consortium lacks",
        "is of a kind the call requires and the consortium lacks (Public body)",
    ]
    assert reasons(_c("x", kind="PublicBody", roles=("associate",)), target)[-1].code \
        == "covers_sector"  # an associate cannot fill a required kind


def test_join_names_and_a_translated_catalogue() -> None:
    english = gettext.NullTranslations()
    assert join_names(["A"], english) == "A"
    assert join_names(["A", "B", "C"], english) == "A, B and C"

    class Italian(gettext.NullTranslations):
        words = {"%(first)s and %(last)s": "%(first)s e %(last)s",
                 "is based in the same district (%(district)s)":
                     "ha sede nello stesso distretto (%(district)s)"}

        def gettext(self, message: str) -> str:
            return self.words.get(message, message)

    assert join_names(["A", "B"], Italian()) == "A e B"
    reason = Reason("same_district", {"district": "Distretto Uno"})
    assert render(reason, Italian(), "it") == "ha sede nello stesso distretto (Distretto Uno)"
    assert str(Reason("unknown_code")) == "unknown_code"
