// Progress of a workbook import: polls the job's status and moves the bar; reloads when done.
// Without JavaScript the page refreshes itself (a <noscript> meta refresh) instead.
(function () {
  "use strict";
  var box = document.querySelector(".import-progress");
  if (!box) { return; }
  var bar = document.getElementById("import-progress-bar");
  var percent = document.getElementById("job-percent");
  var stage = document.getElementById("job-stage");
  var state = document.getElementById("job-state");
  var hint = box.querySelector(".no-js-hint");
  // The words come translated from the page (data-script-hint): no English in the script.
  if (hint && box.dataset.scriptHint) { hint.textContent = box.dataset.scriptHint; }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (status) {
        bar.value = status.progress;
        bar.textContent = status.progress + " %";
        percent.textContent = status.progress + " %";
        if (status.stage) { stage.textContent = status.stage; }
        state.textContent = status.state_label;
        if (status.running) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.assign(box.dataset.pageUrl);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 500);
})();
