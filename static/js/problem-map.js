/* The problems map: clustered circle markers coloured by status, a popup per problem. */
(function () {
  "use strict";
  var box = document.getElementById("peta");
  if (!box || !window.L) { return; }
  var COLOURS = {
    dilaporkan: "#6c757d", diverifikasi: "#0dcaf0", direncanakan: "#0d6efd",
    ditangani: "#fd7e14", selesai: "#198754"
  };
  var map = window.L.map(box).setView(
    [parseFloat(box.dataset.centerLat), parseFloat(box.dataset.centerLon)], 14);
  window.L.tileLayer(box.dataset.tileUrl, { maxZoom: 19, attribution: box.dataset.attribution }).addTo(map);
  var cluster = window.L.markerClusterGroup({ maxClusterRadius: 40 });
  map.addLayer(cluster);

  function escape(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  var params = new URLSearchParams(window.location.search);
  var url = box.dataset.url + (params.get("kategori") ? "?kategori=" + encodeURIComponent(params.get("kategori")) : "");
  fetch(url, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var bounds = [];
      data.features.forEach(function (feature) {
        var p = feature.properties;
        var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
        var marker = window.L.circleMarker(latlng, {
          radius: 9, weight: 2, color: "#fff", fillColor: COLOURS[p.status] || "#6c757d", fillOpacity: 0.9
        });
        marker.bindPopup(
          "<strong><a href='" + escape(p.url) + "'>" + escape(p.kode) + "</a></strong><br>" +
          escape(p.kategori) + "<br>" + escape(p.status_label) + "<br>" +
          "<small>" + escape(p.lokasi) + "<br>" + escape(p.alamat) + "</small>");
        marker.on("dblclick", function () { window.location.href = p.url; });
        cluster.addLayer(marker);
        bounds.push(latlng);
      });
      if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 }); }
      var count = document.querySelector("[data-map-count]");
      if (count) { count.textContent = count.dataset.label + " " + data.features.length; }
    });
})();
