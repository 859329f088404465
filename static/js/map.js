// Maps of Piemonte drawn as SVG with d3-geo from the municipalities' TopoJSON
// (topojson-client merges a district's municipalities into one shape). Three uses, chosen
// by the box's data-mode: "region" (districts coloured by a measure, municipalities by
// their organisations), "place" (an organisation's municipality), "coverage" (a district's
// municipalities with or without organisations in the network and in its consortia).
// Everything comes from data-* attributes and JSON endpoints (strict CSP: no inline code).
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  // ColorBrewer YlGnBu, 5 classes (colour-blind safe, prints in grey), and "no value".
  var SEQUENTIAL = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"];
  var NONE = "#d9d9d9";
  // Okabe-Ito for the coverage classes.
  var COVERAGE = { no_organization: "#D55E00", no_consortium: "#E69F00", covered: "#56B4E9" };
  var lang = document.documentElement.lang || "it";

  function element(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(url + ": " + response.status);
        }
        return response.json();
      });
  }

  function format(value, kind) {
    if (value === null || value === undefined) {
      return null;
    }
    if (kind === "percent") {
      return new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 }).format(value);
    }
    if (kind === "count") {
      return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(value);
    }
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 3 }).format(value);
  }

  // Quantile class breaks (at most five classes, fewer when values repeat).
  function classes(values) {
    var sorted = values.filter(function (v) { return v !== null && v !== undefined; })
      .sort(function (a, b) { return a - b; });
    if (!sorted.length) {
      return [];
    }
    var bounds = [];
    for (var i = 1; i <= SEQUENTIAL.length; i += 1) {
      var at = sorted[Math.min(sorted.length - 1, Math.ceil(i * sorted.length / SEQUENTIAL.length) - 1)];
      if (!bounds.length || at > bounds[bounds.length - 1].to) {
        bounds.push({ from: bounds.length ? bounds[bounds.length - 1].to : sorted[0], to: at });
      }
    }
    bounds[0].from = sorted[0];
    var step = SEQUENTIAL.length / bounds.length;
    bounds.forEach(function (b, index) { b.colour = SEQUENTIAL[Math.round(index * step + step - 1)]; });
    return bounds;
  }

  // Fixed classes for counts of organisations in a municipality (most have 0 to 3).
  function countClasses(values) {
    var top = Math.max.apply(null, values.map(function (v) { return v || 0; }));
    var limits = [[1, 1], [2, 3], [4, 9], [10, 29], [30, Infinity]];
    return limits.filter(function (l) { return l[0] <= top; }).map(function (l, index) {
      return { from: l[0], to: Math.min(l[1], top), colour: SEQUENTIAL[index] };
    });
  }

  function colourOf(bounds, value) {
    if (value === null || value === undefined) {
      return NONE;
    }
    for (var i = 0; i < bounds.length; i += 1) {
      if (value <= bounds[i].to) {
        return bounds[i].colour;
      }
    }
    return bounds.length ? bounds[bounds.length - 1].colour : NONE;
  }

  function legend(list, entries) {
    list.textContent = "";
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "d-flex align-items-center gap-2 my-1";
      var swatch = document.createElement("span");
      swatch.className = "map-swatch";
      swatch.setAttribute("data-colour", entry.colour);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(entry.label));
      item.setAttribute("data-colour", entry.colour);
      list.appendChild(item);
      // A CSSOM property, not a style attribute: allowed by the strict CSP.
      swatch.style.backgroundColor = entry.colour;
    });
  }

  function classLegend(bounds, kind, words, withNone) {
    var entries = bounds.map(function (b, index) {
      var start = kind === "count" && index && bounds[index - 1].to >= b.from ? bounds[index - 1].to + 1 : b.from;
      var from = format(start, kind), to = format(b.to, kind);
      return { colour: b.colour, label: from === to ? from : from + " – " + to };
    });
    if (withNone) {
      entries.push({ colour: NONE, label: words.none });
    }
    return entries;
  }

  // The SVG, its projection fitted to the features, and a path generator.
  function canvas(box, features, width, height) {
    var svg = element("svg", { viewBox: "0 0 " + width + " " + height, role: "group",
                               "class": "map-svg" });
    box.appendChild(svg);
    var projection = window.d3.geoMercator().fitExtent([[6, 6], [width - 6, height - 6]],
      { type: "FeatureCollection", features: features });
    return { svg: svg, path: window.d3.geoPath(projection) };
  }

  function municipalityFeatures(topology) {
    return window.topojson.feature(topology, topology.objects.comuni).features
      .filter(function (f) { return f.geometry; });
  }

  function details(panel, title, lines) {
    panel.textContent = "";
    var heading = document.createElement("p");
    heading.className = "map-details-title fw-semibold my-1";
    heading.textContent = title;
    panel.appendChild(heading);
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.className = "my-1";
      p.textContent = line;
      panel.appendChild(p);
    });
  }

  // --- The region: districts by a measure, municipalities by organisations -------------

  function region(box, topology, data) {
    var words = JSON.parse(box.getAttribute("data-words"));
    var panel = document.getElementById("map-details");
    var legendList = document.getElementById("map-legend");
    var legendTitle = document.getElementById("map-legend-title");
    var select = document.getElementById("map-measure");
    var toggle = document.getElementById("map-municipalities");
    var districtUrl = box.getAttribute("data-district-url");
    var districtOf = {}, countOf = {};
    data.municipalities.forEach(function (m) {
      districtOf[m.istat] = m.district;
      countOf[m.istat] = m;
    });
    var features = municipalityFeatures(topology);
    var drawing = canvas(box, features, 600, 640);
    var muniLayer = element("g", { "class": "map-municipalities" }, drawing.svg);
    features.forEach(function (f) {
      var code = f.properties.com_istat_code;
      var m = countOf[code];
      var shape = element("path", { d: drawing.path(f), "data-istat": code,
                                    "class": "map-municipality" }, muniLayer);
      element("title", {}, shape).textContent = f.properties.name + (m ? " · " +
        m.organizations + " " + words.organizations : "");
    });
    var geometries = topology.objects.comuni.geometries;
    var districtLayer = element("g", { "class": "map-districts" }, drawing.svg);
    var shapes = {};
    data.districts.forEach(function (d) {
      var own = geometries.filter(function (g) {
        return g.type && districtOf[g.properties.com_istat_code] === d.code;
      });
      if (!own.length) {
        return;
      }
      var shape = element("path", {
        d: drawing.path(window.topojson.merge(topology, own)), "class": "map-district",
        "data-district": d.code, tabindex: "0", role: "link",
        "aria-label": d.name
      }, districtLayer);
      element("title", {}, shape).textContent = d.name;
      shapes[d.code] = { shape: shape, district: d };
      function show() {
        var kind = words.formats[select.value];
        var lines = data.measures.map(function (key) {
          var value = format(d[key], words.formats[key]);
          return words.measures[key] + ": " + (value === null ? words.none : value);
        });
        lines.push(d.municipalities + " " + words.municipalities);
        details(panel, d.name, lines);
        box.setAttribute("data-hover", d.code);
        return kind;
      }
      function open() {
        window.location.assign(districtUrl.replace("__CODE__", encodeURIComponent(d.code)));
      }
      shape.addEventListener("mouseenter", show);
      shape.addEventListener("focus", show);
      shape.addEventListener("click", open);
      shape.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          open();
        }
      });
    });

    function paint() {
      var measure = select.value;
      var kind = words.formats[measure];
      var municipal = toggle.checked;
      box.setAttribute("data-measure", measure);
      box.classList.toggle("map-show-municipalities", municipal);
      if (municipal) {
        var counts = features.map(function (f) {
          var m = countOf[f.properties.com_istat_code];
          return m && m.organizations ? m.organizations : null;
        });
        var muniBounds = countClasses(counts);
        muniLayer.querySelectorAll("path").forEach(function (shape, index) {
          shape.style.fill = counts[index] ? colourOf(muniBounds, counts[index]) : "#ffffff";
        });
        legendTitle.textContent = words.measures.organizations + " (" + words.municipalities + ")";
        legend(legendList, [{ colour: "#ffffff", label: "0" }].concat(
          classLegend(muniBounds, "count", words, false)));
        return;
      }
      muniLayer.querySelectorAll("path").forEach(function (shape) { shape.style.fill = ""; });
      var bounds = classes(data.districts.map(function (d) { return d[measure]; }));
      Object.keys(shapes).forEach(function (code) {
        var value = shapes[code].district[measure];
        shapes[code].shape.setAttribute("fill", colourOf(bounds, value));
        shapes[code].shape.setAttribute("data-value", value === null ? "" : String(value));
      });
      legendTitle.textContent = words.measures[measure];
      var missing = data.districts.some(function (d) { return d[measure] === null; });
      legend(legendList, classLegend(bounds, kind, words, missing || !bounds.length));
    }

    select.addEventListener("change", function () {
      var url = new URL(window.location.href);
      url.searchParams.set("misura", select.value);
      window.history.replaceState(null, "", url.toString());
      paint();
    });
    toggle.addEventListener("change", paint);
    paint();
    box.setAttribute("data-districts", String(Object.keys(shapes).length));
  }

  // --- An organisation's place -----------------------------------------------------------

  function place(box, topology) {
    var istat = box.getAttribute("data-istat");
    var words = JSON.parse(box.getAttribute("data-words"));
    var features = municipalityFeatures(topology);
    var drawing = canvas(box, features, 300, 320);
    var outline = element("g", { "class": "map-place-region" }, drawing.svg);
    var provinces = {};
    topology.objects.comuni.geometries.forEach(function (g) {
      if (g.type) {
        (provinces[g.properties.prov_acr] = provinces[g.properties.prov_acr] || []).push(g);
      }
    });
    Object.keys(provinces).forEach(function (province) {
      element("path", { d: drawing.path(window.topojson.merge(topology, provinces[province])),
                        "class": "map-provinces", "data-province": province }, outline);
    });
    var found = features.filter(function (f) { return f.properties.com_istat_code === istat; });
    if (!found.length) {
      box.setAttribute("data-found", "false");
      var note = document.createElement("p");
      note.className = "note";
      note.textContent = words.no_shape;
      box.appendChild(note);
      return;
    }
    var shape = element("path", { d: drawing.path(found[0]), "class": "map-here",
                                  "data-istat": istat }, drawing.svg);
    element("title", {}, shape).textContent = words.here + ": " + found[0].properties.name;
    var at = drawing.path.centroid(found[0]);
    element("circle", { cx: at[0], cy: at[1], r: 7, "class": "map-here-ring" }, drawing.svg);
    box.setAttribute("data-found", "true");
  }

  // --- A district's coverage -----------------------------------------------------------

  function coverage(box, topology, data) {
    var words = JSON.parse(box.getAttribute("data-words"));
    var panel = document.getElementById("coverage-details");
    var byCode = {};
    data.municipalities.forEach(function (m) { byCode[m.istat] = m; });
    var features = municipalityFeatures(topology).filter(function (f) {
      return byCode[f.properties.com_istat_code];
    });
    var drawing = canvas(box, features, 500, 420);
    var counts = { no_organization: 0, no_consortium: 0, covered: 0 };
    features.forEach(function (f) {
      var m = byCode[f.properties.com_istat_code];
      var status = !m.organizations ? "no_organization" : (!m.in_consortia ? "no_consortium" : "covered");
      counts[status] += 1;
      var shape = element("path", { d: drawing.path(f), "class": "map-coverage",
                                    fill: COVERAGE[status], "data-istat": m.istat,
                                    "data-status": status, tabindex: "0",
                                    "aria-label": m.name + ": " + words[status] }, drawing.svg);
      element("title", {}, shape).textContent = m.name + " · " + words[status];
      function show() {
        details(panel, m.name, [words[status], m.organizations + " " + words.organizations + ", " +
                                m.in_consortia + " " + words.in_consortia]);
      }
      shape.addEventListener("mouseenter", show);
      shape.addEventListener("focus", show);
    });
    legend(document.getElementById("coverage-legend"), Object.keys(COVERAGE).map(function (key) {
      return { colour: COVERAGE[key], label: words[key] + " (" + counts[key] + ")" };
    }));
  }

  function start(box) {
    if (!window.d3 || !window.d3.geoPath || !window.topojson || !window.fetch) {
      box.setAttribute("data-state", "unavailable");
      return;
    }
    var mode = box.getAttribute("data-mode");
    var wanted = [getJSON(box.getAttribute("data-topology-url"))];
    if (mode !== "place") {
      wanted.push(getJSON(box.getAttribute("data-url")));
    }
    Promise.all(wanted).then(function (answers) {
      if (mode === "region") {
        region(box, answers[0], answers[1]);
      } else if (mode === "coverage") {
        coverage(box, answers[0], answers[1]);
      } else {
        place(box, answers[0]);
      }
      box.setAttribute("data-state", "ready");
    }).catch(function (error) {
      box.setAttribute("data-state", "failed");
      window.console.error(error);
    });
  }

  document.querySelectorAll(".map-box[data-mode]").forEach(start);
})();
