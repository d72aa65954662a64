// While a job waits or runs: ask its JSON status once a second, show its state and
// progress, and load the page again once it has ended (the result is then on it).
(function () {
  "use strict";
  var box = document.getElementById("progress");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-status");
  function show(status) {
    if (status.state !== "queued" && status.state !== "running") {
      window.location.reload();
      return;
    }
    document.getElementById("state").textContent = status.state_text;
    if (status.progress_text) {
      document.getElementById("progress-text").textContent = status.progress_text;
    }
    if (status.stop_requested) {
      document.getElementById("stop").disabled = true;
    }
    window.setTimeout(tick, 1000);
  }
  function tick() {
    fetch(url, { cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(show)
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  window.setTimeout(tick, 1000);
})();
