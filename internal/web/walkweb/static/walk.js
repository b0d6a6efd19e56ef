// The point form of a safety walk: "use my position" fills in latitude and
// longitude from the phone's location and clears the named place. The form
// works without this file; it only saves typing.
(function () {
  'use strict';
  var button = document.getElementById('walk-locate');
  var status = document.getElementById('walk-locate-status');
  var lat = document.getElementById('f-lat');
  var lon = document.getElementById('f-lon');
  var place = document.getElementById('f-place');
  if (!button || !lat || !lon || !('geolocation' in navigator)) return;
  button.parentNode.hidden = false;
  var comma = document.documentElement.lang === 'sv';
  var fmt = function (v) {
    var s = v.toFixed(5);
    return comma ? s.replace('.', ',') : s;
  };
  button.addEventListener('click', function () {
    status.textContent = button.dataset.locating;
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = fmt(pos.coords.latitude);
      lon.value = fmt(pos.coords.longitude);
      if (place) place.value = '';
      status.textContent = button.dataset.located.replace('%d', String(Math.round(pos.coords.accuracy)));
      button.disabled = false;
    }, function () {
      status.textContent = button.dataset.failed;
      button.disabled = false;
    }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  });
}());
