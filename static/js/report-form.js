/* Problem report form: RT by kelurahan, a map point, photo names, similar problems.
   The form works without this file (one RT list, no map). */
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]") || document.querySelector("form[enctype]");
  if (!form) { return; }

  // 1. Narrow the RT list by kelurahan (the optgroups are "Kelurahan · RW 001").
  var rtSelect = form.querySelector("select[name=rt]");
  var filter = form.querySelector("[data-kelurahan-filter]");
  if (rtSelect && filter) {
    var names = [];
    rtSelect.querySelectorAll("optgroup").forEach(function (group) {
      var name = group.label.split(" · ")[0];
      if (names.indexOf(name) < 0) { names.push(name); }
    });
    if (names.length > 1) {
      names.forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        option.textContent = name;
        filter.appendChild(option);
      });
      var selected = rtSelect.selectedOptions[0];
      if (selected && selected.parentElement.tagName === "OPTGROUP") {
        filter.value = selected.parentElement.label.split(" · ")[0];
      }
      var apply = function () {
        rtSelect.querySelectorAll("optgroup").forEach(function (group) {
          var show = !filter.value || group.label.split(" · ")[0] === filter.value;
          group.hidden = !show;
          group.disabled = !show;
        });
      };
      filter.addEventListener("change", function () {
        apply();
        var current = rtSelect.selectedOptions[0];
        if (current && current.parentElement.disabled) { rtSelect.value = ""; }
      });
      apply();
      filter.closest("[data-kelurahan-filter-wrapper]").hidden = false;
    }
  }

  // 2. A map point: tap the map, or use the phone's location.
  var mapBox = form.querySelector(".map-picker");
  var latInput = mapBox && document.getElementById(mapBox.dataset.latInput);
  var lonInput = mapBox && document.getElementById(mapBox.dataset.lonInput);
  var pointLabel = form.querySelector("[data-point-label]");
  var marker = null;
  var map = null;
  function setPoint(lat, lon, pan) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    if (map) {
      if (marker) { marker.setLatLng([lat, lon]); } else { marker = window.L.marker([lat, lon]).addTo(map); }
      if (pan) { map.setView([lat, lon], 17); }
    }
    if (pointLabel) { pointLabel.textContent = lat.toFixed(5) + ", " + lon.toFixed(5); }
    showSimilar();
  }
  if (mapBox && window.L && latInput && lonInput) {
    var center = [parseFloat(mapBox.dataset.centerLat), parseFloat(mapBox.dataset.centerLon)];
    map = window.L.map(mapBox, { scrollWheelZoom: false }).setView(center, 14);
    window.L.tileLayer(mapBox.dataset.tileUrl, { maxZoom: 19, attribution: mapBox.dataset.attribution }).addTo(map);
    map.on("click", function (event) { setPoint(event.latlng.lat, event.latlng.lng, false); });
    if (latInput.value && lonInput.value) {
      setPoint(parseFloat(latInput.value), parseFloat(lonInput.value), true);
    }
    var locate = form.querySelector("[data-use-location]");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          setPoint(position.coords.latitude, position.coords.longitude, true);
        }, function () { locate.disabled = true; }, { enableHighAccuracy: true, timeout: 15000 });
      });
    }
  } else if (mapBox) {
    mapBox.hidden = true;
  }

  // 3. Show which photos were chosen.
  var names = form.querySelector("[data-photo-names]");
  form.querySelectorAll("input[type=file]").forEach(function (input) {
    input.addEventListener("change", function () {
      var chosen = [];
      form.querySelectorAll("input[type=file]").forEach(function (i) {
        Array.prototype.forEach.call(i.files, function (f) { chosen.push(f.name); });
      });
      if (names && chosen.length) { names.textContent = "✓ " + chosen.join(", "); }
    });
  });

  // 4. Similar open problems nearby: "I saw this too" instead of a new report.
  var similarBox = document.getElementById("serupa");
  var kategori = form.querySelector("select[name=kategori]");
  var timer = null;
  function showSimilar() {
    if (!similarBox || !form.dataset.similarUrl || !kategori || !kategori.value) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      var params = new URLSearchParams({
        kategori: kategori.value,
        rt: rtSelect ? rtSelect.value : "",
        lat: latInput ? latInput.value : "",
        lon: lonInput ? lonInput.value : ""
      });
      fetch(form.dataset.similarUrl + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { similarBox.innerHTML = html; })
        .catch(function () { /* offline: the report still works */ });
    }, 300);
  }
  if (kategori) { kategori.addEventListener("change", showSimilar); }
  if (rtSelect) { rtSelect.addEventListener("change", showSimilar); }
})();
