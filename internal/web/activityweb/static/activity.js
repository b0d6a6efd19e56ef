// The activity form: only the chosen kind's counters are shown, and "use my
// position" fills in the pin from the phone's location. The form works
// without this file: every kind's counters are there, in groups that open.
(function () {
  'use strict';
  var form = document.getElementById('activity-form');
  if (!form) return;

  var groups = form.querySelectorAll('.kind-group[data-kind]');
  var radios = form.querySelectorAll('input[type="radio"][name="kind"]');
  var hint = form.querySelector('.kind-groups-hint');
  var more = document.getElementById('more-participants');
  var show = function () {
    var chosen = '';
    Array.prototype.forEach.call(radios, function (r) { if (r.checked) chosen = r.value; });
    Array.prototype.forEach.call(groups, function (g) {
      var mine = g.dataset.kind === chosen;
      // A group with an error stays in view, so that it can be fixed.
      var wrong = g.querySelector('[aria-invalid="true"], .field-error') !== null;
      g.hidden = !mine && !wrong;
      if (mine) {
        g.open = true;
        g.classList.add('chosen');
      } else {
        g.classList.remove('chosen');
      }
    });
    if (hint) hint.hidden = chosen === '';
    if (more) more.hidden = chosen !== 'training';
  };
  Array.prototype.forEach.call(radios, function (r) { r.addEventListener('change', show); });
  show();

  var button = document.getElementById('locate');
  var status = document.getElementById('locate-status');
  var lat = document.getElementById('f-lat');
  var lon = document.getElementById('f-lon');
  if (button && lat && lon && 'geolocation' in navigator) {
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
        status.textContent = button.dataset.located.replace('%d', String(Math.round(pos.coords.accuracy)));
        button.disabled = false;
      }, function () {
        status.textContent = button.dataset.failed;
        button.disabled = false;
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  }
}());
