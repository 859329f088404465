// Draws the analysis charts with Chart.js from each canvas's data-chart description
// ({type, labels, datasets: [{label, data, color, axis}], unit, min, max}); the same
// figures are in the tables beside them. Each measure gets the axis it is read on:
// "percent" only for shares (index, cross-sector share), "decimal" for coefficients
// between 0 and 1 (clustering, density), plain numbers for counts. A line chart's
// "share" axis (right) is a percent axis.
(function () {
  "use strict";
  if (!window.Chart) {
    return;
  }
  var locale = document.documentElement.lang || "it";
  var percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  var decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1,
                                                maximumFractionDigits: 3 });
  var number = new Intl.NumberFormat(locale);
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.color = "#1d2733";

  function unitOf(spec) {
    return spec.unit || (spec.percent ? "percent" : "number");
  }

  function formatter(unit) {
    if (unit === "percent") {
      return function (v) { return percent.format(v); };
    }
    if (unit === "decimal") {
      return function (v) { return decimal.format(v); };
    }
    return function (v) { return number.format(v); };
  }

  function dataset(spec, d) {
    var set = { label: d.label, data: d.data, backgroundColor: d.color, borderColor: d.color };
    if (d.axis) {
      set.yAxisID = d.axis;
    }
    if (spec.type === "line") {
      set.tension = 0.2;
      set.pointRadius = 2;
    }
    return set;
  }

  function unitOfSet(spec, set) {
    return set.yAxisID === "share" ? "percent" : unitOf(spec);
  }

  function scales(spec) {
    if (spec.type === "line") {
      return {
        y: { position: "left", beginAtZero: true, ticks: { callback: formatter("number") } },
        share: { position: "right", min: 0, max: 1, grid: { drawOnChartArea: false },
                 ticks: { callback: formatter("percent") } }
      };
    }
    var y = { beginAtZero: true, ticks: { callback: formatter(unitOf(spec)) } };
    if (typeof spec.min === "number") {
      y.min = spec.min;
    }
    if (typeof spec.max === "number") {
      y.max = spec.max;
    }
    return { y: y };
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets.map(function (d) {
        return dataset(spec, d);
      }) },
      options: {
        animation: false,
        responsive: true,
        interaction: { mode: "index", intersect: false },
        scales: scales(spec),
        plugins: { tooltip: { callbacks: { label: function (item) {
          var value = item.raw === null ? "–"
            : formatter(unitOfSet(spec, item.dataset))(item.raw);
          return item.dataset.label + ": " + value;
        } } } }
      }
    });
    canvas.setAttribute("data-unit", unitOf(spec));
    canvas.setAttribute("data-rendered", "true");
  });
})();
