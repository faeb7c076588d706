// The overview's per-day chart: reported success beside the verified truth rate and its interval (uPlot).
(function () {
  var el = document.getElementById("chart");
  var rows = JSON.parse(document.getElementById("per-day").textContent);
  if (!el || !rows.length || typeof uPlot === "undefined") return;
  var x = rows.map(function (r) { return Date.parse(r.day + "T00:00:00Z") / 1000; });
  var pct = function (k) { return rows.map(function (r) { return r[k] == null ? null : 100 * r[k]; }); };
  var opts = {
    width: Math.max(320, el.clientWidth || 800), height: 260,
    scales: { y: { range: [0, 100] } },
    axes: [{}, { label: "%", values: function (u, vals) { return vals.map(function (v) { return v + "%"; }); } }],
    series: [{ label: "day" },
      { label: "reported success", stroke: "#7a4b00", width: 2 },
      { label: "verified truth rate", stroke: "#0a6b2c", width: 2 },
      { label: "95% low", stroke: "#7fb08f", dash: [4, 4] },
      { label: "95% high", stroke: "#7fb08f", dash: [4, 4] }],
  };
  new uPlot(opts, [x, pct("reported_success_rate"), pct("truth_rate"), pct("low"), pct("high")], el);
})();
