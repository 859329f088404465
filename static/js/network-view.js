// The interactive network view: sigma.js (WebGL) draws a graphology graph built from the
// page's JSON endpoint (node-link data with positions laid out server-side by networkx).
// One colour per kind (Okabe-Ito, colour-blind safe), size by a centrality, labels by zoom
// and importance on sigma's label grid (no collisions); zoom, zoom out and fit buttons; a
// click opens a side panel and highlights the neighbours; choosing a district fetches that
// district's own layout; search focuses a node; the view exports as PNG or SVG. A table of
// the organisations shown is the picture's keyboard and screen-reader alternative.
(function () {
  "use strict";
  var box = document.getElementById("network-view");
  if (!box || !window.fetch) {
    return;
  }
  var words = JSON.parse(box.getAttribute("data-words"));
  var colours = JSON.parse(box.getAttribute("data-kind-colours"));
  var districtNames = JSON.parse(box.getAttribute("data-districts") || "{}");
  var info = document.getElementById("network-info");
  var tools = document.getElementById("network-tools");
  var buttons = document.getElementById("network-buttons");
  var panel = document.getElementById("net-panel");
  var profileUrl = box.getAttribute("data-profile-url");
  var Graph = window.graphology && (window.graphology.Graph || window.graphology);
  var Sigma = window.Sigma;
  var FADED = "#e3e6eb";
  var PARTNERS_LISTED = 25;
  var LIST_MAX = 300; // rows of the list alternative (the exports hold every organisation)
  var lang = document.documentElement.lang || "it";
  var state = { district: "", theme: "", kinds: {}, focus: null, neighbours: {}, shown: {},
                layout: "region" };
  var whole = null; // the whole scope's data, kept to go back from a district's layout
  var labelled = {}; // nodes whose label is shown: chosen by placeLabels, never overlapping
  var LABEL_FONT = "14px Titillium Web, Segoe UI, sans-serif";
  var ruler = document.createElement("canvas").getContext("2d");
  var placing = null;
  var graph = null;
  var renderer = null;

  function fill(template, values) {
    return Object.keys(values).reduce(function (out, key) {
      return out.replace("{" + key + "}", values[key]);
    }, template);
  }

  function say(text, template) {
    info.textContent = template ? fill(template, text) : text;
  }

  function number(value, digits) {
    return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
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
    graph.clear();
    data.nodes.forEach(function (n) {
      graph.addNode(n.id, {
        x: n.x, y: n.y, color: colours[n.kind] || "#777777", size: 3,
        name: n.name,
        label: n.name + (n.role ? " (" + (words.roles[n.role] || n.role) + ")" : ""),
        kind: n.kind, district: n.district, themes: n.themes || [],
        pagerank: n.pagerank || 0, betweenness: n.betweenness || 0, degree: n.degree || 0
      });
    });
    data.links.forEach(function (l) {
      if (graph.hasNode(l.source) && graph.hasNode(l.target) && !graph.hasEdge(l.source, l.target)) {
        graph.addEdge(l.source, l.target, { size: 0.4 + (l.strength || 0.5), color: "#c3c9d2" });
      }
    });
    sizeBy(document.getElementById("net-size").value);
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
    tools.querySelectorAll("input[name=kind]").forEach(function (input) {
      state.kinds[input.value] = input.checked;
    });
  }

  function applyFilters() {
    readFilters();
    var bounds = { x: [Infinity, -Infinity], y: [Infinity, -Infinity] }, nodes = 0, edges = 0;
    state.shown = {};
    graph.forEachNode(function (node, a) {
      var inDistrict = state.layout !== "region" || !state.district || a.district === state.district;
      var ok = state.kinds[a.kind] !== false && inDistrict &&
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
    say({ nodes: nodes.toLocaleString(lang), edges: edges.toLocaleString(lang) }, words.shown);
    var filtered = nodes && nodes < graph.order;
    ["x", "y"].forEach(function (axis) {
      if (bounds[axis][0] === bounds[axis][1]) {
        bounds[axis] = [bounds[axis][0] - 50, bounds[axis][1] + 50];
      }
    });
    renderer.setCustomBBox(filtered ? bounds : null);
    renderer.getCamera().animatedReset({ duration: 300 });
    renderer.refresh();
    fillList();
    labelsLater();
  }

  function nodeReducer(node, attrs) {
    var out = Object.assign({}, attrs);
    out.forceLabel = Boolean(labelled[node]);
    if (!state.shown[node]) {
      out.hidden = true;
    } else if (!state.focus) {
      return out;
    } else if (node === state.focus) {
      out.highlighted = true;
      out.zIndex = 2;
    } else if (state.neighbours[node]) {
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
      out.color = "#5b6675";
    }
    return out;
  }

  // --- Labels: by importance, never overlapping -------------------------------------------
  // Sigma's own label grid is switched off (labelDensity 0): after each camera move the
  // biggest nodes in view (the focused one and its neighbours first) take a label when its
  // box overlaps no label taken before, up to one label per 14,000 square pixels.

  function placeLabels() {
    placing = null;
    var size = renderer.getDimensions();
    var candidates = [];
    graph.forEachNode(function (node, a) {
      if (!state.shown[node] || (state.focus && node !== state.focus && !state.neighbours[node])) {
        return;
      }
      var data = renderer.getNodeDisplayData(node);
      if (!data) {
        return;
      }
      var at = renderer.framedGraphToViewport(data);
      if (at.x < 0 || at.y < 0 || at.x > size.width || at.y > size.height) {
        return;
      }
      candidates.push({ node: node, x: at.x, y: at.y, r: renderer.scaleSize(data.size),
                        rank: (node === state.focus ? 2 : (state.neighbours[node] ? 1 : 0)),
                        weight: a.size, label: a.label });
    });
    candidates.sort(function (p, q) { return (q.rank - p.rank) || (q.weight - p.weight); });
    var limit = Math.max(6, Math.round(size.width * size.height / 14000));
    var boxes = [], chosen = {}, count = 0;
    ruler.font = LABEL_FONT;
    for (var i = 0; i < candidates.length && count < limit; i += 1) {
      var c = candidates[i];
      if (c.r < 3 && !c.rank) {
        continue; // too small on screen to deserve a name at this zoom
      }
      var rect = { x1: c.x + c.r + 1, y1: c.y - 11, y2: c.y + 11,
                   x2: c.x + c.r + 8 + ruler.measureText(c.label).width };
      var free = (rect.x2 <= size.width || c.rank === 2) && boxes.every(function (b) {
        return rect.x2 < b.x1 || rect.x1 > b.x2 || rect.y2 < b.y1 || rect.y1 > b.y2;
      });
      if (free) {
        boxes.push(rect);
        chosen[c.node] = true;
        count += 1;
      }
    }
    labelled = chosen;
    box.setAttribute("data-labels", String(count));
    renderer.refresh();
  }

  function labelsLater() {
    if (placing) {
      window.clearTimeout(placing);
    }
    placing = window.setTimeout(placeLabels, 120);
  }

  // --- The side panel --------------------------------------------------------------------

  function fact(list, term, value) {
    var dt = document.createElement("dt");
    var dd = document.createElement("dd");
    dt.textContent = term;
    dd.textContent = value;
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function openPanel(node) {
    var a = graph.getNodeAttributes(node);
    document.getElementById("net-panel-name").textContent = a.name;
    document.getElementById("net-panel-kind").textContent = words.kinds[a.kind] || a.kind;
    var facts = document.getElementById("net-panel-facts");
    facts.textContent = "";
    if (a.district) {
      fact(facts, words.district, districtNames[a.district] || a.district);
    }
    fact(facts, words.partners, number(graph.degree(node), 0));
    fact(facts, words.pagerank, number(a.pagerank, 4));
    fact(facts, words.betweenness, number(a.betweenness, 4));
    var partners = graph.neighbors(node).sort(function (x, y) {
      return graph.getNodeAttribute(y, "pagerank") - graph.getNodeAttribute(x, "pagerank");
    });
    var list = document.getElementById("net-panel-partners");
    list.textContent = "";
    partners.slice(0, PARTNERS_LISTED).forEach(function (other) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-link p-0 text-start";
      button.textContent = graph.getNodeAttribute(other, "name");
      button.setAttribute("data-node", other);
      item.appendChild(button);
      list.appendChild(item);
    });
    if (partners.length > PARTNERS_LISTED) {
      var more = document.createElement("li");
      more.textContent = fill(words.more, { count: partners.length - PARTNERS_LISTED });
      list.appendChild(more);
    }
    document.getElementById("net-panel-profile").href = profileUrl.replace("__ID__", encodeURIComponent(node));
    panel.hidden = false;
    panel.setAttribute("data-node", node);
  }

  function closePanel() {
    panel.hidden = true;
    panel.removeAttribute("data-node");
    focus(null);
  }

  function focus(node) {
    state.focus = node;
    state.neighbours = {};
    if (node) {
      graph.forEachNeighbor(node, function (other) { state.neighbours[other] = true; });
      box.setAttribute("data-focus", node);
      box.setAttribute("data-highlighted", String(Object.keys(state.neighbours).length));
      openPanel(node);
      var at = renderer.getNodeDisplayData(node);
      if (at) {
        renderer.getCamera().animate({ x: at.x, y: at.y, ratio: Math.min(renderer.getCamera().ratio, 0.5) },
                                     { duration: 400 });
      }
    } else {
      box.removeAttribute("data-focus");
      box.removeAttribute("data-highlighted");
    }
    renderer.refresh();
    labelsLater();
  }

  function showEverything() {
    document.getElementById("net-theme").value = "";
    tools.querySelectorAll("input[name=kind]").forEach(function (input) { input.checked = true; });
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
      if (name === query || a.name.toLowerCase() === query) {
        exact = node;
      }
      if (name.indexOf(query) >= 0) {
        matches.push(node);
      }
    });
    var found = exact || matches[0] || null;
    if (!found && state.layout === "district" && whole.nodes.some(function (n) {
      return n.name.toLowerCase().indexOf(query) >= 0;
    })) {
      // Outside the district laid out on its own: back to the whole network, then find it.
      document.getElementById("net-district").value = "";
      state.layout = "region";
      build(whole);
      finish();
      search(text);
      return;
    }
    if (!found) {
      say(words.none);
      focus(null);
      return;
    }
    if (!state.shown[found]) {
      showEverything();
    }
    say({ count: matches.length || 1 }, words.found);
    focus(found);
  }

  function listNames() {
    var list = document.getElementById("net-names");
    list.textContent = "";
    var names = [];
    graph.forEachNode(function (node, a) { names.push(a.label); });
    names.sort().forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
  }

  // --- A district laid out on its own ----------------------------------------------------

  function districtUrl(code) {
    var url = new URL(box.getAttribute("data-url"), window.location.href);
    url.searchParams.set("distretto", code);
    return url.toString();
  }

  function chooseDistrict(code) {
    state.focus = null;
    panel.hidden = true;
    if (!code) {
      state.layout = "region";
      build(whole);
      finish();
      return;
    }
    box.setAttribute("data-state", "loading");
    getData(districtUrl(code)).then(function (data) {
      if (data) {
        state.layout = "district";
        build(data);
        finish();
        say({ nodes: graph.order.toLocaleString(lang) }, words.relaid);
      } else {
        // Still being computed: the district is shown in place, framed, for now.
        state.layout = "region";
        build(whole);
        finish();
        say(words.pending);
      }
    });
  }

  // The list alternative: the organisations shown, most partners first; choosing one focuses
  // it in the picture and moves the keyboard to its details.
  function fillList() {
    var body = document.querySelector("#network-list-table tbody");
    var nodes = graph.nodes().filter(function (node) { return state.shown[node]; }).sort(function (x, y) {
      return (graph.degree(y) - graph.degree(x)) ||
        graph.getNodeAttribute(x, "name").localeCompare(graph.getNodeAttribute(y, "name"), lang);
    });
    var headings = Array.prototype.map.call(  // the labels of the cells stacked on a phone
      document.querySelectorAll("#network-list-table thead th"), function (th) { return th.textContent.trim(); });
    body.textContent = "";
    nodes.slice(0, LIST_MAX).forEach(function (node) {
      var a = graph.getNodeAttributes(node);
      var row = document.createElement("tr");
      var head = document.createElement("th");
      head.scope = "row";
      var choose = document.createElement("button");
      choose.type = "button";
      choose.className = "btn btn-link p-0 text-start";
      choose.setAttribute("data-node", node);
      choose.textContent = a.name;
      head.appendChild(choose);
      var kind = document.createElement("td");
      kind.textContent = words.kinds[a.kind] || a.kind;
      kind.setAttribute("data-label", headings[1]);
      var partners = document.createElement("td");
      partners.className = "num";
      partners.textContent = number(graph.degree(node), 0);
      partners.setAttribute("data-label", headings[2]);
      row.appendChild(head);
      row.appendChild(kind);
      row.appendChild(partners);
      body.appendChild(row);
    });
    var note = document.getElementById("network-list-note");
    if (!note.hasAttribute("data-all")) {
      note.setAttribute("data-all", note.textContent);
    }
    note.textContent = nodes.length > LIST_MAX ?
      fill(words.listed, { count: number(LIST_MAX, 0), total: number(nodes.length, 0) }) :
      note.getAttribute("data-all");
    document.getElementById("network-list").hidden = false;
  }

  function finish() {
    listNames();
    applyFilters();
    box.setAttribute("data-layout", state.layout);
    box.setAttribute("data-nodes", String(graph.order));
    box.setAttribute("data-edges", String(graph.size));
    box.setAttribute("data-state", "ready");
  }

  // --- Export ----------------------------------------------------------------------------

  function download(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function fileName(extension) {
    var district = state.district ? "-" + state.district.toLowerCase() : "";
    return "rete-wecare" + district + "." + extension;
  }

  function exportPng() {
    renderer.refresh(); // draws now, so the WebGL buffers still hold the picture
    var layers = renderer.getCanvases();
    var first = layers.edges || layers.nodes;
    var out = document.createElement("canvas");
    out.width = first.width;
    out.height = first.height;
    var context = out.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, out.width, out.height);
    ["edges", "nodes", "edgeLabels", "labels", "hovers", "hoverNodes"].forEach(function (name) {
      if (layers[name]) {
        context.drawImage(layers[name], 0, 0, out.width, out.height);
      }
    });
    out.toBlob(function (blob) {
      box.setAttribute("data-exported", "png:" + blob.size);
      download(blob, fileName("png"));
    }, "image/png");
  }

  function svgEscape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function exportSvg() {
    var size = renderer.getDimensions();
    var labels = renderer.getNodeDisplayedLabels();
    var parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + size.width + '" height="' +
                 size.height + '" viewBox="0 0 ' + size.width + " " + size.height + '">',
                 '<rect width="100%" height="100%" fill="#ffffff"/>', '<g stroke-linecap="round">'];
    var at = {};
    graph.forEachNode(function (node) {
      var data = renderer.getNodeDisplayData(node);
      if (data && !data.hidden) {
        var p = renderer.framedGraphToViewport(data);
        at[node] = { x: p.x, y: p.y, r: renderer.scaleSize(data.size), color: data.color,
                     label: data.label };
      }
    });
    graph.forEachEdge(function (edge, attrs, source, target) {
      var data = renderer.getEdgeDisplayData(edge);
      if (at[source] && at[target] && data && !data.hidden) {
        parts.push('<line x1="' + at[source].x.toFixed(1) + '" y1="' + at[source].y.toFixed(1) +
                   '" x2="' + at[target].x.toFixed(1) + '" y2="' + at[target].y.toFixed(1) +
                   '" stroke="' + data.color + '" stroke-width="' + Math.max(0.5, renderer.scaleSize(data.size)).toFixed(2) + '"/>');
      }
    });
    parts.push("</g><g>");
    var count = 0;
    Object.keys(at).forEach(function (node) {
      var n = at[node];
      parts.push('<circle cx="' + n.x.toFixed(1) + '" cy="' + n.y.toFixed(1) + '" r="' +
                 n.r.toFixed(2) + '" fill="' + n.color + '"/>');
      count += 1;
    });
    parts.push('</g><g font-family="Titillium Web, Segoe UI, sans-serif" font-size="12" fill="#1f2933">');
    labels.forEach(function (node) {
      var n = at[node];
      if (n && n.label) {
        parts.push('<text x="' + (n.x + n.r + 3).toFixed(1) + '" y="' + (n.y + 4).toFixed(1) + '">' +
                   svgEscape(n.label) + "</text>");
      }
    });
    parts.push("</g></svg>");
    box.setAttribute("data-exported", "svg:" + count);
    download(new Blob([parts.join("")], { type: "image/svg+xml" }), fileName("svg"));
  }

  // --- Start -----------------------------------------------------------------------------

  function wire() {
    var camera = renderer.getCamera();
    renderer.on("enterNode", function () { box.classList.add("pointing"); });
    renderer.on("leaveNode", function () { box.classList.remove("pointing"); });
    renderer.on("clickNode", function (event) { focus(event.node); });
    renderer.on("clickStage", function () { closePanel(); });
    renderer.once("afterRender", function () { box.setAttribute("data-rendered", "true"); });
    camera.on("updated", function (s) {
      box.setAttribute("data-ratio", s.ratio.toFixed(3));
      labelsLater();
    });
    document.getElementById("net-zoom-in").addEventListener("click", function () {
      camera.animatedZoom({ duration: 250 });
    });
    document.getElementById("net-zoom-out").addEventListener("click", function () {
      camera.animatedUnzoom({ duration: 250 });
    });
    document.getElementById("net-fit").addEventListener("click", function () {
      camera.animatedReset({ duration: 300 });
    });
    document.getElementById("net-png").addEventListener("click", exportPng);
    document.getElementById("net-svg").addEventListener("click", exportSvg);
    document.getElementById("net-panel-close").addEventListener("click", closePanel);
    document.getElementById("net-panel-partners").addEventListener("click", function (event) {
      var node = event.target.getAttribute && event.target.getAttribute("data-node");
      if (node) {
        focus(node);
      }
    });
    document.getElementById("network-list-table").addEventListener("click", function (event) {
      var node = event.target.getAttribute && event.target.getAttribute("data-node");
      if (node) {
        focus(node);
        document.getElementById("net-panel-name").focus();
      }
    });
    tools.addEventListener("change", function (event) {
      if (event.target.id === "net-size") {
        sizeBy(event.target.value);
        renderer.refresh();
        labelsLater();
      } else if (event.target.id === "net-search") {
        search(event.target.value);
      } else if (event.target.id === "net-district") {
        chooseDistrict(event.target.value);
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
  }

  function draw(data) {
    whole = data;
    graph = new Graph({ type: "undirected", multi: false });
    build(data);
    renderer = new Sigma(graph, box, {
      nodeReducer: nodeReducer, edgeReducer: edgeReducer, zIndex: true,
      // Labels are placed by placeLabels (importance first, no overlaps), not sigma's grid.
      labelDensity: 0, labelSize: 14, labelFont: "Titillium Web, Segoe UI, sans-serif",
      // Edges hidden while dragging or zooming from 5,000 on: on a software-rendered
      // WebGL (no GPU) that keeps 5,000 nodes moving at 13 frames a second instead of 3.
      hideEdgesOnMove: graph.size >= 5000, minCameraRatio: 0.03, maxCameraRatio: 4
    });
    wire();
    tools.hidden = false;
    buttons.hidden = false;
    finish();
  }

  function getData(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.status === 200 ? response.json() : null; });
  }

  if (!webglAvailable() || !Graph || !Sigma) {
    box.setAttribute("data-state", "nowebgl");
    say(words.nowebgl);
    return;
  }
  getData(box.getAttribute("data-url")).then(function (data) {
    if (data) {
      draw(data);
    } else {
      box.setAttribute("data-state", "pending");
    }
  });
})();
