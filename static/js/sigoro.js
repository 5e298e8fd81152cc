/* SIGORO: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // One click, one record: disable a form's submit buttons once it is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    form.querySelectorAll("[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
      button.classList.add("disabled");
    });
  });

  // Coming back with the browser's Back button: the form may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("[type=submit]").forEach(function (button) {
        button.removeAttribute("aria-disabled");
        button.classList.remove("disabled");
      });
    });
  });

  // Account form: show only the area field the chosen role needs.
  var ROLE_AREA = {
    admin_kecamatan: "kecamatan", camat: "kecamatan", stakeholder: "kecamatan",
    lurah: "kelurahan", ketua_rw: "rw", ketua_rt: "rt"
  };
  var roleSelect = document.querySelector("[data-role-select]");
  if (roleSelect) {
    var showArea = function () {
      var wanted = ROLE_AREA[roleSelect.value];
      document.querySelectorAll("[data-area-level]").forEach(function (select) {
        var wrapper = select.closest(".mb-3");
        var show = !wanted || select.dataset.areaLevel === wanted;
        if (wrapper) { wrapper.hidden = !show; }
      });
    };
    roleSelect.addEventListener("change", showArea);
    showArea();
  }
})();
