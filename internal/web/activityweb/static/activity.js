// The activity form: only the chosen kind's counters are shown ("use my
// position" is the kernel's locate.js). The form works without this file:
// every kind's counters are there, in groups that open.
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
}());
