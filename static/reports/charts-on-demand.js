/* Draws a page's plotly charts only when they are about to come into view, one chart per task,
   and loads plotly.js (1.2 MB) only then. Used by static/reports/scorecards.js and
   static/evaluations/charts.js, loaded before them:

     <script src=".../charts-on-demand.js" data-plotly-src=".../plotly.min.js" defer></script>

   Until plotly.js has loaded the page is whole: every number a chart draws is in a table beside
   it. plotly.js is added as a <script src> of this host, which the Content-Security-Policy's
   script-src 'self' allows (it uses no nonce). Drawing every chart in one go took a phone over
   a second in one task; here the browser gets its turn (input, painting) between two charts.

   Each chart box keeps the height its figure draws at (data-height) from the start, so that
   nothing under it moves when it draws: static/reports/charts.css gives it in browsers that read
   attr() as a length, this script (before any chart draws) in the others. */
(function () {
  "use strict";

  // How far below (or above) the window a chart starts drawing: plotly.js takes a moment to
  // load and start, so the chart is usually drawn by the time it scrolls in.
  var NEAR = "400px 0px";
  var loader = document.currentScript;
  var plotlySource = loader ? loader.getAttribute("data-plotly-src") : null;
  var plotlyLoaded = null; // a promise, once plotly.js has been asked for
  var waiting = []; // [container, draw] pairs near the window, not drawn yet
  var drawing = false;

  function loadPlotly() {
    if (plotlyLoaded === null) {
      plotlyLoaded = new Promise(function (resolve, reject) {
        if (window.Plotly) {
          resolve();
          return;
        }
        var script = document.createElement("script");
        script.src = plotlySource;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return plotlyLoaded;
  }

  // Leaves the rest of the work to a later task (scheduler.yield keeps our place in the queue
  // where the browser has it).
  function nextTask() {
    if (window.scheduler && typeof window.scheduler.yield === "function") {
      return window.scheduler.yield();
    }
    return new Promise(function (resolve) {
      window.setTimeout(resolve, 0);
    });
  }

  function drawNext() {
    var next = waiting.shift();
    if (!next) {
      drawing = false;
      return;
    }
    Promise.resolve()
      .then(function () {
        return next[1](next[0]);
      })
      .catch(function () {
        // A chart that fails leaves its table, and the next chart is still drawn.
      })
      .then(nextTask)
      .then(drawNext);
  }

  function enqueue(container, draw) {
    waiting.push([container, draw]);
    if (drawing) {
      return;
    }
    drawing = true;
    loadPlotly().then(nextTask).then(drawNext, function () {
      drawing = false; // plotly.js did not load: the tables still hold every number.
    });
  }

  function reserveHeight(container) {
    var height = container.getAttribute("data-height");
    var readByCss = window.CSS && CSS.supports("height", "attr(data-height px)");
    if (height && !readByCss) {
      container.style.height = height + "px";
    }
  }

  // Calls draw(container) for each container as it comes near the window; draw may return a
  // promise, and the next chart waits for it.
  window.drawChartsOnDemand = function (containers, draw) {
    Array.prototype.forEach.call(containers, reserveHeight);
    if (!("IntersectionObserver" in window)) {
      Array.prototype.forEach.call(containers, function (container) {
        enqueue(container, draw);
      });
      return;
    }
    var observer = new IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            enqueue(entry.target, draw);
          }
        });
      },
      { rootMargin: NEAR }
    );
    Array.prototype.forEach.call(containers, function (container) {
      observer.observe(container);
    });
  };
})();
