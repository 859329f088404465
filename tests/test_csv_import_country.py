"""Organisations outside Piemonte: the ``country`` column, its export, and the pages that
show an organisation without a municipality."""

from __future__ import annotations

import io
from typing import Any

from flask import Flask

from app.services.csv_export import write_export
from app.services.csv_import import ImportReport, import_csv
from graph.driver import Graph
from tests.factories import RoleUsers, login
from tests.import_reports import error_places, stored_organizations

HEADER = "id,kind,name,municipality_istat,country"


def _import(graph: Graph, text: str, kind: str = "organizations") -> ImportReport:
    return import_csv(graph, kind, io.BytesIO(text.encode("utf-8")))


def _stored(graph: Graph) -> dict[str, dict[str, Any]]:
    """Each stored organisation's id, country, municipality and themes."""
    return {
        org_id: {
            "id": org_id,
            "country": o.get("country"),
            "istat": o["istat"],
            "themes": o["themes"],
        }
        for org_id, o in stored_organizations(graph).items()
    }


def test_country_codes_valid_and_invalid(reference: Graph) -> None:
    rows = [
        HEADER,
        "F-DE,PublicBody,Universität,,de",  # 2: any case
        "F-UK,SME,Ltd,,UK",  # 3: the EU's spelling, stored as GB
        "F-EL,ThirdSector,Enosi,,EL",  # 4: stored as GR
        "F-IT,ThirdSector,Cooperativa,001272,IT",  # 5: a municipality and Italy
        "F-PI,ThirdSector,Piemontese,001272,",  # 6: as before: municipality, no country
        "F-XX,PublicBody,Nowhere,,XX",  # 7: no such country
        "F-NO,PublicBody,Nothing,,",  # 8: neither municipality nor country
        "F-FR,PublicBody,Mairie,001272,FR",  # 9: a Piemonte municipality in France
        "F-IN,PublicBody,Comune ignoto,999999,IT",  # 10: unknown municipality
        "F-NA,PublicBody,University of Namibia,,NA",  # 11: Namibia, not "missing"
    ]
    report = _import(reference, "\n".join(rows) + "\n")
    assert error_places(report) == [
        (7, "country", "unknown_country"),
        (8, "municipality_istat", "required"),
        (9, "country", "country_not_italy"),
        (10, "municipality_istat", "unknown_municipality"),
    ]
    assert (report.created, report.failed, report.total) == (6, 4, 10)
    stored = _stored(reference)
    assert {k: (v["country"], v["istat"]) for k, v in stored.items()} == {
        "F-DE": ("DE", None),
        "F-UK": ("GB", None),
        "F-EL": ("GR", None),
        "F-IT": ("IT", "001272"),
        "F-PI": (None, "001272"),
        "F-NA": ("NA", None),
    }


def test_without_the_country_column_a_municipality_is_still_required(reference: Graph) -> None:
    report = _import(reference, "id,kind,name,municipality_istat\nA,PublicBody,A,\n")
    assert [(e.column, e.code) for e in report.errors] == [("municipality_istat", "required")]


def test_moving_abroad_and_back_and_reimport(reference: Graph) -> None:
    assert _import(reference, f"{HEADER},themes\nA,ThirdSector,A,001272,,civil_economy\n").created
    abroad = f"{HEADER},themes\nA,ThirdSector,A,,AT,civil_economy\n"
    assert _import(reference, abroad).updated == 1
    assert _stored(reference)["A"] == {
        "id": "A",
        "country": "AT",
        "istat": None,
        "themes": ["civil_economy"],
    }
    again = _import(reference, abroad)
    assert (again.unchanged, again.updated, again.created) == (1, 0, 0)
    assert _import(reference, f"{HEADER}\nA,ThirdSector,A,001191,IT\n").updated == 1
    assert _stored(reference)["A"]["istat"] == "001191"


def test_export_writes_the_country_and_reads_back_unchanged(reference: Graph) -> None:
    _import(
        reference,
        "id,kind,name,non_profit,municipality_istat,country\n"
        "F-UK,PublicBody,University,sì,,UK\nA,ThirdSector,A,sì,001272,\n",
    )
    buffer = io.BytesIO()
    write_export(reference, "organizations", buffer)
    lines = buffer.getvalue().decode("utf-8-sig").split("\r\n")
    header = lines[0].split(",")
    assert header[header.index("municipality_istat") + 1] == "country"
    row = next(line.split(",") for line in lines if line.startswith("F-UK,"))
    assert (row[header.index("country")], row[header.index("municipality_istat")]) == ("GB", "")
    # Importing the export fills what the first file left out (fictional: no), then the
    # next export is the same file, and importing it changes nothing.
    assert import_csv(reference, "organizations", io.BytesIO(buffer.getvalue())).ok
    second, third = io.BytesIO(), io.BytesIO()
    write_export(reference, "organizations", second)
    report = import_csv(reference, "organizations", io.BytesIO(second.getvalue()))
    assert report.ok and report.created == 0 and report.updated == 0
    write_export(reference, "organizations", third)
    assert third.getvalue() == second.getvalue() and b",GB," in third.getvalue()


def test_profile_and_directory_of_an_organisation_abroad(world: Graph, app: Flask) -> None:
    """Pages that read the place (profile, directory, district filter, search) still work."""
    report = _import(world, f"{HEADER}\nPIC-1,PublicBody,Technische Universität,,DE\n")
    assert report.created == 1, report.errors
    partner = "id,from_id,to_id,type,since\nP-1,PIC-1,ORG-A,joint_project,2020-01-01\n"
    assert _import(world, partner, "partnerships").created == 1
    client = app.test_client()
    profile = client.get("/organizzazioni/PIC-1")
    assert profile.status_code == 200
    page = profile.get_data(as_text=True)
    assert 'data-country="DE">Germania<' in page and "Cooperativa Alfa" in page
    english = client.get("/organizzazioni/PIC-1?lang=en").get_data(as_text=True)
    assert 'data-country="DE">Germany<' in english
    directory = client.get("/organizzazioni/?lang=it")
    assert directory.status_code == 200
    assert "Technische Universität" in directory.get_data(as_text=True)
    assert "Germania" in directory.get_data(as_text=True)
    in_district = client.get("/organizzazioni/?district=DCS01").get_data(as_text=True)
    assert "Technische Universität" not in in_district and "Cooperativa Alfa" in in_district
    partner_page = client.get("/organizzazioni/ORG-A").get_data(as_text=True)
    assert "Technische Universität" in partner_page
    assert client.get("/cerca/?q=Technische").status_code == 200


def test_an_organisation_abroad_edits_its_profile_without_a_municipality(
    users: RoleUsers, world: Graph, app: Flask
) -> None:
    assert _import(world, f"{HEADER}\nPIC-1,PublicBody,TU,,DE\n").created == 1
    admin = app.test_client()
    login(admin, "admin")
    saved = admin.post(
        "/organizzazioni/PIC-1/modifica",
        data={"name": "Technische Universität", "municipality": ""},
    )
    assert saved.status_code == 302, saved.get_data(as_text=True)
    assert _stored(world)["PIC-1"] == {"id": "PIC-1", "country": "DE", "istat": None, "themes": []}
    # An organisation in Piemonte still has to name its municipality.
    refused = admin.post(
        "/organizzazioni/ORG-A/modifica", data={"name": "Cooperativa Alfa", "municipality": ""}
    )
    assert refused.status_code == 200 and 'id="municipality-err"' in refused.get_data(as_text=True)


def test_analysis_projects_an_organisation_abroad(world: Graph) -> None:
    """The network projection and the analysis bundle take organisations without a
    district (they count in the whole network, in no district's figures)."""
    from graph.analysis import analysis_bundle
    from graph.projection import network_graph

    _import(world, f"{HEADER}\nPIC-1,PublicBody,TU,,DE\nPIC-2,SME,GmbH,,AT\n")
    _import(
        world,
        "id,from_id,to_id,type,since\nP-1,PIC-1,ORG-A,joint_project,2020-01-01\n"
        "P-2,PIC-1,PIC-2,joint_project,2021-01-01\n"
        "P-3,ORG-A,ORG-B,informal,2019-01-01\n",
        "partnerships",
    )
    G = network_graph(world)
    assert not G.nodes["PIC-1"]["district"] and G.nodes["ORG-A"]["district"] == "DCS01"
    bundle = analysis_bundle(G, seed=1)
    assert bundle["structure"]["nodes"] == G.number_of_nodes()
    assert [row["district"] for row in bundle["districts"]] == ["DCS01"]
