/* Draws every scorecard chart. A chart is <div class="chart" data-figure="ID">, and its figure
   (data and layout, built in reports/charts.py) is the JSON of <script id="ID"
   type="application/json">, written by Django's json_script. No inline script anywhere: the
   Content-Security-Policy allows scripts from this host only. Every number is also in a table
   next to its chart, so the page says everything without JavaScript. */
(function () {
  "use strict";

  var CONFIG = { displayModeBar: false, responsive: true };

  function figureFor(container) {
    var source = document.getElementById(container.getAttribute("data-figure"));
    return source ? JSON.parse(source.textContent) : null;
  }

  function drawCharts() {
    if (typeof window.Plotly === "undefined") {
      return; // plotly.js did not load: the tables still hold every number.
    }
    var containers = document.querySelectorAll(".chart[data-figure]");
    Array.prototype.forEach.call(containers, function (container) {
      var figure = figureFor(container);
      if (figure) {
        window.Plotly.newPlot(container, figure.data, figure.layout || {}, CONFIG);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawCharts);
  } else {
    drawCharts();
  }
})();
