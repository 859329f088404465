"""The direction of imports between layers, read from the source with ``ast``: the API
shares helpers with the pages through the services and common modules (``app/wording/``,
``app/labels.py``, ``app/acting.py``), never by importing an HTML blueprint."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
#: The site's error handling answers JSON or HTML by client (app.errors.handlers.wants_json):
#: the API shares its outage handling on purpose (see app/api/errors.py).
NOT_HTML = {"api", "errors"}


def html_blueprints() -> set[str]:
    """The packages under app/ that define a blueprint, the API's and errors' excepted."""
    return {
        init.parent.name
        for init in APP.glob("*/__init__.py")
        if "Blueprint(" in init.read_text(encoding="utf-8")
    } - NOT_HTML


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports (``from app import x`` counts as ``app.x``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def html_imports(path: Path, blueprints: set[str]) -> set[str]:
    """The modules of HTML blueprint packages that ``path`` imports."""
    return {
        name
        for name in imported_modules(path)
        if name.startswith("app.") and name.split(".")[1] in blueprints
    }


def test_the_blueprints_are_found() -> None:
    assert {"search", "consortia", "partnerships", "analysis", "claims"} <= html_blueprints()
    assert "api" not in html_blueprints()


@pytest.mark.parametrize("path", sorted(APP.glob("api/*.py")), ids=lambda p: p.name)
def test_the_api_imports_no_html_blueprint(path: Path) -> None:
    assert html_imports(path, html_blueprints()) == set()


def test_the_check_sees_an_html_import(tmp_path: Path) -> None:
    """The check fails on the imports it must refuse, in each spelling."""
    source = tmp_path / "resource.py"
    source.write_text(
        "from app.search.presenting import facets\n"
        "import app.partnerships.routes\n"
        "from app import consortia\n"
        "from app.wording.search import relaxations\n",
        encoding="utf-8",
    )
    assert html_imports(source, html_blueprints()) == {
        "app.search.presenting",
        "app.search.presenting.facets",
        "app.partnerships.routes",
        "app.consortia",
    }


@pytest.mark.parametrize(
    "path", sorted(APP.glob("services/**/*.py")), ids=lambda p: str(p.relative_to(APP))
)
def test_services_import_no_wording(path: Path) -> None:
    """Services return codes and parameters; the web layer words them."""
    web = {"app.wording", "app.acting", *(f"app.{bp}" for bp in html_blueprints())}
    assert {
        name for name in imported_modules(path) if ".".join(name.split(".")[:2]) in web
    } == set()


def repository_imports(path: Path) -> set[str]:
    """The graph repositories (``graph.*_repo``) that ``path`` imports."""
    return {
        name
        for name in imported_modules(path)
        if name.startswith("graph.")
        and (name.split(".")[1].endswith("_repo") or name.split(".")[-1].endswith("_repo"))
    }


def test_only_services_call_the_repositories() -> None:
    """Routes -> services -> graph: outside app/services/, nothing in app/ imports a
    repository (record types and the driver's wrapper may cross)."""
    outside = [p for p in APP.rglob("*.py") if p.relative_to(APP).parts[0] != "services"]
    assert len(outside) > 50
    found = {str(p.relative_to(APP)): repository_imports(p) for p in outside}
    assert {path: names for path, names in found.items() if names} == {}


def test_the_check_sees_a_repository_import(tmp_path: Path) -> None:
    source = tmp_path / "routes.py"
    source.write_text(
        "from graph import mail_repo\n"
        "from graph.thread_repo import messages_tx\n"
        "from graph.thread_records import ThreadMessage\n"
        "from graph.driver import Graph\n",
        encoding="utf-8",
    )
    assert repository_imports(source) == {
        "graph.mail_repo",
        "graph.thread_repo",
        "graph.thread_repo.messages_tx",
    }
