"""Benchmark: frames per second of the network view (sigma.js) at 5,000 organisations.

Run ``python -m bench.network_view [--nodes 5000] [--edges 15000] [--seconds 3]``. The
page's real script (static/js/network-view.js) and vendored libraries are served with a
synthetic node-link document (communities laid out in clusters, as the server's layout
does) in a minimal copy of the page's controls; Debian's Chromium (headless, software
WebGL: no GPU here) loads it, then the camera is zoomed in and out and the stage dragged
while ``requestAnimationFrame`` counts frames. Figures are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from config import BASE_DIR
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # the browser tests' Chromium and flags

KINDS = ("District", "PublicBody", "ThirdSector", "SME", "Foundation")
COLOURS = {
    "District": "#D55E00",
    "PublicBody": "#0072B2",
    "ThirdSector": "#009E73",
    "SME": "#E69F00",
    "Foundation": "#CC79A7",
}

_PAGE = """<!doctype html><html lang="it"><head><meta charset="utf-8">
<title>bench</title><link rel="stylesheet" href="network.css"></head><body>
<div id="network-tools" hidden><input type="search" id="net-search" list="net-names">
<datalist id="net-names"></datalist><select id="net-district"><option value=""></option></select>
<select id="net-theme"><option value=""></option></select>
<select id="net-size"><option value="pagerank">p</option></select>
{kinds}</div>
<p id="network-info"></p>
<div id="network-buttons" hidden><button id="net-zoom-in">+</button>
<button id="net-zoom-out">-</button><button id="net-fit">fit</button>
<button id="net-png">png</button><button id="net-svg">svg</button></div>
<div class="network-stage"><div id="network-view" class="network-canvas" data-url="data.json"
 data-profile-url="/o/__ID__" data-kind-colours='{colours}' data-districts='{{}}'
 data-words='{words}'></div>
<aside id="net-panel" hidden><button id="net-panel-close">x</button><h2 id="net-panel-name"></h2>
<p id="net-panel-kind"></p><dl id="net-panel-facts"></dl><ul id="net-panel-partners"></ul>
<a id="net-panel-profile" href="#">p</a></aside></div>
<details id="network-list" hidden><summary>l</summary><p id="network-list-note"></p>
<table id="network-list-table"><thead><tr><th>o</th><th>k</th><th>p</th></tr></thead>
<tbody></tbody></table></details>
<script src="graphology.umd.min.js"></script><script src="sigma.min.js"></script>
<script src="network-view.js"></script></body></html>"""

_STYLE = ".network-canvas { width: 1200px; height: 760px; } .network-stage { display: flex; }"

_COUNT_FRAMES = """(seconds) => { window.benchFrames = null; new Promise((done) => {
  let frames = 0, worst = 0, last = performance.now();
  const start = last;
  function tick(now) {
    frames += 1; worst = Math.max(worst, now - last); last = now;
    if (now - start < seconds * 1000) { requestAnimationFrame(tick); }
    else { done({ frames: frames, seconds: (now - start) / 1000, worst: worst }); }
  }
  requestAnimationFrame(tick);
}).then((result) => { window.benchFrames = result; }); }"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """No request log: only the figures are printed."""


def synthetic(nodes: int, edges: int, seed: int = 7) -> dict[str, object]:
    """A clustered node-link document like the server's view data."""
    rng = random.Random(seed)
    clusters = max(1, nodes // 170)
    centres = [
        (math.cos(i * 2.4) * (i**0.5) * 220, math.sin(i * 2.4) * (i**0.5) * 220)
        for i in range(clusters)
    ]
    members: list[list[str]] = [[] for _ in range(clusters)]
    out_nodes = []
    for i in range(nodes):
        c = rng.randrange(clusters)
        cx, cy = centres[c]
        node_id = f"N{i}"
        members[c].append(node_id)
        out_nodes.append(
            {
                "id": node_id,
                "name": f"Organizzazione {i}",
                "kind": rng.choice(KINDS),
                "district": f"D{c}",
                "themes": [],
                "x": cx + rng.gauss(0, 60),
                "y": cy + rng.gauss(0, 60),
                "pagerank": rng.paretovariate(2.0),
                "betweenness": 0,
                "degree": 0,
            }
        )
    links, seen = [], set()
    while len(links) < edges:
        c = rng.randrange(clusters)
        a = rng.choice(members[c]) if members[c] else "N0"
        other = c if rng.random() < 0.85 else rng.randrange(clusters)
        b = rng.choice(members[other]) if members[other] else "N1"
        if a != b and (a, b) not in seen and (b, a) not in seen:
            seen.add((a, b))
            links.append({"source": a, "target": b, "strength": 0.5})
    return {"nodes": out_nodes, "links": links}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=15000)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("graphology.umd.min.js", "sigma.min.js"):
            shutil.copy(BASE_DIR / "static" / "vendor" / name, root / name)
        shutil.copy(BASE_DIR / "static" / "js" / "network-view.js", root / "network-view.js")
        (root / "network.css").write_text(_STYLE, encoding="utf-8")
        (root / "data.json").write_text(
            json.dumps(synthetic(args.nodes, args.edges)), encoding="utf-8"
        )
        words = {
            "shown": "{nodes} / {edges}",
            "found": "{count}",
            "none": "-",
            "nowebgl": "-",
            "roles": {},
            "kinds": {},
            "district": "d",
            "partners": "p",
            "pagerank": "p",
            "betweenness": "b",
            "more": "{count}",
            "relaid": "{nodes}",
            "pending": "-",
        }
        kinds = "".join(f'<input type="checkbox" name="kind" value="{k}" checked>' for k in KINDS)
        (root / "index.html").write_text(
            _PAGE.format(kinds=kinds, colours=json.dumps(COLOURS), words=json.dumps(words)),
            encoding="utf-8",
        )
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=folder))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1500, "height": 900})
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{server.server_port}/index.html")
                page.wait_for_selector("#network-view[data-rendered=true]", timeout=120_000)
                first = time.perf_counter() - started
                print(
                    f"network view: {args.nodes} nodes, {args.edges} edges; "
                    f"first picture after {first:.2f} s"
                )
                _phase(page, "idle", args.seconds, None)
                _phase(page, "zoom in and out", args.seconds, _zoom)
                _phase(page, "drag", args.seconds, _drag)
                browser.close()
        finally:
            server.shutdown()
    return 0


def _zoom(page: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page.click("#net-zoom-in")  # type: ignore[attr-defined]
        page.wait_for_timeout(300)  # type: ignore[attr-defined]
        page.click("#net-zoom-out")  # type: ignore[attr-defined]
        page.wait_for_timeout(300)  # type: ignore[attr-defined]


def _drag(page: object, seconds: float) -> None:
    mouse = page.mouse  # type: ignore[attr-defined]
    mouse.move(600, 400)
    mouse.down()
    deadline, step = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        step += 1
        mouse.move(600 + 200 * math.sin(step / 10), 400 + 120 * math.cos(step / 10))
    mouse.up()


def _phase(page: object, label: str, seconds: float, action: object) -> None:
    page.evaluate(_COUNT_FRAMES, seconds)  # type: ignore[attr-defined]
    if action is not None:
        action(page, seconds)  # type: ignore[operator]
    result = page.wait_for_function(  # type: ignore[attr-defined]
        "() => window.benchFrames", timeout=seconds * 1000 + 60_000
    ).json_value()
    fps = result["frames"] / result["seconds"]
    print(f"  {label:<16} {fps:5.1f} frames/s, longest frame {result['worst']:.0f} ms")


if __name__ == "__main__":
    raise SystemExit(main())
