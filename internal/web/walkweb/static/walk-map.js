// The safety walks' maps, with Leaflet (vendored; the page includes this
// file only when the binary has it). Every map is an element with
// data-walk-map, hidden until this script draws it, and carries the tile
// server of the server's configuration (data-tiles, data-attribution), the
// walk's route (data-route, a GeoJSON LineString), its points (data-points,
// [[lat, lon, label, link]]) and named places ([[lat, lon, name]] by
// municipality code, data-places) to centre a map with neither.
//
//   view:  the walk's page and the residents' page: the route as a line
//          and the points as numbered markers (the page's table of points
//          stays, the same for those who cannot see the map).
//   point: the point form: a tap sets the point (the latitude and
//          longitude fields, which stay and work without this), the marker
//          can be dragged, and "use my position" (locate.js) or typed
//          coordinates move it.
//   route: the walk form: the coordinator taps the route's positions in
//          order; "undo" and "clear" are buttons, and "add the centre"
//          adds the position under the cross in the middle, for those who
//          move the map with the keyboard. The route is written as a
//          GeoJSON LineString into the form's field "route".
(function () {
  'use strict';
  if (!window.L) return;

  const SWEDEN = [62.5, 16.0];
  const comma = document.documentElement.lang === 'sv';
  const fmt = (v) => {
    const s = v.toFixed(5);
    return comma ? s.replace('.', ',') : s;
  };
  const read = (s) => {
    const v = parseFloat(String(s || '').trim().replace(',', '.'));
    return Number.isFinite(v) ? v : null;
  };
  const json = (s, empty) => {
    try {
      const v = JSON.parse(s || '');
      return v == null ? empty : v;
    } catch (err) {
      return empty;
    }
  };
  // routeOf reads a GeoJSON LineString as [[lat, lon], ...].
  const routeOf = (s) => {
    const line = json(s, null);
    if (!line || line.type !== 'LineString' || !Array.isArray(line.coordinates)) return [];
    return line.coordinates.filter((c) => Array.isArray(c) && Number.isFinite(c[0]) && Number.isFinite(c[1]))
      .map((c) => [c[1], c[0]]);
  };
  const round = (v) => Math.round(v * 1e6) / 1e6;
  const km = (line) => {
    let m = 0;
    for (let i = 1; i < line.length; i++) m += L.latLng(line[i - 1]).distanceTo(L.latLng(line[i]));
    const s = (m / 1000).toFixed(1);
    return comma ? s.replace('.', ',') : s;
  };
  const numbered = (n) => L.divIcon({
    className: 'map-marker walk-marker',
    html: `<span aria-hidden="true">${n}</span>`,
    iconSize: [28, 28],
  });

  function base(el) {
    el.hidden = false;
    const box = el.closest('[data-walk-map-box]');
    if (box) box.hidden = false;
    const map = L.map(el, { scrollWheelZoom: false, zoomControl: false, maxZoom: 19 });
    L.control.zoom({ zoomInTitle: el.dataset.zoomIn, zoomOutTitle: el.dataset.zoomOut }).addTo(map);
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, {
        maxZoom: 19,
        attribution: el.dataset.attribution,
        referrerPolicy: 'strict-origin',
      }).addTo(map);
    } else {
      el.classList.add('no-tiles');
    }
    return map;
  }

  // centre shows the bounds of what is drawn, else the named places of
  // the municipality, else Sweden.
  function centre(map, latlngs, places) {
    const all = latlngs.length ? latlngs : (places || []).map((p) => [p[0], p[1]]);
    if (all.length === 1) {
      map.setView(all[0], 16);
    } else if (all.length > 1) {
      map.fitBounds(all, { padding: [30, 30], maxZoom: 16 });
    } else {
      map.setView(SWEDEN, 5);
    }
  }

  function drawRoute(map, line) {
    return L.polyline(line, { className: 'walk-route', color: '#1d4ed8', weight: 5, opacity: 0.85, interactive: false }).addTo(map);
  }

  function drawPoints(map, points, links) {
    points.forEach((p, i) => {
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return;
      const m = L.marker([p[0], p[1]], { title: p[2], icon: numbered(i + 1), keyboard: links }).addTo(map);
      if (links) {
        const popup = document.createElement(p[3] ? 'a' : 'strong');
        popup.textContent = p[2];
        if (p[3]) popup.href = p[3];
        m.bindPopup(popup);
      }
    });
  }

  const pointsOf = (el) => json(el.dataset.points, []).filter((p) => Array.isArray(p));

  function view(el) {
    const line = routeOf(el.dataset.route);
    const points = pointsOf(el);
    if (line.length === 0 && points.length === 0) return;
    const map = base(el);
    if (line.length) drawRoute(map, line);
    drawPoints(map, points, true);
    centre(map, line.concat(points.map((p) => [p[0], p[1]])), []);
  }

  function point(el) {
    const lat = document.getElementById('f-lat');
    const lon = document.getElementById('f-lon');
    const place = document.getElementById('f-place');
    if (!lat || !lon) return;
    const line = routeOf(el.dataset.route);
    const points = pointsOf(el);
    const places = Object.values(json(el.dataset.places, {})).flat();
    const map = base(el);
    if (line.length) drawRoute(map, line);
    drawPoints(map, points, false);
    centre(map, line.concat(points.map((p) => [p[0], p[1]])), places);

    let marker = null;
    const fill = (ll) => {
      lat.value = fmt(ll.lat);
      lon.value = fmt(ll.lng);
      if (place) place.value = '';
      for (const f of [lat, lon]) f.removeAttribute('aria-invalid');
    };
    const put = (ll) => {
      if (marker) {
        marker.setLatLng(ll);
        return;
      }
      marker = L.marker(ll, {
        draggable: true,
        autoPan: true,
        title: el.dataset.marker,
        icon: L.divIcon({ className: 'walk-pin', html: '<span aria-hidden="true"></span>', iconSize: [30, 30], iconAnchor: [15, 30] }),
      }).addTo(map);
      marker.on('dragend', () => fill(marker.getLatLng()));
    };
    map.on('click', (ev) => {
      put(ev.latlng);
      fill(ev.latlng);
    });
    // Typed coordinates, "use my position" (locate.js sends a change) and
    // a named place move the marker.
    const typed = () => {
      const a = read(lat.value);
      const b = read(lon.value);
      if (a === null || b === null || Math.abs(a) > 90 || Math.abs(b) > 180) return false;
      put([a, b]);
      map.setView([a, b], Math.max(map.getZoom(), 16));
      return true;
    };
    lat.addEventListener('change', typed);
    lon.addEventListener('change', typed);
    // The offline queue empties the form for the next point.
    if (lat.form) {
      lat.form.addEventListener('reset', () => {
        if (marker) marker.remove();
        marker = null;
      });
    }
    if (place) {
      place.addEventListener('change', () => {
        const p = places.find((x) => x[2] === place.value);
        if (p && read(lat.value) === null && read(lon.value) === null) {
          put([p[0], p[1]]);
          map.setView([p[0], p[1]], Math.max(map.getZoom(), 16));
        }
      });
    }
    typed();
  }

  function route(el) {
    const field = document.getElementById('f-route-value');
    const box = el.closest('[data-route-field]');
    if (!field || !box) return;
    box.hidden = false;
    const status = document.getElementById('route-status');
    const undo = document.getElementById('route-undo');
    const clear = document.getElementById('route-clear');
    const add = document.getElementById('route-add-centre');
    const municipality = document.querySelector('[name="municipality_code"]');
    const places = json(el.dataset.places, {});
    const placesOf = () => (municipality && places[municipality.value]) || Object.values(places).flat();
    let line = routeOf(field.value);
    const map = base(el);
    el.classList.add('drawing');
    const drawn = drawRoute(map, line);
    const dots = L.layerGroup().addTo(map);
    centre(map, line, placesOf());

    const say = () => {
      if (line.length === 0) return box.dataset.empty;
      if (line.length === 1) return box.dataset.single;
      return box.dataset.many.replace('%d', String(line.length)).replace('%s', km(line));
    };
    const update = (announce) => {
      drawn.setLatLngs(line);
      dots.clearLayers();
      line.forEach((ll, i) => {
        L.circleMarker(ll, { radius: i === 0 ? 7 : 5, className: i === 0 ? 'walk-route-start' : 'walk-route-dot', weight: 2,
          color: '#1d4ed8', fillColor: '#fff', fillOpacity: 1, interactive: false }).addTo(dots);
      });
      field.value = line.length >= 2
        ? JSON.stringify({ type: 'LineString', coordinates: line.map((ll) => [round(ll[1]), round(ll[0])]) })
        : '';
      undo.disabled = line.length === 0;
      clear.disabled = line.length === 0;
      const text = say();
      if (announce || status.textContent) status.textContent = text;
      el.dataset.positions = String(line.length);
    };
    const push = (ll) => {
      line.push([ll.lat, ll.lng]);
      update(true);
    };
    map.on('click', (ev) => push(ev.latlng));
    add.addEventListener('click', () => push(map.getCenter()));
    undo.addEventListener('click', () => {
      line.pop();
      update(true);
    });
    clear.addEventListener('click', () => {
      line = [];
      update(true);
    });
    if (municipality && municipality.tagName === 'SELECT') {
      municipality.addEventListener('change', () => {
        if (line.length === 0) centre(map, [], placesOf());
      });
    }
    update(false);
    status.textContent = say();
  }

  const modes = { view, point, route };
  Array.prototype.forEach.call(document.querySelectorAll('[data-walk-map]'), (el) => {
    const draw = modes[el.dataset.walkMap];
    if (draw) draw(el);
  });
}());
