// perfguard's pages work without this file: it only draws the charts (uPlot) from each figure's JSON.
(function () {
  "use strict";
  function draw(root) {
    (root || document).querySelectorAll("figure.chart[data-series]").forEach(function (fig) {
      if (fig.dataset.drawn || typeof uPlot === "undefined") return;
      fig.dataset.drawn = "1";
      fetch(fig.dataset.series, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          var type = r.headers.get("Content-Type") || "";
          return r.ok && type.indexOf("application/json") === 0 ? r.json() : null;
        })
        .then(function (s) { if (s && s.t && s.t.length) plot(fig, s); })
        .catch(function () { /* the table beside the chart still tells it */ });
    });
  }
  function plot(fig, s) {
    var target = fig.querySelector(".chart-canvas");
    var width = Math.max(240, Math.min(fig.clientWidth || 800, 1100));
    var x = {};
    if (s.labels) { // build ids: name the build, not only its time
      x = { label: "build", value: function (u, v, si, i) { return i == null ? "" : s.labels[i] + " (" + new Date(v * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC)"; } };
    }
    var series = [x, { label: "value", stroke: "#0a58ca", width: 2, spanGaps: false, points: { show: s.t.length < 200 } }];
    var data = [s.t, s.v];
    if (s.limit != null) { series.push({ label: "limit", stroke: "#a40e26", dash: [6, 4] }); data.push(s.t.map(function () { return s.limit; })); }
    if (s.baseline != null) { series.push({ label: "baseline", stroke: "#57606a", dash: [2, 3] }); data.push(s.t.map(function () { return s.baseline; })); }
    var opts = {
      width: width, height: 220, series: series,
      // one point alone gets a day either side rather than a range of years
      scales: { x: s.t.length > 1 ? { time: true } : { time: true, range: [s.t[0] - 86400, s.t[0] + 86400] } },
      hooks: { drawClear: [function (u) { shade(u, s); }] }
    };
    plots.push({ fig: fig, plot: new uPlot(opts, data, target) });
  }
  // a chart follows its figure's width (a phone turned, a window resized) instead of overflowing the page
  var plots = [], resizing = null;
  function fit() {
    plots.forEach(function (p) {
      if (!document.body.contains(p.fig)) return;
      var w = Math.max(240, Math.min(p.fig.clientWidth, 1100));
      if (Math.abs(w - p.plot.width) > 2) p.plot.setSize({ width: w, height: p.plot.height });
    });
  }
  window.addEventListener("resize", function () { clearTimeout(resizing); resizing = setTimeout(fit, 100); });
  // windows in tolerance green, out of tolerance red, the change point as a vertical line
  function shade(u, s) {
    var ctx = u.ctx, top = u.bbox.top, h = u.bbox.height;
    (s.windows || []).forEach(function (w) {
      var x0 = u.valToPos(w[0], "x", true), x1 = u.valToPos(w[1], "x", true);
      ctx.fillStyle = w[2] ? "rgba(17,99,41,0.10)" : "rgba(164,14,38,0.12)";
      ctx.fillRect(x0, top, Math.max(1, x1 - x0), h);
    });
    if (s.changePoint != null) {
      var x = u.valToPos(s.changePoint, "x", true);
      ctx.save();
      ctx.strokeStyle = "#7d4e00"; ctx.lineWidth = 2; ctx.setLineDash([]); ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + h); ctx.stroke();
      ctx.fillStyle = "#7d4e00"; ctx.font = (12 * (window.devicePixelRatio || 1)) + "px system-ui, sans-serif";
      ctx.fillText(s.labels ? "first bad build" : "change point", x + 4, top + 14 * (window.devicePixelRatio || 1));
      ctx.restore();
    }
  }
  document.addEventListener("DOMContentLoaded", function () { draw(); });
  document.addEventListener("htmx:afterSettle", function (e) { draw(e.target); });
})();
