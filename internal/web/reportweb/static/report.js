// The report form: "use my position" fills in the pin from the phone's
// location, and typing a time of one's own chooses "another time". The
// form works without this file; it only saves typing.
(function () {
  'use strict';
  var button = document.getElementById('locate');
  var status = document.getElementById('locate-status');
  var lat = document.getElementById('f-lat');
  var lon = document.getElementById('f-lon');
  if (button && lat && lon && 'geolocation' in navigator) {
    button.parentNode.hidden = false;
    // The form's language writes decimals with a comma in Swedish.
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
        status.textContent = button.dataset.located.replace('%d', String(Math.round(pos.coords.accuracy)));
        button.disabled = false;
      }, function () {
        status.textContent = button.dataset.failed;
        button.disabled = false;
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  }
  var other = document.querySelector('input[name="when"][value="other"]');
  var at = document.getElementById('f-occurred-at');
  if (other && at) {
    var choose = function () { other.checked = true; };
    at.addEventListener('focus', choose);
    at.addEventListener('input', choose);
  }
}());
