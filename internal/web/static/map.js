// Draws the maps of a page with Leaflet, from the table of each map's
// points (the table stays: it is the map for those who cannot see it).
// The page includes this file only when the binary has Leaflet; the tile
// server and its attribution come from the server's configuration. Markers
// are drawn with CSS, numbered with their count of reports, and clustered
// with Leaflet.markercluster where they crowd.
(function () {
  'use strict';
  if (!window.L) return;
  var maps = document.querySelectorAll('[data-map]');
  Array.prototype.forEach.call(maps, function (el) {
    var table = document.getElementById(el.dataset.map);
    if (!table) return;
    var rows = table.querySelectorAll('tbody tr[data-lat]');
    if (rows.length === 0) return;
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false, zoomControl: false, maxZoom: 18 });
    L.control.zoom({ zoomInTitle: el.dataset.zoomIn, zoomOutTitle: el.dataset.zoomOut }).addTo(map);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, {
        maxZoom: 18,
        attribution: el.dataset.attribution,
        // The page sends no referrer to other sites; tile servers such as
        // OpenStreetMap's ask to be told which site uses them.
        referrerPolicy: 'strict-origin',
      }).addTo(map);
    } else {
      el.classList.add('no-tiles');
    }
    var named = function (n) {
      return n === 1 ? el.dataset.report : el.dataset.reports.replace('%d', String(n));
    };
    var size = function (n) { return n >= 20 ? 44 : n >= 5 ? 36 : 28; };
    var group = L.markerClusterGroup ? L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      iconCreateFunction: function (cluster) {
        var n = 0;
        cluster.getAllChildMarkers().forEach(function (m) { n += m.options.count; });
        var s = size(n) + 8;
        return L.divIcon({
          className: 'map-cluster',
          html: '<span aria-hidden="true">' + n + '</span><span class="visually-hidden">' + named(n) + '</span>',
          iconSize: [s, s],
        });
      },
    }) : L.featureGroup();
    var bounds = [];
    Array.prototype.forEach.call(rows, function (row) {
      var lat = parseFloat(row.dataset.lat);
      var lon = parseFloat(row.dataset.lon);
      var count = parseInt(row.dataset.count, 10) || 1;
      if (!isFinite(lat) || !isFinite(lon)) return;
      var s = size(count);
      var marker = L.marker([lat, lon], {
        count: count,
        title: row.dataset.label + ': ' + named(count),
        icon: L.divIcon({ className: 'map-marker', html: '<span aria-hidden="true">' + count + '</span>', iconSize: [s, s] }),
      });
      var popup = document.createElement('div');
      var name = document.createElement(row.dataset.href ? 'a' : 'strong');
      name.textContent = row.dataset.label;
      if (row.dataset.href) name.href = row.dataset.href;
      popup.appendChild(name);
      popup.appendChild(document.createTextNode(' – ' + named(count)));
      marker.bindPopup(popup);
      group.addLayer(marker);
      bounds.push([lat, lon]);
    });
    group.addTo(map);
    if (bounds.length === 1) {
      map.setView(bounds[0], 14);
    } else {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
    }
  });
}());
