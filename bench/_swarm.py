"""The locust side of a load run, in a process of its own (locust patches the standard
library with gevent, which must not happen inside pytest or the benchmark's process).

``python -m bench._swarm PLAN OUT --users N --duration S`` runs the scenario headless with
locust as a library, prints ``SPAWNED <time>`` once every user has started, stops after
the duration (or on SIGTERM) and writes every request to OUT as JSON:
``[start time, name, status, milliseconds, as expected, note]`` (the note: where an
unexpected redirect led, or why a request got no answer).
"""

from __future__ import annotations

from gevent import monkey  # type: ignore[import-untyped]

monkey.patch_all()

# ruff: noqa: E402  (the imports below must come after the patching)
import argparse
import json
import random
import signal
import sys
import time
from typing import Any
from urllib.parse import urlencode

import gevent
import gevent.event  # type: ignore[import-untyped]
from locust import FastHttpUser, between, constant, task
from locust.env import Environment

from bench._site import USER_AGENT, Plan, check_loopback, csrf_token

SEARCHES = (
    "cooperativa",
    "coop soc",
    "solidarietà",
    "fondazione",
    "comune",
    "assistenza",
    "mulino",
    "impresa sociale",
    "",
)
PAGE = ("text/html",)
_records: list[list[Any]] = []
_plan: Plan


class _Base(FastHttpUser):
    """A simulated user: every request is recorded with the status it should have. A user
    with a role logs in as it starts, and again whenever it is sent to the login page."""

    abstract = True
    wait_time = between(1, 3)
    role = ""
    logged_in = False

    def call(
        self,
        method: str,
        path: str,
        name: str,
        expect: tuple[int, ...] = (200,),
        data: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        if self.role and not self.logged_in and not name.startswith("login:"):
            self.login()
        headers = {"User-Agent": USER_AGENT, "Accept-Language": "it"}
        body = None
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(data)
        response = self.client.request(
            method,
            path,
            name=name,
            data=body,
            headers=headers,
            allow_redirects=False,
            context={"expect": expect},
        )
        status = int(response.status_code or 0)
        location = str((getattr(response, "headers", None) or {}).get("Location", ""))
        if status in (302, 303) and "/accedi" in location:
            self.logged_in = False
        text = response.text if status == 200 and method == "GET" else ""
        return status, text or ""

    def on_start(self) -> None:
        if self.role:
            self.login()

    def login(self) -> None:
        """Log in with the role's account (the form's CSRF token scraped first)."""
        account = _plan.accounts[self.role]
        status, page = self.call("GET", "/accedi", "login: GET /accedi", (200,))
        if status == 200:
            status, _page = self.call(
                "POST",
                "/accedi",
                "login: POST /accedi",
                (302,),
                {
                    "csrf_token": csrf_token(page),
                    "email": account.email,
                    "password": account.password,
                },
            )
        self.logged_in = status == 302

    def org(self) -> str:
        return random.choice(_plan.org_ids)

    def search_json(self) -> None:
        q = random.choice(SEARCHES)
        self.call("GET", f"/cerca/api?{urlencode({'q': q})}", "GET /cerca/api?q=")


class Visitor(_Base):
    """Someone browsing without logging in: pages, organisations, calls, search."""

    weight = 5

    @task(2)
    def home(self) -> None:
        self.call("GET", "/", "GET /")

    @task(2)
    def organisations(self) -> None:
        self.call("GET", f"/organizzazioni/?page={random.randint(1, 5)}", "GET /organizzazioni/")

    @task(4)
    def organisation(self) -> None:
        self.call("GET", f"/organizzazioni/{self.org()}", "GET /organizzazioni/<id>")

    @task(1)
    def calls(self) -> None:
        self.call("GET", "/bandi/", "GET /bandi/")

    @task(1)
    def call_page(self) -> None:
        self.call("GET", f"/bandi/{random.choice(_plan.calls)}", "GET /bandi/<code>")

    @task(2)
    def search_page(self) -> None:
        self.call("GET", f"/cerca/?{urlencode({'q': random.choice(SEARCHES)})}", "GET /cerca/?q=")

    @task(4)
    def search(self) -> None:
        self.search_json()


class Member(_Base):
    """An organisation's member looking for partners."""

    weight = 2
    role = "member"

    @task(1)
    def suggestions_page(self) -> None:
        self.call("GET", "/partenariati/suggerimenti", "GET /partenariati/suggerimenti")

    @task(3)
    def suggestions(self) -> None:
        call = random.choice([None, *_plan.calls])
        query = f"?{urlencode({'bando': call})}" if call else ""
        self.call(
            "GET", f"/partenariati/api/suggerimenti{query}", "GET /partenariati/api/suggerimenti"
        )

    @task(1)
    def organisation(self) -> None:
        self.call("GET", f"/organizzazioni/{self.org()}", "GET /organizzazioni/<id>")

    @task(1)
    def search(self) -> None:
        self.search_json()


class Lead(_Base):
    """A district lead viewing and editing the district's draft consortium."""

    weight = 2
    role = "lead"

    @task(1)
    def consortia(self) -> None:
        self.call("GET", "/consorzi/", "GET /consorzi/")

    @task(3)
    def draft(self) -> None:
        self.call("GET", f"/consorzi/{_plan.draft_id}", "GET /consorzi/<id>")

    @task(2)
    def rules(self) -> None:
        self.call("GET", f"/consorzi/{_plan.draft_id}/regole", "GET /consorzi/<id>/regole")

    @task(2)
    def edit_budget(self) -> None:
        path = f"/consorzi/{_plan.draft_id}/membri/{_plan.district}/budget"
        status, page = self.call("GET", path, "GET /consorzi/<id>/membri/<org>/budget")
        if status != 200:
            return
        self.call(
            "POST",
            path,
            "POST /consorzi/<id>/membri/<org>/budget",
            (302,),
            {
                "csrf_token": csrf_token(page),
                "lines-0-label": "Coordinamento del distretto",
                "lines-0-amount": str(random.randint(10, 90) * 1000),
            },
        )

    @task(1)
    def invite_search(self) -> None:
        self.call(
            "GET", f"/consorzi/{_plan.draft_id}/invita?q=coop", "GET /consorzi/<id>/invita?q="
        )

    @task(1)
    def network(self) -> None:
        self.call(
            "GET",
            f"/analisi/consorzi/{_plan.draft_id}/rete/dati",
            "GET /analisi/consorzi/<id>/rete/dati",
            (200, 202),
        )

    @task(1)
    def suggestions(self) -> None:
        self.call(
            "GET",
            f"/partenariati/api/suggerimenti?org={_plan.district}",
            "GET /partenariati/api/suggerimenti",
        )


class Staff(_Base):
    """Regional staff reading the (cached) analysis of a district."""

    weight = 1
    role = "staff"

    @task(2)
    def district_network(self) -> None:
        self.call(
            "GET",
            f"/analisi/rete/dati?distretto={_plan.district}",
            "GET /analisi/rete/dati?distretto=",
            (200, 202),
        )

    @task(1)
    def dashboard(self) -> None:
        self.call("GET", "/analisi/", "GET /analisi/")

    @task(1)
    def search(self) -> None:
        self.search_json()


class ApiClient(_Base):
    """A program reading the JSON API with the member's bearer token (when the API exists)."""

    weight = 1

    @task(1)
    def organisations(self) -> None:
        self.api(f"/api/v1/organizations?page={random.randint(1, 5)}", "GET /api/v1/organizations")

    @task(2)
    def organisation(self) -> None:
        self.api(f"/api/v1/organizations/{self.org()}", "GET /api/v1/organizations/<id>")

    @task(2)
    def search(self) -> None:
        self.api(
            f"/api/v1/search?{urlencode({'q': random.choice(SEARCHES)})}", "GET /api/v1/search?q="
        )

    @task(1)
    def calls(self) -> None:
        self.api("/api/v1/calls", "GET /api/v1/calls")

    def api(self, path: str, name: str) -> None:
        self.client.request(
            "GET",
            path,
            name=name,
            allow_redirects=False,
            headers={"Authorization": f"Bearer {_plan.api_token}", "User-Agent": USER_AGENT},
            context={"expect": (200,)},
        )


class Hammer(_Base):
    """No think time, cached JSON only: the throughput phase when wrk is missing."""

    wait_time = constant(0)
    paths: tuple[str, ...] = ()

    @task
    def hit(self) -> None:
        path = random.choice(self.paths)
        self.call("GET", path, f"GET {path}")


def _record(
    request_type: str,
    name: str,
    response_time: float,
    response: Any,
    context: dict[str, Any],
    start_time: float,
    **_ignored: Any,
) -> None:
    status = int(getattr(response, "status_code", 0) or 0)
    ok = status in context.get("expect", (200,))
    note = ""
    if not ok and 300 <= status < 400:
        note = str(response.headers.get("Location", ""))
    elif not ok and not status:
        note = repr(getattr(response, "error", None))[:200]
    _records.append([round(start_time, 4), name, status, round(response_time, 2), ok, note])


def main(argv: list[str]) -> int:
    global _plan
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan")
    parser.add_argument("out")
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument(
        "--duration", type=float, required=True, help="seconds after the last user has started"
    )
    parser.add_argument("--spawn-rate", type=float, default=20.0)
    parser.add_argument("--think", default="1,3", help="seconds between a user's tasks")
    parser.add_argument(
        "--hammer",
        nargs="*",
        default=None,
        help="throughput mode: these paths, no think time (as staff for /analisi)",
    )
    args = parser.parse_args(argv)
    with open(args.plan, encoding="utf-8") as file:
        _plan = Plan.from_json(file.read())
    low, high = (float(x) for x in args.think.split(","))
    if args.hammer:
        Hammer.paths = tuple(args.hammer)
        Hammer.role = "staff" if any("/analisi" in p for p in args.hammer) else ""
        classes: list[type[_Base]] = [Hammer]
    else:
        classes = [Visitor, Member, Lead, Staff] + ([ApiClient] if _plan.api_token else [])
        for cls in classes:
            cls.wait_time = between(low, high)
    env = Environment(user_classes=list(classes), host=check_loopback(_plan.base))
    env.events.request.add_listener(_record)
    runner = env.create_local_runner()
    meta = {"started": time.time(), "spawned": None, "ended": None, "users": args.users}
    spawned = gevent.event.Event()

    def on_spawned(user_count: int, **_kw: Any) -> None:
        meta["spawned"] = time.time()
        print(f"SPAWNED {meta['spawned']:.4f}", flush=True)
        spawned.set()

    env.events.spawning_complete.add_listener(on_spawned)
    stop = gevent.event.Event()
    gevent.signal_handler(signal.SIGTERM, stop.set)
    runner.start(args.users, spawn_rate=args.spawn_rate)
    spawned.wait(timeout=args.users / args.spawn_rate + 60)
    stop.wait(timeout=args.duration)
    runner.quit()
    meta["ended"] = time.time()
    with open(args.out, "w", encoding="utf-8") as file:
        json.dump({"meta": meta, "records": _records}, file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
