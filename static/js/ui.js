// Focus for keyboard and screen-reader users, loaded on every page (no inline script).
// - An invalid form's error summary takes focus; its links move focus to their field.
// - A page opened at #risultati (search after a facet) puts focus on the results heading.
// - A form with data-confirm (the post_button macro's confirm text) asks before it is sent.
// Loaded before Bootstrap Italia's bundle: its bundled video.js must not write an inline
// <style> (the CSP refuses it; no page plays video).
window.VIDEOJS_NO_DYNAMIC_STYLE = true;

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

  // A table wider than the phone scrolls inside its wrapper: the wrapper becomes a named,
  // focusable region so that it can be scrolled by keyboard too.
  function scrollableTables() {
    document.querySelectorAll(".table-responsive").forEach(function (wrapper) {
      if (wrapper.scrollWidth <= wrapper.clientWidth + 1 || wrapper.hasAttribute("tabindex")) return;
      var table = wrapper.querySelector("table");
      var caption = table && table.caption ? table.caption.textContent : "";
      var heading = wrapper.closest("section");
      heading = heading && heading.querySelector("h2, h3");
      wrapper.setAttribute("tabindex", "0");
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-label", (caption || (heading && heading.textContent) || document.title).trim());
    });
  }

  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    scrollableTables();
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
