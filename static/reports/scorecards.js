/* Draws every scorecard chart. A chart is <div class="chart" data-figure="ID">, and its figure
   (data and layout, built in reports/charts.py) is the JSON of <script id="ID"
   type="application/json">, written by Django's json_script. No inline script anywhere: the
   Content-Security-Policy allows scripts from this host only. Every number is also in a table
   next to its chart, so the page says everything without JavaScript. Each chart is drawn when it
   comes near the window, one per task, and plotly.js is loaded then
   (static/reports/charts-on-demand.js, loaded before this file).

   Each chart takes the width of its box (autosize, and redrawn when the window changes: the
   "responsive" option) and keeps its height, the box's from the start (data-height), so that
   nothing below moves when it draws. On a narrow screen the legend under the plot wraps onto
   more lines; plotly does not add their room to the axis labels' own, so the room under the plot
   is grown, within that height, until the legend clears the axis labels (keepLegendClear). */
(function () {
  "use strict";

  var CONFIG = { displayModeBar: false, responsive: true };
  var GAP = 8; // pixels between the lowest axis label and the legend

  function figureFor(container) {
    var source = document.getElementById(container.getAttribute("data-figure"));
    return source ? JSON.parse(source.textContent) : null;
  }

  function lowestBottom(container, selector) {
    var bottom = null;
    Array.prototype.forEach.call(container.querySelectorAll(selector), function (element) {
      var box = element.getBoundingClientRect();
      if (box.height > 0 && (bottom === null || box.bottom > bottom)) {
        bottom = box.bottom;
      }
    });
    return bottom;
  }

  function keepLegendClear(container) {
    var legend = container.querySelector(".legend");
    var axisBottom = lowestBottom(container, ".xaxislayer-above text, .g-xtitle text");
    if (!legend || axisBottom === null) {
      return;
    }
    var overlap = Math.ceil(axisBottom + GAP - legend.getBoundingClientRect().top);
    if (overlap > 0 && !container.growing) {
      container.growing = true;
      // The plot gives up the room: the chart's height, and its box's, stay as they are.
      window.Plotly.relayout(container, {
        "margin.b": (container.layout.margin.b || 0) + overlap
      }).then(function () {
        container.growing = false;
      });
    }
  }

  function drawChart(container) {
    var figure = figureFor(container);
    if (!figure) {
      return null;
    }
    var layout = figure.layout || {};
    layout.autosize = true;
    layout.margin = layout.margin || {};
    return window.Plotly.newPlot(container, figure.data, layout, CONFIG).then(function () {
      keepLegendClear(container);
      // Again after every redraw: a narrower window can wrap the legend further.
      container.on("plotly_afterplot", function () {
        keepLegendClear(container);
      });
    });
  }

  window.drawChartsOnDemand(document.querySelectorAll(".chart[data-figure]"), drawChart);
})();
