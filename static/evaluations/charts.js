/* Draws the plotly figures a page hands over as JSON (Django's json_script).
   Each chart is a <div data-chart-source="ID"> next to <script id="ID" type="application/json">.
   The same numbers are in a table on the page, so nothing is lost without JavaScript. Each chart
   is drawn when it comes near the window, and plotly.js is loaded then
   (static/reports/charts-on-demand.js, loaded before this file). */
(function () {
  "use strict";

  function draw(container) {
    var source = document.getElementById(container.dataset.chartSource);
    if (!source) {
      return null;
    }
    var figure = JSON.parse(source.textContent);
    return window.Plotly.newPlot(container, figure.data, figure.layout, {
      displayModeBar: false,
      responsive: true,
    });
  }

  window.drawChartsOnDemand(document.querySelectorAll("[data-chart-source]"), draw);
})();
