// Draws the dashboard's charts with Chart.js from each canvas's data-chart description
// ({type, labels, datasets: [{label, data, color, axis}], percent}); the same figures
// are in the tables beside them.
(function () {
  "use strict";
  if (!window.Chart) {
    return;
  }
  var locale = document.documentElement.lang || "it";
  var percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  var number = new Intl.NumberFormat(locale);
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  window.Chart.defaults.color = "#1d2733";

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

  function isShare(spec, set) {
    return spec.percent || set.yAxisID === "share";
  }

  function scales(spec) {
    if (spec.type === "line") {
      return {
        y: { position: "left", beginAtZero: true,
             ticks: { callback: function (v) { return number.format(v); } } },
        share: { position: "right", min: 0, max: 1, grid: { drawOnChartArea: false },
                 ticks: { callback: function (v) { return percent.format(v); } } }
      };
    }
    return { y: { beginAtZero: true, ticks: { callback: function (v) {
      return spec.percent ? percent.format(v) : number.format(v);
    } } } };
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
          var value = item.raw === null ? "–" : (isShare(spec, item.dataset)
            ? percent.format(item.raw) : number.format(item.raw));
          return item.dataset.label + ": " + value;
        } } } }
      }
    });
    canvas.setAttribute("data-rendered", "true");
  });
})();
