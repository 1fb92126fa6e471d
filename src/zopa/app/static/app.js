/* zopa's page script: slider read-outs, and plotly charts drawn from the JSON the server embeds
   (the what-if charts from the same JSON that POST /api/whatif returns). No inline scripts, no eval. */
(function () {
  "use strict";

  var CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  var FONT = { family: "system-ui, -apple-system, 'Segoe UI', sans-serif", size: 12 };
  var COLORS = ["#b2182b", "#2166ac"];
  var GREY = "#a0a0a0";
  var WHATIF = "#e08214";

  /* ---- formatting (the patterns levers.py gives: "x{:.2f}", "{:.0%}", "{:+.2f}", "{:.1f}") ---- */
  function format(pattern, value) {
    var x = Number(value);
    if (!isFinite(x)) { return String(value); }
    var m = /^(.*)\{:(\+?)\.(\d+)([f%])\}(.*)$/.exec(pattern || "");
    if (!m) { return String(x); }
    var digits = Number(m[3]);
    var text = m[4] === "%" ? (100 * x).toFixed(digits) + "%" : x.toFixed(digits);
    if (m[2] === "+" && x >= 0) { text = "+" + text; }
    return m[1] + text + m[5];
  }
  function pct(x) { return x === null || x === undefined ? "–" : (100 * x).toFixed(0) + "%"; }
  function num(x) { return x === null || x === undefined ? "–" : x.toFixed(3); }

  /* ---- the lever form ---- */
  function isChanged(input) {
    var base = input.getAttribute("data-baseline");
    if (base === null) { return false; }
    if (input.type === "checkbox") { return input.checked; }
    if (input.type === "range") { return Math.abs(Number(input.value) - Number(base)) > 1e-9 * Math.max(1, Math.abs(Number(base))); }
    return input.value !== base;
  }
  function refresh(input) {
    var out = document.getElementById(input.id + "-out");
    if (out && input.type === "range") { out.textContent = format(input.getAttribute("data-format"), input.value); }
    var box = input.closest(".control");
    if (box) { box.classList.toggle("changed", isChanged(input)); }
  }
  function bindForm(root) {
    var inputs = root.querySelectorAll("form.levers input, form.levers select");
    Array.prototype.forEach.call(inputs, function (input) {
      refresh(input);
      input.addEventListener("input", function () { refresh(input); });
      input.addEventListener("change", function () { refresh(input); });
    });
  }

  /* ---- figures embedded as JSON (overview) ---- */
  function drawFigures(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-figure]"), function (div) {
      var src = document.getElementById(div.getAttribute("data-figure"));
      if (!src || !window.Plotly) { return; }
      var fig = JSON.parse(src.textContent);
      window.Plotly.react(div, fig.data, fig.layout, CONFIG);
    });
  }

  /* ---- the what-if charts, from the what-if JSON ---- */
  function layout(title, extra) {
    var l = {
      title: { text: title, font: { size: 14 }, x: 0, xanchor: "left" },
      margin: { l: 60, r: 20, t: 50, b: 40 }, height: 330, font: FONT,
      legend: { orientation: "h", y: -0.18 }, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "#fafafa",
      hovermode: "x unified"
    };
    Object.keys(extra || {}).forEach(function (k) { l[k] = extra[k]; });
    return l;
  }
  function line(x, y, name, color, baseline, group) {
    return {
      type: "scatter", mode: "lines", x: x, y: y, name: name + (baseline ? " (scenario)" : " (what-if)"),
      legendgroup: group || name,
      line: baseline ? { color: color, dash: "dash", width: 1.5 } : { color: color, width: 2.5 },
      opacity: baseline ? 0.55 : 1,
      hovertemplate: "%{y:.3f}"
    };
  }
  function drawWhatIf(root) {
    var src = root.querySelector ? root.querySelector("#whatif-json") : null;
    if (!src) { src = document.getElementById("whatif-json"); }
    if (!src || !window.Plotly) { return; }
    var r = JSON.parse(src.textContent);
    var x = r.months.date, S = r.months.series, P = r.principals;
    var m = {};
    r.metrics.forEach(function (row) { m[row.id] = row; });

    var zone = [];
    [["p_zone_open", "zone open", "#1b7837"], ["p_deal_by", "deal possible by", "#2166ac"], ["p_agreement_by", "deal struck by", "#762a83"]]
      .forEach(function (s) {
        zone.push(line(x, S[s[0]].baseline, s[1], s[2], true, s[0]));
        zone.push(line(x, S[s[0]].whatif, s[1], s[2], false, s[0]));
      });
    var d = m.p_deal_by;
    window.Plotly.react("chart-zone", zone, layout(
      "Chance of a deal possible by " + r.by.date + ": " + pct(d.whatif) + " (scenario " + pct(d.baseline) + ")",
      { yaxis: { range: [0, 1.02], tickformat: ".0%" },
        shapes: [{ type: "line", x0: r.by.date, x1: r.by.date, yref: "paper", y0: 0, y1: 1, line: { dash: "dot", color: "#999" } }] }), CONFIG);

    var war = [], settle = [];
    P.forEach(function (p, k) {
      war.push(line(x, S["war_value." + p.id].baseline, p.id, COLORS[k], true));
      war.push(line(x, S["war_value." + p.id].whatif, p.id, COLORS[k], false));
      settle.push(line(x, S["settlement_utility." + p.id].baseline, p.id, COLORS[k], true));
      settle.push(line(x, S["settlement_utility." + p.id].whatif, p.id, COLORS[k], false));
    });
    function now(key) {
      return P.map(function (p) { var v = m[key + "." + p.id]; return p.id + " " + num(v.whatif) + " (scenario " + num(v.baseline) + ")"; }).join(", ");
    }
    window.Plotly.react("chart-war", war, layout("Value of fighting on<br><span style='font-size:12px'>now: " + now("war_value") + "</span>",
      { margin: { l: 60, r: 20, t: 60, b: 40 } }), CONFIG);
    window.Plotly.react("chart-settle", settle, layout("Equilibrium value of bargaining<br><span style='font-size:12px'>now: " + now("settlement_utility") + "</span>",
      { margin: { l: 60, r: 20, t: 60, b: 40 } }), CONFIG);

    var bars = [
      { type: "bar", name: "scenario", x: P.map(function (p) { return p.name; }),
        y: P.map(function (p) { return m["settlement_utility." + p.id].baseline; }), marker: { color: GREY } },
      { type: "bar", name: "what-if", x: P.map(function (p) { return p.name; }),
        y: P.map(function (p) { return m["settlement_utility." + p.id].whatif; }), marker: { color: WHATIF } },
      { type: "scatter", mode: "markers", name: "value of fighting on (what-if)", x: P.map(function (p) { return p.name; }),
        y: P.map(function (p) { return m["war_value." + p.id].whatif; }), marker: { symbol: "line-ew-open", size: 40, color: "#222", line: { width: 2 } } }
    ];
    window.Plotly.react("chart-shares", bars, layout("Equilibrium value now, and the value of fighting on", {
      barmode: "group", hovermode: "closest", yaxis: { rangemode: "tozero" } }), CONFIG);
  }

  function init(root) {
    bindForm(root);
    drawFigures(root);
    drawWhatIf(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    document.body.addEventListener("htmx:afterSettle", function (e) {
      drawFigures(e.detail.elt || document);
      drawWhatIf(document);
    });
  });
}());
