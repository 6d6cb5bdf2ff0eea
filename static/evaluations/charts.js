/* Draws the plotly figures a page hands over as JSON (Django's json_script).
   Each chart is a <div data-chart-source="ID"> next to <script id="ID" type="application/json">.
   The same numbers are in a table on the page, so nothing is lost without JavaScript. */
(function () {
  "use strict";

  function draw(container) {
    var source = document.getElementById(container.dataset.chartSource);
    if (!source || typeof Plotly === "undefined") {
      return;
    }
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(container, figure.data, figure.layout, {
      displayModeBar: false,
      responsive: true,
    });
  }

  function drawAll() {
    document.querySelectorAll("[data-chart-source]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
