/* Tổng quan (reports/dashboard_admin.py): draws each panel's chart with the vendored Apache ECharts
   from the JSON the page carries; the map's shapes come from the site itself. No outside request. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dash-charts").textContent);
  var config = JSON.parse(document.getElementById("dash-config").textContent);
  var charts = {};
  window.dashboardCharts = charts;
  var palette = ["#1f5fa8", "#d9822b", "#3a9b5c", "#b23a48", "#7a5ea8", "#8c6d31", "#2a9d8f", "#e76f51", "#6c757d", "#264653", "#c9a227"];

  function make(key, option) {
    var el = document.getElementById("chart-" + key);
    if (!el) return null;
    var chart = echarts.init(el, null, { renderer: "canvas" });
    option.color = option.color || palette;
    option.animation = false;
    chart.setOption(option);
    charts[key] = chart;
    return chart;
  }

  function lines(key, d, stack) {
    make(key, {
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 60 },
      xAxis: { type: "category", data: d.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: d.series.map(function (s) {
        return { name: s.name, type: stack ? "line" : "bar", stack: "all", areaStyle: stack ? {} : undefined, data: s.data };
      })
    });
  }

  function bars(key, d, names) {
    make(key, {
      tooltip: {},
      grid: { left: 200, right: 24, top: 8, bottom: 24 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: names, axisLabel: { width: 190, overflow: "truncate" } },
      series: [{ type: "bar", data: d.values.map(function (v, i) {
        return { value: v, itemStyle: { color: d.sensitive && d.sensitive[i] ? "#b23a48" : "#1f5fa8" } };
      }) }]
    });
  }

  function query(extra) {
    var params = new URLSearchParams(config.query);
    Object.keys(extra).forEach(function (k) { params.set(k, extra[k]); });
    return "?" + params.toString();
  }

  lines("volume", data.volume, false);
  lines("sentiment", data.sentiment, true);
  bars("fields", data.fields, data.fields.labels.map(function (n, i) { return data.fields.sensitive[i] ? n + " (*)" : n; }));
  bars("satisfaction", data.satisfaction, data.satisfaction.labels);
  if (data.ontime.labels.length) {
    var o = make("ontime", {
      tooltip: {},
      grid: { left: 200, right: 24, top: 8, bottom: 24 },
      xAxis: { type: "value", max: 100 },
      yAxis: { type: "category", inverse: true, data: data.ontime.labels, axisLabel: { width: 190, overflow: "truncate" } },
      series: [{ type: "bar", data: data.ontime.values, markLine: { symbol: "none", data: [{ xAxis: data.ontime.target, name: "Mục tiêu" }], lineStyle: { color: "#b23a48" }, label: { formatter: "Mục tiêu {c}%" } } }]
    });
  } else {
    document.getElementById("chart-ontime").style.display = "none";
  }
  var f = data.forecast;
  if (f && f.shown) {
    var labels = f.labels.concat(f.future);
    var pad = f.labels.map(function () { return null; });
    make("forecast", {
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 50 },
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "Thực tế", type: "line", data: f.history },
        { name: "Cận dưới", type: "line", stack: "band", symbol: "none", lineStyle: { opacity: 0 }, data: pad.concat(f.lower) },
        { name: "Khoảng dự báo", type: "line", stack: "band", symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { color: "rgba(31,95,168,.2)" },
          data: pad.concat(f.upper.map(function (u, i) { return u - f.lower[i]; })) },
        { name: "Dự báo", type: "line", lineStyle: { type: "dashed" }, data: pad.concat(f.mean) }
      ]
    });
  }
  var names = {};
  data.communes.data.forEach(function (c) { names[String(c.id)] = c.name; });
  fetch(config.shapes, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (geo) {
    echarts.registerMap("lamdong", geo);
    var map = make("communes", {
      tooltip: { formatter: function (p) { return (names[p.name] || p.name) + ": " + (isNaN(p.value) ? 0 : p.value); } },
      visualMap: { min: 0, max: Math.max(1, data.communes.max), left: 0, bottom: 0, text: ["Nhiều", "Ít"], calculable: true,
        inRange: { color: ["#f1f5fb", "#9ec1e6", "#1f5fa8", "#0b2e59"] } },
      series: [{ type: "map", map: "lamdong", nameProperty: "id", roam: true, selectedMode: false,
        emphasis: { label: { show: false } },
        data: data.communes.data.map(function (c) { return { name: String(c.id), value: c.value }; }) }]
    });
    map.on("click", function (p) { window.location.search = query({ area: p.name }); });
    document.getElementById("chart-communes").dataset.ready = "1";
  });
  document.querySelectorAll("[data-png]").forEach(function (button) {
    button.addEventListener("click", function () {
      var chart = charts[button.dataset.png];
      if (!chart) return;
      var a = document.createElement("a");
      a.href = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
      a.download = "tong-quan-" + button.dataset.png + ".png";
      document.body.appendChild(a);
      a.click();
      a.remove();
    });
  });
})();
