// The surveys' maps, drawn with Leaflet (vendored) when the binary has it
// and the browser runs JavaScript; without them the same questions and
// results are lists and tables, which stay on the page for everyone.
//
// 1. A place question of the answer form ([data-survey-pick]): tapping
//    the map, or its button "drop a pin at the map's centre", drops a pin;
//    each pin is listed below the map with its own why and a remove
//    button, and travels as the hidden field "q.<key>.pin" ("lat,lon") and
//    the text "q.<key>.pin_why", in the same order; where the question has
//    follow-up options (the form's fieldset "q.<key>.reason" lists them)
//    each pin gets them as checkboxes "q.<key>.pin_reason" = "<n>:<option>",
//    n the pin's index from 0, renumbered when a pin is removed. Pins the server drew
//    (a form shown again with an error) are put back on the map.
// 2. The results map ([data-survey-results]): the grid cells of the
//    results' table as squares coloured by their count class (the table's
//    data-heat), the named places as count markers and, where the page
//    has them (the municipality's coordinators only), the exact pins,
//    clustered. The data is read from the page's tables, which are the
//    same numbers for those who cannot see the map.
(function () {
  'use strict';
  if (!window.L) return;
  var comma = document.documentElement.lang === 'sv';
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var fill = function (text, n) { return text.replace('%d', String(n)); };

  var baseMap = function (el, ds) {
    var map = L.map(el, { scrollWheelZoom: false, zoomControl: false, maxZoom: 18 });
    L.control.zoom({ zoomInTitle: ds.zoomIn, zoomOutTitle: ds.zoomOut }).addTo(map);
    if (ds.tiles) {
      L.tileLayer(ds.tiles, { maxZoom: 18, attribution: ds.attribution, referrerPolicy: 'strict-origin' }).addTo(map);
    } else {
      el.classList.add('no-tiles');
    }
    return map;
  };

  // view fits the map to its points, with room on the right for the
  // names of the places beside their markers.
  var view = function (map, bounds) {
    if (bounds.length === 0) {
      map.setView([62.5, 16.0], 4); // Sweden
    } else if (bounds.length === 1) {
      map.setView(bounds[0], 14);
    } else {
      map.fitBounds(bounds, { paddingTopLeft: [30, 30], paddingBottomRight: [120, 30], maxZoom: 15 });
    }
  };

  // 1. Pins on the answer form.
  each(document.querySelectorAll('[data-survey-pick]'), function (box) {
    var ds = box.dataset;
    var id = ds.surveyPick;
    var mapEl = document.getElementById(id + '-map');
    var pinsBox = document.getElementById(id + '-pins');
    var list = pinsBox && pinsBox.querySelector('ol');
    var status = box.querySelector('[data-status]');
    if (!mapEl || !list || !status) return;
    box.hidden = false;
    var map = baseMap(mapEl, ds);
    var max = parseInt(ds.max, 10) || 10;
    var places = document.getElementById(id + '-places');
    var next = list.children.length;
    var pins = []; // {li, marker}

    var position = function (ll) {
      var f = function (v) { var s = v.toFixed(5); return comma ? s.replace('.', ',') : s; };
      return f(ll.lat) + ', ' + f(ll.lng);
    };
    var value = function (ll) { return ll.lat.toFixed(5) + ',' + ll.lng.toFixed(5); };
    var icon = function (n) {
      var label = document.createElement('span');
      label.className = 'visually-hidden';
      label.textContent = fill(ds.pin, n);
      return L.divIcon({ className: 'map-marker survey-pin-marker',
        html: '<span aria-hidden="true">' + n + '</span>' + label.outerHTML, iconSize: [30, 30] });
    };
    var renumber = function () {
      pins.forEach(function (p, i) {
        var n = i + 1;
        p.li.querySelector('[data-pin-name]').textContent = fill(ds.pin, n);
        p.li.querySelector('[data-pin-why]').textContent = fill(ds.pinWhy, n);
        p.li.querySelector('[data-remove]').textContent = fill(ds.pinRemove, n);
        var legend = p.li.querySelector('[data-pin-reasons]');
        if (legend) legend.textContent = fill(ds.pinReasons, n);
        each(p.li.querySelectorAll('input[data-reason]'), function (cb) { cb.value = i + ':' + cb.dataset.reason; });
        p.marker.setIcon(icon(n));
      });
      pinsBox.hidden = pins.length === 0;
    };
    var chosen = function () {
      return places ? places.querySelectorAll('input[type=checkbox]:checked').length : 0;
    };
    var attach = function (li, ll) {
      var marker = L.marker(ll, { draggable: true, keyboard: true, title: '', icon: icon(pins.length + 1) }).addTo(map);
      var pin = { li: li, marker: marker };
      pins.push(pin);
      marker.on('dragend', function () {
        var at = marker.getLatLng();
        li.querySelector('input[type=hidden]').value = value(at);
        li.querySelector('[data-pin-position]').textContent = position(at);
      });
      marker.on('click', function () { li.querySelector('textarea').focus(); });
      var remove = li.querySelector('[data-remove]');
      remove.hidden = false;
      remove.addEventListener('click', function () {
        map.removeLayer(marker);
        pins.splice(pins.indexOf(pin), 1);
        li.parentNode.removeChild(li);
        renumber();
        status.textContent = ds.removed;
        var first = list.querySelector('textarea');
        (first || mapEl).focus();
      });
    };
    var add = function (ll) {
      if (pins.length + chosen() >= max) {
        status.textContent = ds.full;
        return;
      }
      next += 1;
      var pid = id + '-pin-new-' + next;
      var li = document.createElement('li');
      li.className = 'survey-pin';
      var hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = ds.name + '.pin';
      hidden.value = value(ll);
      var name = document.createElement('p');
      name.className = 'survey-pin-name';
      var nameText = document.createElement('span');
      nameText.setAttribute('data-pin-name', '');
      var pos = document.createElement('span');
      pos.className = 'meta';
      pos.setAttribute('data-pin-position', '');
      pos.textContent = position(ll);
      name.appendChild(nameText);
      name.appendChild(document.createTextNode(' '));
      name.appendChild(pos);
      var field = document.createElement('div');
      field.className = 'field';
      var label = document.createElement('label');
      label.htmlFor = pid + '-why';
      var labelText = document.createElement('span');
      labelText.setAttribute('data-pin-why', '');
      var optional = document.createElement('span');
      optional.className = 'optional';
      optional.textContent = ds.optional;
      label.appendChild(labelText);
      label.appendChild(document.createTextNode(' '));
      label.appendChild(optional);
      var why = document.createElement('textarea');
      why.id = pid + '-why';
      why.name = ds.name + '.pin_why';
      why.rows = 2;
      field.appendChild(label);
      field.appendChild(why);
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'button secondary survey-pin-remove';
      remove.setAttribute('data-remove', '');
      li.appendChild(hidden);
      li.appendChild(name);
      li.appendChild(field);
      // The question's follow-up options, read from its fieldset.
      var options = document.querySelectorAll('#' + id + '-reason input[type=checkbox]');
      if (options.length) {
        var set = document.createElement('fieldset');
        set.className = 'survey-pin-reasons';
        var legend = document.createElement('legend');
        legend.setAttribute('data-pin-reasons', '');
        set.appendChild(legend);
        var ul = document.createElement('ul');
        ul.className = 'checklist';
        each(options, function (opt, j) {
          var item = document.createElement('li');
          var cb = document.createElement('input');
          cb.type = 'checkbox';
          cb.id = pid + '-reason-' + j;
          cb.name = ds.name + '.pin_reason';
          cb.dataset.reason = opt.value;
          var lab = document.createElement('label');
          lab.htmlFor = cb.id;
          var text = document.querySelector('label[for="' + opt.id + '"]');
          lab.textContent = text ? text.textContent : opt.value;
          item.appendChild(cb);
          item.appendChild(lab);
          ul.appendChild(item);
        });
        set.appendChild(ul);
        li.appendChild(set);
      }
      li.appendChild(remove);
      list.appendChild(li);
      attach(li, ll);
      renumber();
      status.textContent = fill(ds.added, pins.length);
    };

    var bounds = [];
    if (places) {
      // The named places, for orientation: not pins, and not in the way
      // of a tap (the list above is where they are chosen).
      each(places.querySelectorAll('li[data-lat]'), function (li) {
        var lat = parseFloat(li.dataset.lat);
        var lon = parseFloat(li.dataset.lon);
        if (!isFinite(lat) || !isFinite(lon)) return;
        bounds.push([lat, lon]);
        L.marker([lat, lon], { interactive: false, keyboard: false,
          icon: L.divIcon({ className: 'survey-place-dot', iconSize: [12, 12] }) })
          .bindTooltip(li.dataset.label, { permanent: true, direction: 'right', className: 'survey-place-name' })
          .addTo(map);
      });
    }
    each(list.querySelectorAll('li.survey-pin'), function (li) {
      var lat = parseFloat(li.dataset.lat);
      var lon = parseFloat(li.dataset.lon);
      if (!isFinite(lat) || !isFinite(lon)) return; // an unreadable pin stays in the list only
      attach(li, L.latLng(lat, lon));
      bounds.push([lat, lon]);
    });
    renumber();
    view(map, bounds);
    map.on('click', function (e) { add(e.latlng); });
    box.querySelector('[data-centre]').addEventListener('click', function () { add(map.getCenter()); });
  });

  // 2. The results map.
  each(document.querySelectorAll('[data-survey-results]'), function (el) {
    var ds = el.dataset;
    var rows = function (tableID) {
      var t = tableID && document.getElementById(tableID);
      return t ? t.querySelectorAll('tbody tr[data-lat]') : [];
    };
    var grid = rows(ds.grid);
    var named = rows(ds.places);
    var exact = rows(ds.pins);
    if (grid.length + named.length + exact.length === 0) return;
    var box = document.getElementById(ds.box);
    if (box) box.hidden = false;
    var map = baseMap(el, ds);
    var bounds = [];
    var overlays = {};
    var size = parseFloat(ds.cell) || 0.005;
    if (grid.length) {
      var heat = L.featureGroup();
      each(grid, function (row) {
        var lat = parseFloat(row.dataset.lat);
        var lon = parseFloat(row.dataset.lon);
        if (!isFinite(lat) || !isFinite(lon)) return;
        var sq = [[lat, lon], [lat + size, lon + 2 * size]];
        L.rectangle(sq, { className: 'survey-heat survey-heat-' + row.dataset.heat, weight: 1 })
          .bindTooltip(row.dataset.count)
          .addTo(heat);
        bounds.push(sq[0], sq[1]);
      });
      heat.addTo(map);
      overlays[ds.gridLabel] = heat;
    }
    var countIcon = function (n, cls, name) {
      var s = n >= 20 ? 44 : n >= 5 ? 36 : 28;
      var label = document.createElement('span');
      label.className = 'visually-hidden';
      label.textContent = name;
      return L.divIcon({ className: cls, html: '<span aria-hidden="true">' + n + '</span>' + label.outerHTML, iconSize: [s, s] });
    };
    if (named.length) {
      var group = L.featureGroup();
      each(named, function (row) {
        var lat = parseFloat(row.dataset.lat);
        var lon = parseFloat(row.dataset.lon);
        var n = parseInt(row.dataset.count, 10) || 0;
        if (!isFinite(lat) || !isFinite(lon)) return;
        // Named on the map; nothing to open (the table says the same).
        L.marker([lat, lon], { interactive: false, keyboard: false, zIndexOffset: 1000, icon: countIcon(n, 'map-marker survey-place-marker', row.dataset.label + ': ' + n) })
          .bindTooltip(row.dataset.label, { permanent: true, direction: 'right', offset: [12, 0], className: 'survey-place-name' })
          .addTo(group);
        bounds.push([lat, lon]);
      });
      group.addTo(map);
      overlays[ds.placesLabel] = group;
    }
    if (exact.length) {
      var cluster = L.markerClusterGroup ? L.markerClusterGroup({
        showCoverageOnHover: false,
        maxClusterRadius: 40,
        iconCreateFunction: function (c) {
          var n = c.getChildCount();
          return countIcon(n, 'map-cluster', fill(ds.pinsCount, n));
        },
      }) : L.featureGroup();
      each(exact, function (row) {
        var lat = parseFloat(row.dataset.lat);
        var lon = parseFloat(row.dataset.lon);
        if (!isFinite(lat) || !isFinite(lon)) return;
        var m = L.marker([lat, lon], { title: row.dataset.label || ds.pinLabel, icon: L.divIcon({ className: 'survey-exact-pin', iconSize: [14, 14] }) });
        if (row.dataset.why) m.bindPopup(document.createTextNode(row.dataset.why));
        cluster.addLayer(m);
        bounds.push([lat, lon]);
      });
      cluster.addTo(map);
      overlays[ds.pinsLabel] = cluster;
    }
    if (Object.keys(overlays).length > 1) L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    view(map, bounds);
  });
}());
