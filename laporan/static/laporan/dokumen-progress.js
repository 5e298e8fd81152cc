// Refresh documents "being made": poll each one's progress and reload the page as soon as
// one of them is done or failed, so its download link or "Coba lagi" button shows at once
// even while another document is still being made (the archive and the document page load
// this file; after the reload the others are polled again).
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-progress-url]"));
  if (!rows.length) return;
  function poll(row) {
    fetch(row.getAttribute("data-progress-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { setTimeout(function () { poll(row); }, 5000); return; }
        var bar = row.querySelector("[data-role=bar]");
        if (bar) { bar.value = data.progres; bar.textContent = data.progres + "%"; }
        if (data.selesai) {
          window.location.reload();
        } else {
          setTimeout(function () { poll(row); }, 2000);
        }
      })
      .catch(function () { setTimeout(function () { poll(row); }, 5000); });
  }
  rows.forEach(poll);
})();
