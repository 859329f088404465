// Keeps a consortium page current while invited members answer: polls a small JSON
// digest every few seconds while the page is visible and, when it changes, reloads the
// page's live parts (lifecycle, rule checks, over-commitment, members) from the page
// itself. Progressive enhancement: without JavaScript the page shows its loading state.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live || !window.fetch || !window.DOMParser) {
    return;
  }
  var stateUrl = live.getAttribute("data-state-url");
  var seconds = parseInt(live.getAttribute("data-state-seconds"), 10) || 10;
  var busy = false;

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var parts = live.querySelectorAll("[data-live]");
    Array.prototype.forEach.call(parts, function (part) {
      var next = fresh.getElementById(part.id);
      if (next) {
        part.innerHTML = next.innerHTML;
      }
    });
    var nextLive = fresh.getElementById("live");
    if (nextLive) {
      live.setAttribute("data-digest", nextLive.getAttribute("data-digest"));
    }
  }

  function check() {
    if (busy || document.hidden) {
      return;
    }
    busy = true;
    fetch(stateUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state || state.digest === live.getAttribute("data-digest")) {
          return null;
        }
        return fetch(window.location.href, { credentials: "same-origin",
                                             headers: { "Accept": "text/html" } })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            if (html !== null) {
              swap(html);
              live.dispatchEvent(new CustomEvent("consortium:updated", { bubbles: true }));
            }
          });
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ })
      .then(function () { busy = false; });
  }

  window.setInterval(check, seconds * 1000);
  document.addEventListener("visibilitychange", check);
})();
