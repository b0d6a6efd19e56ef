// "Use my position": a button with data-locate fills in the latitude and
// longitude fields of its form (f-lat, f-lon) from the phone's location,
// says how it went in the element named by data-status, and empties the
// field named by data-clear (a named place the position replaces). Its
// words are the button's data-locating, data-located ("%d" is the
// accuracy in metres) and data-failed. The button's paragraph is hidden
// until this script shows it: without JavaScript or a location the form
// takes typed coordinates, and this only saves typing. Shared by the
// report, activity and safety-walk forms. The latitude field gets a
// "change" event when filled in, for a map that shows the position.
(function () {
  'use strict';
  if (!('geolocation' in navigator)) return;
  // The form's language writes decimals with a comma in Swedish.
  var comma = document.documentElement.lang === 'sv';
  var fmt = function (v) {
    var s = v.toFixed(5);
    return comma ? s.replace('.', ',') : s;
  };
  Array.prototype.forEach.call(document.querySelectorAll('button[data-locate]'), function (button) {
    var lat = document.getElementById('f-lat');
    var lon = document.getElementById('f-lon');
    var status = document.getElementById(button.dataset.status);
    var clear = button.dataset.clear ? document.getElementById(button.dataset.clear) : null;
    if (!lat || !lon || !status) return;
    button.parentNode.hidden = false;
    button.addEventListener('click', function () {
      status.textContent = button.dataset.locating;
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = fmt(pos.coords.latitude);
        lon.value = fmt(pos.coords.longitude);
        if (clear) clear.value = '';
        // A map of the form (the safety walk's point) follows the fields.
        lat.dispatchEvent(new Event('change', { bubbles: true }));
        status.textContent = button.dataset.located.replace('%d', String(Math.round(pos.coords.accuracy)));
        button.disabled = false;
      }, function () {
        status.textContent = button.dataset.failed;
        button.disabled = false;
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  });
}());
