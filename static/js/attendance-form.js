/* The RT head's attendance form, one step per screen: counts -> stakeholders present ->
   photos -> check and send, with a step indicator and big Back/Next buttons. Without this
   file the whole form is one page and works the same. The sending goes through outbox.js. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-stepper]");
  if (!form) { return; }
  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  var progress = form.querySelector("[data-stepper-progress]");
  var buttons = form.querySelector("[data-stepper-buttons]");
  var back = form.querySelector("[data-stepper-back]");
  var next = form.querySelector("[data-stepper-next]");
  var summary = form.querySelector("[data-stepper-summary]");
  var bar = form.querySelector("[data-stepper-bar]");
  var current = 0;
  steps.forEach(function () { bar.appendChild(document.createElement("span")); });

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, name) { return values[name]; });
  }
  function labelOf(input) {
    var label = input.id && form.querySelector("label[for='" + input.id + "']");
    return label ? label.textContent.trim() : input.name;
  }
  // Photos chosen: still in the file input, or taken over by the staged upload
  // (photo-upload.js: sent ahead, or kept on the phone with no signal).
  function photoCount() {
    var input = form.querySelector("input[type=file]");
    var staged = form.querySelectorAll("[data-testid=staged-upload]:not([data-state=failed])");
    return (input ? input.files.length : 0) + staged.length;
  }

  function buildSummary() {
    summary.textContent = "";
    var add = function (term, value, wide) {
      var dt = document.createElement("dt");
      dt.textContent = term;
      var dd = document.createElement("dd");
      dd.textContent = value;
      if (wide) { dt.className = dd.className = "wide"; }
      summary.appendChild(dt);
      summary.appendChild(dd);
    };
    form.querySelectorAll("input[name^=hadir_]").forEach(function (input) {
      add(labelOf(input), input.value || "0");
    });
    var chosen = Array.prototype.map.call(
      form.querySelectorAll("input[name=stakeholders]:checked"), labelOf);
    add(form.dataset.textStakeholders, chosen.length ? chosen.join(", ") : form.dataset.textNone, chosen.length > 0);
    add(fill(form.dataset.textPhotos, { n: "" }).replace(/[:\s]+$/, ""), String(photoCount()));
    summary.hidden = false;
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, i) { step.hidden = i !== current; });
    progress.textContent = fill(form.dataset.textStep, {
      n: current + 1, total: steps.length, title: steps[current].dataset.stepTitle
    });
    progress.dataset.step = String(current + 1);
    Array.prototype.forEach.call(bar.children, function (segment, i) {
      segment.className = i <= current ? "done" : "";
    });
    back.hidden = current === 0;
    next.hidden = current === steps.length - 1;
    if (current === steps.length - 1) { buildSummary(); }
    if (focus) {
      progress.focus({ preventScroll: true });
      form.scrollIntoView({ block: "start" });
    }
  }

  progress.hidden = false;
  bar.hidden = false;
  progress.setAttribute("tabindex", "-1");
  buttons.hidden = false;
  back.addEventListener("click", function () { show(current - 1, true); });
  next.addEventListener("click", function () { show(current + 1, true); });
  // Enter in a field goes to the next step, not straight to sending half a form.
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("input:not([type=submit])") &&
        current < steps.length - 1) {
      event.preventDefault();
      show(current + 1, true);
    }
  });

  // Photos chosen: say how many.
  var photoInput = form.querySelector("input[type=file]");
  var photoLine = form.querySelector("[data-photo-count]");
  if (photoInput && photoLine) {
    photoInput.addEventListener("change", function () {
      // The staged upload lists each photo itself.
      var listed = form.querySelector("[data-testid=staged-uploads]");
      photoLine.textContent = photoCount() && !listed ? fill(form.dataset.textPhotos, { n: photoCount() }) : "";
    });
  }

  // A long stakeholder list: checked ones first, and a filter box.
  var checklist = form.querySelector("[data-checklist]");
  var filter = form.querySelector("[data-checklist-filter]");
  if (checklist) {
    var items = Array.prototype.slice.call(checklist.querySelectorAll(".form-check"));
    var first = items[0];
    items.filter(function (item) { return item.querySelector("input:checked"); })
      .forEach(function (item) { first.parentNode.insertBefore(item, first); });
    if (filter && items.length > 5) {
      var wrapper = filter.closest("[data-checklist-filter-wrapper]");
      var title = checklist.querySelector("legend, .form-label");
      if (title) { title.after(wrapper); }
      wrapper.hidden = false;
      filter.addEventListener("input", function () {
        var wanted = filter.value.trim().toLowerCase();
        items.forEach(function (item) {
          var text = item.textContent.toLowerCase();
          item.hidden = wanted !== "" && text.indexOf(wanted) < 0 && !item.querySelector("input:checked");
        });
      });
    }
  }

  // Start on the step with the server's first error, else the first.
  var start = 0;
  var invalid = form.querySelector(".is-invalid, .invalid-feedback");
  if (invalid) {
    steps.forEach(function (step, i) { if (start === 0 && step.contains(invalid)) { start = i; } });
  }
  show(start, false);
  form.addEventListener("sigoro:outbox-filled", function () { show(0, false); });
  // Kept on the phone: the form is done (sending it again would only replace it); the
  // notice and the waiting state say what happens next.
  form.addEventListener("sigoro:outbox-kept", function () {
    if (photoLine) { photoLine.textContent = ""; }
    steps.forEach(function (step) { step.hidden = true; });
    progress.hidden = true;
    bar.hidden = true;
    buttons.hidden = true;
  });
})();
