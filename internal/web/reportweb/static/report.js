// The report form: typing a time of one's own chooses "another time"
// ("use my position" is the kernel's locate.js). The form works without
// this file; it only saves typing.
(function () {
  'use strict';
  var other = document.querySelector('input[name="when"][value="other"]');
  var at = document.getElementById('f-occurred-at');
  if (other && at) {
    var choose = function () { other.checked = true; };
    at.addEventListener('focus', choose);
    at.addEventListener('input', choose);
  }
}());
