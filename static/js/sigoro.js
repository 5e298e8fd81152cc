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

  // A form that failed: bring its first error into view and put the cursor in the field,
  // so a phone does not show the top of a long page while the error sits far below. The
  // first field marked invalid wins; else the first error message of a form (or a summary
  // marked data-error-summary, for an action form that is gone).
  var firstError = function () {
    return document.querySelector("form .is-invalid") ||
      document.querySelector("form .alert-danger, form .invalid-feedback, [data-error-summary]");
  };
  var showError = function (error) {
    var details = error.closest("details");
    if (details) { details.open = true; }
    var isField = error.matches("input, select, textarea");
    var form = error.closest("form");
    var box = (isField && error.closest("fieldset, .mb-3")) || error;
    if (isField) {
      error.focus({ preventScroll: true });
    } else if (!(form && form.querySelector("[autofocus]"))) {
      error.setAttribute("tabindex", "-1");
      error.focus({ preventScroll: true });
    }
    var scroll = function () {
      var tall = box.getBoundingClientRect().height > window.innerHeight / 2;
      box.scrollIntoView({ block: tall ? "start" : "center" });
    };
    scroll();
    // Again once styles, fonts and images have settled, unless the person moved on.
    window.addEventListener("load", function () {
      if (document.activeElement === error || !isField) { scroll(); }
    });
  };
  var error = firstError();
  if (error) { showError(error); }

  // A table wider than the phone (or taller than its box) scrolls inside its box: make
  // that box reachable by keyboard (WCAG 2.1.1), named after the page, only where it
  // really scrolls.
  var markScrollingTables = function () {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) {
          var title = document.querySelector("h1");
          box.setAttribute("aria-label", title ? title.textContent.trim() : document.title);
        }
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  };
  markScrollingTables();
  window.addEventListener("resize", markScrollingTables);

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

  // Installable web app: the service worker (served at the site root) keeps the RT head's
  // pages for use with no signal. Pages it kept for a user are forgotten at sign-out, and
  // on any page seen signed out (a session that ended by itself).
  var PAGES_CACHE = "sigoro-pages";  // sigoro.offline.PAGES_CACHE
  var forgetPages = function () {
    return window.caches ? window.caches.delete(PAGES_CACHE).catch(function () {}) : Promise.resolve();
  };
  if ("serviceWorker" in navigator && document.body.dataset.swUrl) {
    var firstVisit = !navigator.serviceWorker.controller;
    navigator.serviceWorker.register(document.body.dataset.swUrl, { scope: "/" }).catch(function () {});
    if (firstVisit && document.body.dataset.userId) {
      navigator.serviceWorker.addEventListener("controllerchange", function () {
        navigator.serviceWorker.controller.postMessage({ type: "sigoro-keep-page", url: location.href });
      }, { once: true });
    }
  }
  if (!document.body.dataset.userId) { forgetPages(); }
  document.querySelectorAll("form[data-logout-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared) { return; }
      event.preventDefault();
      forgetPages().then(function () {
        form.dataset.cleared = "1";
        form.submit();
      });
    });
  });
  // Area selects (issue 14): an RW/RT select marked data-area-from names the kelurahan
  // select of its form; choosing a kelurahan fills it with that kelurahan's options from
  // data-area-url (JSON {"complete", "rw", "rt"}), so no page reload is needed. Without
  // this script the form still works in two steps: the next page lists the RT.
  document.querySelectorAll("select[data-area-from]").forEach(function (select) {
    var source = select.form && select.form.elements.namedItem(select.dataset.areaFrom);
    if (!source || source.tagName !== "SELECT") { return; }
    source.addEventListener("change", function () {
      var url = new URL(select.dataset.areaUrl, location.href);
      if (source.value) { url.searchParams.set("kelurahan", source.value); }
      var asked = source.value;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || source.value !== asked) { return; }
          var first = document.createElement("option");
          first.value = "";
          first.textContent = (data.complete || asked) ? select.dataset.emptyLabel : select.dataset.hintLabel;
          var options = [first];
          (data[select.dataset.areaKind] || []).forEach(function (pair) {
            var option = document.createElement("option");
            option.value = String(pair[0]);
            option.textContent = pair[1];
            options.push(option);
          });
          select.replaceChildren.apply(select, options);
          select.value = "";
        })
        .catch(function () {});
    });
  });
})();
