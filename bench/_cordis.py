"""Real Horizon 2020 consortia (CORDIS) brought in through the product's own CSV importer.

``load_cordis(graph)`` turns the two files of ``bench/data/cordis/`` (a copy of
``../shared/data/cordis/``) into the three
CSV files of docs/csv-format.md in a temporary folder, creates the call ``H2020`` with
the service an administrator's page uses (``app.services.calls.create_call``), then
imports the files with ``import_csv``, the service behind ``flask import``. Nothing is
written to Neo4j any other way. The mapping (also in docs/recommendation.md, "CORDIS
data"):

* organisations: id ``PIC-<pic>``, name ``PIC <pic>`` (the source has no names),
  ``country`` as CORDIS writes it (the importer stores EL and UK as GR and GB; ``NA``
  is Namibia, in the group of third countries, not a missing value), no municipality;
  kind from the activity type: PRC -> SME (profit, no size class: the column is left
  out), PUB, HES and REC -> PublicBody, OTH -> ThirdSector; the activity type in
  ``legal_form``. An organisation whose type or country differs between rows takes the
  most frequent (ties: alphabetical); :attr:`CordisImport.notes` counts them.
* each project a consortium ``CORDIS-<rcn>`` of call H2020: line = its programme part
  slugged (``Innovation in SMEs`` -> ``innovation-in-smes``; empty for the 103 projects
  without one), year = start year, status funded, title ``Progetto H2020 <rcn>``,
  budget = total cost; coordinator -> lead, participant -> partner, CORDIS's ``partner``
  (third parties) -> associate, budget_eur = EU contribution (``NA``: empty). 22
  projects name two coordinators; a consortium has one lead, so the one with the larger
  contribution (then the lower PIC) leads and the other is a partner.
* each unordered pair of organisations of a project a ``joint_project`` partnership
  ``CORDIS-<rcn>-<n>`` (n numbers the project's pairs in PIC order), since = start
  date, until = end date (``NA``: empty, still active), source ``CORDIS``.
"""

from __future__ import annotations

import csv
import gzip
import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import combinations
from pathlib import Path
from typing import Any, Final

from app.services import audit, calls
from app.services.csv_format import MEMBERSHIP_COLUMNS
from app.services.csv_import import ImportReport, import_csv
from graph.driver import Graph

#: The copy kept with the project (bench/data/cordis/README.md says where it comes from).
DATA: Final = Path(__file__).resolve().parent / "data" / "cordis"
PARTICIPATIONS: Final = "h2020_participations_to_2018.csv.gz"
PROGRAMME_PARTS: Final = "programme_parts_to_2018.csv.gz"
CALL_CODE: Final = "H2020"
KIND_OF_TYPE: Final = {
    "PRC": "SME",
    "PUB": "PublicBody",
    "HES": "PublicBody",
    "REC": "PublicBody",
    "OTH": "ThirdSector",
}
LEGAL_FORM_OF_TYPE: Final = {
    "PRC": "PRC – private company",
    "PUB": "PUB – public body",
    "HES": "HES – higher or secondary education",
    "REC": "REC – research organisation",
    "OTH": "OTH – other (associations, foundations...)",
}
ROLE_OF: Final = {"coordinator": "lead", "participant": "partner", "partner": "associate"}
MISSING: Final = "NA"
#: Examples kept per refusal code.
EXAMPLES: Final = 5
HEADERS: Final = {
    "organizations": (
        "id",
        "kind",
        "name",
        "legal_form",
        "non_profit",
        "municipality_istat",
        "country",
        "fictional",
    ),
    # The import's membership columns but the district (CORDIS projects have none).
    "memberships": tuple(c for c in MEMBERSHIP_COLUMNS if c != "district_code"),
    "partnerships": ("id", "from_id", "to_id", "type", "since", "until", "source"),
}


@dataclass(frozen=True)
class FileCounts:
    """One imported file: good = created + updated + unchanged; good + refused = total."""

    file_kind: str
    total: int
    created: int
    updated: int
    unchanged: int
    refused: int
    #: Refused rows with at least one line in the error report (all of them, or a bug).
    explained: int
    seconds: float

    @property
    def good(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class Refusals:
    """The refused rows of one file with one error code: how many, why, a few examples."""

    file_kind: str
    code: str
    reason: str
    count: int
    #: ``line N, column: value`` of the first few.
    examples: tuple[str, ...]


@dataclass(frozen=True)
class CordisImport:
    """What :func:`load_cordis` did: counts per file, refusals by code, time taken."""

    projects: int
    files: tuple[FileCounts, ...]
    refusals: tuple[Refusals, ...]
    #: Conversion facts worth knowing (inconsistent organisations, double coordinators).
    notes: tuple[str, ...]
    seconds: float

    def file(self, file_kind: str) -> FileCounts:
        return next(f for f in self.files if f.file_kind == file_kind)


def slug(text: str) -> str:
    """A programme part as a line code (an identifier of the CSV format).

    >>> slug("Innovation in SMEs"), slug("SC1")
    ('innovation-in-smes', 'sc1')
    """
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


def _most_frequent(counts: Counter[str]) -> str:
    return min(counts, key=lambda value: (-counts[value], value))


def _read(
    data: Path, projects: int | None
) -> tuple[dict[str, list[dict[str, str]]], dict[str, str]]:
    """Participations by project (the first ``projects`` by rcn) and programme parts."""
    by_project: dict[str, list[dict[str, str]]] = defaultdict(list)
    with gzip.open(data / PARTICIPATIONS, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_project[row["rcn"]].append(row)
    chosen = sorted(by_project, key=int)[:projects]
    with gzip.open(data / PROGRAMME_PARTS, "rt", encoding="utf-8", newline="") as handle:
        parts = {row["rcn"]: row["programme_part"] for row in csv.DictReader(handle)}
    return {rcn: by_project[rcn] for rcn in chosen}, parts


def _organizations(
    projects: dict[str, list[dict[str, str]]], notes: list[str]
) -> Iterator[list[str]]:
    types: dict[str, Counter[str]] = defaultdict(Counter)
    countries: dict[str, Counter[str]] = defaultdict(Counter)
    for rows in projects.values():
        for row in rows:
            types[row["pic"]][row["type"]] += 1
            countries[row["pic"]][row["country"]] += 1
    mixed_types = sum(len(found) > 1 for found in types.values())
    mixed_countries = sum(len(found) > 1 for found in countries.values())
    notes.append(
        f"{len(types):,} organisations; {mixed_types} with more than one activity "
        f"type and {mixed_countries} with more than one country across their rows "
        "(the most frequent was taken)"
    )
    for pic in sorted(types, key=int):
        kind_type = _most_frequent(types[pic])
        kind = KIND_OF_TYPE[kind_type]
        yield [
            f"PIC-{pic}",
            kind,
            f"PIC {pic}",
            LEGAL_FORM_OF_TYPE[kind_type],
            "no" if kind == "SME" else "sì",
            "",
            _most_frequent(countries[pic]),
            "no",
        ]


def _lead(rows: list[dict[str, str]]) -> str:
    """The PIC that leads: the coordinator (of two, the larger contribution, then the
    lower PIC; a project without one, none in these files, by the same order)."""
    coordinators = [r for r in rows if r["role"] == "coordinator"] or rows
    best = min(coordinators, key=lambda r: (-_amount(r["contribution"]), int(r["pic"])))
    return best["pic"]


def _amount(text: str) -> float:
    return 0.0 if text == MISSING else float(text)


def _memberships(
    projects: dict[str, list[dict[str, str]]], parts: dict[str, str], notes: list[str]
) -> Iterator[list[str]]:
    doubles = 0
    for rcn, rows in projects.items():
        lead = _lead(rows)
        doubles += sum(r["role"] == "coordinator" for r in rows) > 1
        first = rows[0]
        budget = "" if first["total_cost"] == MISSING else first["total_cost"]
        for row in sorted(rows, key=lambda r: int(r["pic"])):
            if row["pic"] == lead:
                role = "lead"
            elif row["role"] == "coordinator":
                role = "partner"
            else:
                role = ROLE_OF[row["role"]]
            contribution = "" if row["contribution"] == MISSING else row["contribution"]
            yield [
                f"CORDIS-{rcn}",
                f"PIC-{row['pic']}",
                role,
                contribution,
                CALL_CODE,
                f"Progetto H2020 {rcn}",
                "funded",
                first["start_year"],
                slug(parts.get(rcn, "")),
                budget,
            ]
    notes.append(
        f"{len(projects):,} projects; {doubles} with two coordinators (one leads, "
        f"the other is a partner); {sum(rcn not in parts for rcn in projects)} "
        "without a programme part (no line)"
    )


def _partnerships(projects: dict[str, list[dict[str, str]]]) -> Iterator[list[str]]:
    for rcn, rows in projects.items():
        first = rows[0]
        until = "" if first["end_date"] == MISSING else first["end_date"]
        pics = sorted({row["pic"] for row in rows}, key=int)
        for n, (a, b) in enumerate(combinations(pics, 2), start=1):
            yield [
                f"CORDIS-{rcn}-{n}",
                f"PIC-{a}",
                f"PIC-{b}",
                "joint_project",
                first["start_date"],
                until,
                "CORDIS",
            ]


@dataclass(frozen=True)
class Converted:
    """The three CSV files written, and what the conversion found."""

    paths: dict[str, Path]
    projects: int
    notes: tuple[str, ...]
    #: The call's lines the memberships use: code -> programme part.
    lines: dict[str, str]


def write_files(folder: Path, *, projects: int | None = None, data: Path = DATA) -> Converted:
    """Convert the CORDIS files into the three CSV files of the product, in ``folder``."""
    chosen, parts = _read(data, projects)
    notes: list[str] = []
    rows = {
        "organizations": _organizations(chosen, notes),
        "memberships": _memberships(chosen, parts, notes),
        "partnerships": _partnerships(chosen),
    }
    paths = {}
    for kind, cells in rows.items():
        paths[kind] = folder / f"cordis-{kind}.csv"
        with paths[kind].open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADERS[kind])
            writer.writerows(cells)
    lines = {slug(parts[rcn]): parts[rcn] for rcn in chosen if rcn in parts}
    return Converted(paths, len(chosen), tuple(notes), dict(sorted(lines.items())))


def ensure_call(graph: Graph, lines: dict[str, str]) -> bool:
    """Create the call H2020 (permissive rules, one line per programme part) through the
    administrators' service; False when it exists already (a re-import)."""
    draft = calls.CallDraft(
        code=CALL_CODE,
        title_it="Orizzonte 2020 (progetti da CORDIS)",
        title_en="Horizon 2020 (projects from CORDIS)",
        lines=tuple(
            {"code": code, "label_it": part, "label_en": part} for code, part in lines.items()
        ),
    )
    try:
        calls.create_call(graph, draft, audit.Actor(email="bench/_cordis.py"))
    except calls.CallError as exc:
        if exc.code != "code_taken":
            raise
        return False
    return True


def _describer(graph: Graph, lang: str) -> Any:
    """``describe(code, params)`` in ``lang``: the sentences of the error report."""
    from flask_babel import force_locale

    from app import create_app
    from app.csv_messages import describe
    from config import Config

    config = type("CordisConfig", (Config,), {"NEO4J_URI": graph.settings.uri, "DEVELOPMENT": True})
    app = create_app(config)

    def sentence(code: str, params: dict[str, Any]) -> str:
        with app.app_context(), force_locale(lang):
            return describe(code, params)

    return sentence


def _refusals(report: ImportReport, describe: Any) -> tuple[list[Refusals], int]:
    """The report's errors grouped by code, and how many distinct lines they are on."""
    grouped: dict[str, list[Any]] = {}
    counts: Counter[str] = Counter()
    lines: set[int] = set()
    for error in report.iter_errors():
        lines.add(error.line)
        counts[error.code] += 1
        examples = grouped.setdefault(error.code, [])
        if len(examples) < EXAMPLES:
            examples.append(error)
    return [
        Refusals(
            report.file_kind,
            code,
            describe(code, errors[0].params),
            counts[code],
            tuple(f"line {e.line}, {e.column or 'row'}: {e.value!r}" for e in errors),
        )
        for code, errors in grouped.items()
    ], len(lines)


def load_cordis(
    graph: Graph,
    *,
    projects: int | None = None,
    lang: str = "en",
    data: Path = DATA,
    progress: Callable[[str, int], None] | None = None,
) -> CordisImport:
    """Bring the CORDIS consortia into ``graph`` (schema applied) through the importer.

    ``projects`` keeps the first N projects by rcn (deterministic, for tests); ``lang``
    is the language of the refusal reasons; ``progress(file_kind, rows_done)`` is called
    after each batch. Importing again changes nothing.
    """
    start = time.perf_counter()
    describe = _describer(graph, lang)
    files: list[FileCounts] = []
    refusals: list[Refusals] = []
    with tempfile.TemporaryDirectory(prefix="cordis-") as tmp:
        converted = write_files(Path(tmp), projects=projects, data=data)
        ensure_call(graph, converted.lines)
        for kind in ("organizations", "memberships", "partnerships"):
            began = time.perf_counter()
            tick = None if progress is None else partial(progress, kind)
            with converted.paths[kind].open("rb") as stream:
                report = import_csv(graph, kind, stream, progress=tick)
            seconds = time.perf_counter() - began
            try:
                grouped, explained = _refusals(report, describe)
                files.append(
                    FileCounts(
                        kind,
                        report.total,
                        report.created,
                        report.updated,
                        report.unchanged,
                        report.failed,
                        explained,
                        seconds,
                    )
                )
                refusals += grouped
            finally:
                report.close()
    return CordisImport(
        converted.projects,
        tuple(files),
        tuple(refusals),
        converted.notes,
        time.perf_counter() - start,
    )
