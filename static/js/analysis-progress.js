// Follows a background analysis job: moves the progress bar, names the step, and reloads
// the page when the results are ready. Without JavaScript the page refreshes itself
// (a <noscript> refresh in the page head), so nobody is left waiting on a dead page.
(function () {
  "use strict";
  var box = document.getElementById("analysis-status");
  var url = box && box.getAttribute("data-status-url");
  if (!url || !window.fetch) {
    return;
  }
  var bar = document.getElementById("analysis-progress");
  var step = document.getElementById("analysis-step");
  var delay = 400;

  function schedule() {
    delay = Math.min(delay * 1.5, 3000);
    window.setTimeout(poll, delay);
  }

  function show(job) {
    bar.value = job.progress;
    bar.textContent = Math.round(job.progress * 100) + "%";
    step.textContent = job.step_label;
    box.setAttribute("data-job-state", job.state);
    if (job.state === "done") {
      window.location.reload();
    } else if (job.state === "failed") {
      step.textContent = box.getAttribute("data-failed-text");
      box.classList.add("analysis-failed");
    } else {
      schedule();
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store",
                 headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 404) {
          // The job was replaced by a newer one (the network changed again): start over.
          window.location.reload();
          return undefined;
        }
        return response.ok ? response.json() : null;
      })
      .then(function (job) {
        if (job) {
          show(job);
        } else if (job === null) {
          schedule();
        }
      })
      .catch(schedule);
  }

  window.setTimeout(poll, delay);
})();
