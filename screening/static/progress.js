// Polls the job's progress endpoint and reloads the page once the job is done,
// so the results render server-side like every other page.
(function () {
  "use strict";
  var box = document.getElementById("job-status");
  if (!box || box.dataset.done === "true") { return; }
  var url = box.dataset.progressUrl;
  var bar = document.getElementById("job-progress");
  var state = document.getElementById("job-state");
  var counts = document.getElementById("job-counts");
  var failures = 0;
  var delay = 700;

  function show(job) {
    bar.value = job.progress;
    state.textContent = job.status;
    state.className = "status " + job.status;
    var c = job.counts;
    counts.textContent = c.processed + " of " + c.items + " screened, " + c.potential_matches +
      " potential match" + (c.potential_matches === 1 ? "" : "es");
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.redirected || !response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (job) {
        failures = 0;
        show(job);
        if (job.done) { window.location.reload(); return; }
        delay = Math.min(delay * 1.2, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        failures += 1;
        if (failures < 5) { window.setTimeout(poll, 2000 * failures); }
        else { counts.textContent += " (progress updates stopped; reload the page)"; }
      });
  }
  window.setTimeout(poll, delay);
})();
