/* The problems map, loaded by viewport: the script asks the server for the problems inside
   the visible box (bbox) at the current zoom, after each move (debounced). The server answers
   single problems when few and grid clusters with counts when many; a cluster zooms in when
   selected. Single problems are circle markers coloured by status with a popup. */
(function () {
  "use strict";
  var box = document.getElementById("peta");
  if (!box || !window.L) { return; }
  var L = window.L;
  var COLOURS = {
    dilaporkan: "#6c757d", diverifikasi: "#0dcaf0", direncanakan: "#0d6efd",
    ditangani: "#fd7e14", selesai: "#198754"
  };
  var DEBOUNCE_MS = 250;
  var map = L.map(box).setView(
    [parseFloat(box.dataset.centerLat), parseFloat(box.dataset.centerLon)], 14);
  L.tileLayer(box.dataset.tileUrl, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
  var layer = L.layerGroup().addTo(map);
  var count = document.querySelector("[data-map-count]");
  var kategori = new URLSearchParams(window.location.search).get("kategori");
  var sequence = 0;
  var controller = null;
  var timer = null;

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function round(value) { return Math.round(value * 1e5) / 1e5; }

  function dataUrl(withBounds) {
    var params = new URLSearchParams();
    if (kategori) { params.set("kategori", kategori); }
    if (withBounds) {
      params.set("zoom", String(map.getZoom()));
      var b = map.getBounds();
      params.set("bbox", [
        round(Math.max(b.getWest(), -180)), round(Math.max(b.getSouth(), -90)),
        round(Math.min(b.getEast(), 180)), round(Math.min(b.getNorth(), 90))
      ].join(","));
    }
    return box.dataset.url + "?" + params.toString();
  }

  function problemMarker(feature) {
    var p = feature.properties;
    var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
    var marker = L.circleMarker(latlng, {
      radius: 9, weight: 2, color: "#fff", fillColor: COLOURS[p.status] || "#6c757d", fillOpacity: 0.9
    });
    marker.bindPopup(
      "<strong><a href='" + escape(p.url) + "'>" + escape(p.kode) + "</a></strong><br>" +
      escape(p.kategori) + "<br>" + escape(p.status_label) + "<br>" +
      "<small>" + escape(p.lokasi) + "<br>" + escape(p.alamat) + "</small>");
    marker.on("dblclick", function () { window.location.href = p.url; });
    return marker;
  }

  function clusterMarker(feature) {
    var n = feature.properties.count;
    var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
    var size = Math.round(Math.min(56, 26 + 6 * Math.log10(n)));
    var marker = L.marker(latlng, {
      title: n + " " + box.dataset.clusterLabel,
      icon: L.divIcon({
        className: "map-cluster", iconSize: [size, size],
        html: "<span data-cluster-count>" + escape(n) + "</span>"
      })
    });
    marker.on("click", function () {
      map.setView(latlng, Math.min(map.getZoom() + 2, 18));
    });
    return marker;
  }

  function show(data, fit) {
    layer.clearLayers();
    var points = [];
    data.features.forEach(function (feature) {
      var marker = feature.properties.cluster ? clusterMarker(feature) : problemMarker(feature);
      layer.addLayer(marker);
      points.push([feature.geometry.coordinates[1], feature.geometry.coordinates[0]]);
    });
    if (count) {
      count.textContent = count.dataset.label + " " + data.total +
        (data.clustered ? ". " + count.dataset.clusteredLabel : "");
    }
    box.dataset.loaded = "1";
    if (fit && points.length) { map.fitBounds(points, { padding: [30, 30], maxZoom: 16 }); }
  }

  function load(withBounds, fit) {
    var mine = ++sequence;
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    fetch(dataUrl(withBounds), {
      credentials: "same-origin", signal: controller ? controller.signal : undefined
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && mine === sequence) { show(data, fit); }
      })
      .catch(function () { /* aborted by a newer move, or offline: keep what is shown */ });
  }

  // First the whole area (to fit the map to it), then whatever the user moves to.
  load(false, true);
  map.on("moveend", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { load(true, false); }, DEBOUNCE_MS);
  });
})();
