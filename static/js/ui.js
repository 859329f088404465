// Focus for keyboard and screen-reader users, loaded on every page (no inline script).
// - An invalid form's error summary takes focus; its links move focus to their field.
// - A page opened at #risultati (search after a facet) puts focus on the results heading.
(function () {
  "use strict";

  function focusTarget(hash) {
    var target = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return false;
    if (!target.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(target.tagName)) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        if (link && focusTarget(link.getAttribute("href"))) event.preventDefault();
      });
    } else if (window.location.hash === "#risultati") {
      focusTarget("#risultati");
    }
  });
})();
