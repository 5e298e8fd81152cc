/* Stage 3: the schedule form shows "which week of the month" only for a monthly schedule.
   Without this file the field is simply always shown. */
(function () {
  "use strict";
  var form = document.querySelector("[data-series-form]");
  if (!form) { return; }
  var box = form.querySelector("[data-monthly-only]");
  var update = function () {
    var chosen = form.querySelector("input[name=pola]:checked");
    if (box) { box.hidden = !chosen || chosen.value !== "bulanan"; }
  };
  form.querySelectorAll("input[name=pola]").forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
