/* Draws every scorecard chart. A chart is <div class="chart" data-figure="ID">, and its figure
   (data and layout, built in reports/charts.py) is the JSON of <script id="ID"
   type="application/json">, written by Django's json_script. No inline script anywhere: the
   Content-Security-Policy allows scripts from this host only. Every number is also in a table
   next to its chart, so the page says everything without JavaScript.

   Each chart takes the width of its box (autosize, and redrawn when the window changes: the
   "responsive" option) and keeps its height. On a narrow screen the legend under the plot
   wraps onto more lines; plotly does not add their room to the axis labels' own, so the room
   under the plot is grown until the legend clears the axis labels (keepLegendClear). */
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
    var layout = container.layout;
    if (overlap > 0 && !container.growing && typeof layout.height === "number") {
      container.growing = true;
      // A new height would otherwise fix the width too (plotly turns autosize off): the
      // width stays the box's, so that the chart still follows the window.
      window.Plotly.relayout(container, {
        "margin.b": (layout.margin.b || 0) + overlap,
        height: layout.height + overlap,
        width: null,
        autosize: true
      }).then(function () {
        container.growing = false;
      });
    }
  }

  function drawCharts() {
    if (typeof window.Plotly === "undefined") {
      return; // plotly.js did not load: the tables still hold every number.
    }
    var containers = document.querySelectorAll(".chart[data-figure]");
    Array.prototype.forEach.call(containers, function (container) {
      var figure = figureFor(container);
      if (figure) {
        var layout = figure.layout || {};
        layout.autosize = true;
        layout.margin = layout.margin || {};
        window.Plotly.newPlot(container, figure.data, layout, CONFIG).then(function () {
          keepLegendClear(container);
          // Again after every redraw: a narrower window can wrap the legend further.
          container.on("plotly_afterplot", function () {
            keepLegendClear(container);
          });
        });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawCharts);
  } else {
    drawCharts();
  }
})();
