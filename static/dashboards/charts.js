// Draws each dashboard chart from the JSON beside it (DashboardTable.chart_data). The colours
// differ in luminance and every series also differs in marker and line pattern, so the charts
// read in greyscale and in print; the table under each chart gives the same figures.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var FILLS = ["#17324d", "#7a9cc6", "#d4dde8", "#4d4d4d", "#a6a6a6"];
  var MARKERS = ["circle", "rect", "triangle", "rectRot", "star"];
  var DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 1]];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var horizontal = spec.type === "horizontalBar";
    var type = horizontal ? "bar" : spec.type;
    var datasets = spec.datasets.map(function (set, n) {
      var style = {
        label: set.label, data: set.data, borderColor: "#000", borderWidth: 1,
        backgroundColor: type === "doughnut" ? set.data.map(function (_v, i) { return FILLS[i % FILLS.length]; })
                                             : FILLS[n % FILLS.length],
      };
      if (type === "line") {
        style.borderColor = FILLS[n % FILLS.length];
        style.borderWidth = 2;
        style.borderDash = DASHES[n % DASHES.length];
        style.pointStyle = MARKERS[n % MARKERS.length];
        style.pointRadius = 5;
        style.spanGaps = true;
      }
      return style;
    });
    // Counts of persons: the value axis shows whole numbers only ("4", never "3,5").
    const counts = datasets.every((d) => d.data.every((v) => v === null || Number.isInteger(v)));
    const valueAxis = horizontal ? "x" : "y";
    const scales = type === "doughnut" || !counts ? {} : {[valueAxis]: {beginAtZero: true, ticks: {precision: 0}}};
    new Chart(canvas, {
      type: type,
      data: {labels: spec.labels, datasets: datasets},
      options: {
        indexAxis: horizontal ? "y" : "x", responsive: true, maintainAspectRatio: false, animation: false,
        locale: document.documentElement.lang || "id", scales: scales,
        plugins: {legend: {display: datasets.length > 1 || type === "doughnut", labels: {usePointStyle: type === "line"}}},
      },
    });
  });
})();
