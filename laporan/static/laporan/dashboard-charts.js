// The dashboard's trend charts (Chart.js 4, vendored). The numbers come from the
// json_script "dashboard-chart-data"; each chart has the same figures in a table under it,
// so the canvases are hidden from screen readers.
(function () {
  "use strict";
  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
  var source = document.getElementById("dashboard-chart-data");
  if (!source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var green = "#198754", grey = "#6c757d", blue = "#0d6efd", orange = "#fd7e14";
  var common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { position: "bottom" } },
    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
  };

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { return new window.Chart(canvas, config); }
    return null;
  }

  draw("chart-events", {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.events.labels[0], data: data.events.held, backgroundColor: green, stack: "events" },
        { label: data.events.labels[1], data: data.events.not_held, backgroundColor: grey, stack: "events" },
        {
          label: data.participants.label, data: data.participants.values, type: "line",
          borderColor: blue, backgroundColor: blue, yAxisID: "people"
        }
      ]
    },
    options: Object.assign({}, common, {
      scales: {
        y: { beginAtZero: true, stacked: true, ticks: { precision: 0 } },
        x: { stacked: true },
        people: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } }
      }
    })
  });

  draw("chart-problems", {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.problems.labels[0], data: data.problems.reported, borderColor: orange, backgroundColor: orange },
        { label: data.problems.labels[1], data: data.problems.resolved, borderColor: green, backgroundColor: green },
        {
          label: data.waste.label, data: data.waste.values, type: "bar",
          backgroundColor: "rgba(13, 110, 253, 0.25)", yAxisID: "kg"
        }
      ]
    },
    options: Object.assign({}, common, {
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 } },
        kg: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } }
      }
    })
  });
})();
