// Keeps a consortium's rule checks current while invited members answer (progressive
// enhancement: without JavaScript the page shows the checks as of its loading).
(function () {
  "use strict";
  var panel = document.getElementById("rules-panel");
  if (!panel || !window.fetch) {
    return;
  }
  var url = panel.getAttribute("data-refresh-url");
  var seconds = parseInt(panel.getAttribute("data-refresh-seconds"), 10) || 15;
  var busy = false;

  function refresh() {
    if (busy || document.hidden) {
      return;
    }
    busy = true;
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null) {
          panel.innerHTML = html;
        }
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ })
      .then(function () { busy = false; });
  }

  window.setInterval(refresh, seconds * 1000);
  document.addEventListener("visibilitychange", refresh);
})();
