// The interactive network view: sigma.js (WebGL) draws a graphology graph built from the
// page's one JSON endpoint (node-link data with server-side positions, so nothing is laid
// out in the browser). Colour by sector, size by a centrality, filters by district, kind
// and theme, search by name, click to open an organisation's profile.
(function () {
  "use strict";
  var box = document.getElementById("network-view");
  if (!box || !window.fetch) {
    return;
  }
  var words = JSON.parse(box.getAttribute("data-words"));
  var colours = JSON.parse(box.getAttribute("data-sector-colours"));
  var info = document.getElementById("network-info");
  var tools = document.getElementById("network-tools");
  var profileUrl = box.getAttribute("data-profile-url");
  var Graph = window.graphology && (window.graphology.Graph || window.graphology);
  var Sigma = window.Sigma;
  var FADED = "#e3e6eb";
  var state = { district: "", theme: "", kinds: {}, focus: null, neighbours: {}, shown: {} };
  var graph = null;
  var renderer = null;

  function say(text, template) {
    info.textContent = template ? Object.keys(text).reduce(function (out, key) {
      return out.replace("{" + key + "}", text[key]);
    }, template) : text;
  }

  function webglAvailable() {
    try {
      var canvas = document.createElement("canvas");
      return Boolean(canvas.getContext("webgl2") || canvas.getContext("webgl"));
    } catch (error) {
      return false;
    }
  }

  function build(data) {
    graph = new Graph({ type: "undirected", multi: false });
    data.nodes.forEach(function (n) {
      graph.addNode(n.id, {
        x: n.x, y: n.y, color: colours[n.sector] || "#777777", size: 3,
        label: n.name + (n.role ? " (" + (words.roles[n.role] || n.role) + ")" : ""),
        kind: n.kind, district: n.district, themes: n.themes,
        pagerank: n.pagerank || 0, betweenness: n.betweenness || 0, degree: n.degree || 0
      });
    });
    data.links.forEach(function (l) {
      if (graph.hasNode(l.source) && graph.hasNode(l.target) && !graph.hasEdge(l.source, l.target)) {
        graph.addEdge(l.source, l.target, { size: 0.4 + (l.strength || 0.5), color: "#c3c9d2" });
      }
    });
  }

  function sizeBy(measure) {
    var top = 0;
    // Smaller dots in a crowded picture: 2 to 12 pixels up to 2,000 nodes, then 1.5 to 8.
    var small = graph.order > 2000 ? 1.5 : 2;
    var range = graph.order > 2000 ? 6.5 : 10;
    graph.forEachNode(function (node, attrs) { top = Math.max(top, attrs[measure]); });
    graph.forEachNode(function (node, attrs) {
      graph.setNodeAttribute(node, "size", small + range * Math.sqrt(top ? attrs[measure] / top : 0));
    });
  }

  function readFilters() {
    var district = document.getElementById("net-district");
    state.district = district ? district.value : "";
    state.theme = document.getElementById("net-theme").value;
    state.kinds = {};
    tools.querySelectorAll("input[name=kind]").forEach(function (box) {
      state.kinds[box.value] = box.checked;
    });
  }

  function applyFilters() {
    readFilters();
    var bounds = { x: [Infinity, -Infinity], y: [Infinity, -Infinity] }, nodes = 0, edges = 0;
    state.shown = {};
    graph.forEachNode(function (node, a) {
      var ok = state.kinds[a.kind] !== false && (!state.district || a.district === state.district) &&
        (!state.theme || a.themes.indexOf(state.theme) >= 0);
      if (ok) {
        state.shown[node] = true;
        nodes += 1;
        bounds.x = [Math.min(bounds.x[0], a.x), Math.max(bounds.x[1], a.x)];
        bounds.y = [Math.min(bounds.y[0], a.y), Math.max(bounds.y[1], a.y)];
      }
    });
    graph.forEachEdge(function (edge, a, source, target) {
      if (state.shown[source] && state.shown[target]) {
        edges += 1;
      }
    });
    box.setAttribute("data-visible-nodes", String(nodes));
    say({ nodes: nodes.toLocaleString(document.documentElement.lang),
          edges: edges.toLocaleString(document.documentElement.lang) }, words.shown);
    var filtered = nodes && nodes < graph.order;
    ["x", "y"].forEach(function (axis) {
      if (bounds[axis][0] === bounds[axis][1]) {
        bounds[axis] = [bounds[axis][0] - 50, bounds[axis][1] + 50];
      }
    });
    renderer.setCustomBBox(filtered ? bounds : null);
    renderer.getCamera().animatedReset({ duration: 300 });
    renderer.refresh();
  }

  function nodeReducer(node, attrs) {
    var out = Object.assign({}, attrs);
    if (!state.shown[node]) {
      out.hidden = true;
    } else if (!state.focus) {
      out.forceLabel = graph.order <= 60;
    } else if (node === state.focus) {
      out.highlighted = true;
      out.forceLabel = true;
      out.zIndex = 2;
    } else if (state.neighbours[node]) {
      out.forceLabel = graph.degree(state.focus) <= 25;
      out.zIndex = 1;
    } else {
      out.color = FADED;
      out.label = "";
      out.zIndex = 0;
    }
    return out;
  }

  function edgeReducer(edge, attrs) {
    var ends = graph.extremities(edge);
    var out = Object.assign({}, attrs);
    if (!state.shown[ends[0]] || !state.shown[ends[1]]) {
      out.hidden = true;
    } else if (state.focus && ends.indexOf(state.focus) < 0) {
      out.hidden = true;
    } else if (state.focus) {
      out.color = "#7d8794";
    }
    return out;
  }

  function focus(node) {
    state.focus = node;
    state.neighbours = {};
    if (node) {
      graph.forEachNeighbor(node, function (other) { state.neighbours[other] = true; });
      var at = renderer.getNodeDisplayData(node);
      renderer.getCamera().animate({ x: at.x, y: at.y, ratio: 0.5 }, { duration: 400 });
    }
    renderer.refresh();
  }

  function showEverything() {
    var district = document.getElementById("net-district");
    if (district) {
      district.value = "";
    }
    document.getElementById("net-theme").value = "";
    tools.querySelectorAll("input[name=kind]").forEach(function (box) { box.checked = true; });
    applyFilters();
  }

  function search(text) {
    var query = text.trim().toLowerCase();
    if (!query) {
      focus(null);
      applyFilters();
      return;
    }
    var exact = null, matches = [];
    graph.forEachNode(function (node, a) {
      var name = a.label.toLowerCase();
      if (name === query) {
        exact = node;
      }
      if (name.indexOf(query) >= 0) {
        matches.push(node);
      }
    });
    var found = exact || matches[0] || null;
    if (!found) {
      say(words.none);
      focus(null);
      return;
    }
    if (!state.shown[found]) {
      showEverything();
    }
    say({ count: matches.length || 1 }, words.found);
    box.setAttribute("data-focus", found);
    focus(found);
  }

  function listNames() {
    var list = document.getElementById("net-names");
    var names = [];
    graph.forEachNode(function (node, a) { names.push(a.label); });
    names.sort().forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
  }

  function draw(data) {
    build(data);
    sizeBy(document.getElementById("net-size").value);
    renderer = new Sigma(graph, box, {
      nodeReducer: nodeReducer, edgeReducer: edgeReducer, zIndex: true,
      labelRenderedSizeThreshold: 8, labelDensity: 0.4, labelGridCellSize: 120, labelFont: "Titillium Web, Segoe UI, sans-serif",
      // Edges hidden while dragging or zooming from 5,000 on: on a software-rendered
      // WebGL (no GPU) that keeps 5,000 nodes moving at 13 frames a second instead of 3.
      hideEdgesOnMove: graph.size >= 5000, minCameraRatio: 0.05, maxCameraRatio: 4
    });
    renderer.on("enterNode", function () { box.classList.add("pointing"); });
    renderer.on("leaveNode", function () { box.classList.remove("pointing"); });
    renderer.on("clickNode", function (event) {
      window.location.assign(profileUrl.replace("__ID__", encodeURIComponent(event.node)));
    });
    renderer.on("clickStage", function () { focus(null); });
    renderer.once("afterRender", function () { box.setAttribute("data-rendered", "true"); });
    tools.hidden = false;
    tools.addEventListener("change", function (event) {
      if (event.target.id === "net-size") {
        sizeBy(event.target.value);
        renderer.refresh();
      } else if (event.target.id === "net-search") {
        search(event.target.value);
      } else {
        applyFilters();
      }
    });
    document.getElementById("net-search").addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        search(event.target.value);
      }
    });
    listNames();
    applyFilters();
    box.setAttribute("data-nodes", String(graph.order));
    box.setAttribute("data-edges", String(graph.size));
    box.setAttribute("data-state", "ready");
  }

  if (!webglAvailable() || !Graph || !Sigma) {
    box.setAttribute("data-state", "nowebgl");
    say(words.nowebgl);
    return;
  }
  fetch(box.getAttribute("data-url"), { credentials: "same-origin",
                                        headers: { "Accept": "application/json" } })
    .then(function (response) { return response.status === 200 ? response.json() : null; })
    .then(function (data) {
      if (data) {
        draw(data);
      } else {
        box.setAttribute("data-state", "pending");
      }
    });
})();
