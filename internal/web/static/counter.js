// Counts down the characters left in a field with a limit while one types
// (the fields with data-maxlength; the limit is said under each field
// without this script, and the server checks it either way). The count
// under the field follows every keystroke; a screen reader hears it
// politely, once one pauses, rather than at every keystroke.
(function () {
  'use strict';
  var lang = document.documentElement.lang || 'sv';
  var pause = 1000; // ms of quiet before the count is read out

  // length counts as the server does: the trimmed text in characters, a
  // line break as the two characters a form sends for it.
  function length(value) {
    var v = value.trim();
    return Array.from(v).length + (v.match(/\n/g) || []).length;
  }

  function say(template, n) {
    return template.replace('%d', n.toLocaleString(lang));
  }

  document.querySelectorAll('[data-maxlength]').forEach(function (field) {
    var limit = document.getElementById(field.id + '-limit');
    var max = parseInt(field.getAttribute('data-maxlength'), 10);
    if (!limit || !(max > 0)) return;
    var live = document.createElement('p');
    live.className = 'visually-hidden';
    live.setAttribute('aria-live', 'polite');
    limit.insertAdjacentElement('afterend', live);
    var timer;

    function text() {
      var left = max - length(field.value);
      if (left >= 0) return say(left === 1 ? limit.dataset.leftOne : limit.dataset.left, left);
      return say(-left === 1 ? limit.dataset.overOne : limit.dataset.over, -left);
    }

    function update(announce) {
      var t = text();
      limit.textContent = t;
      limit.classList.toggle('over', length(field.value) > max);
      clearTimeout(timer);
      if (announce) timer = setTimeout(function () { live.textContent = t; }, pause);
    }

    field.addEventListener('input', function () { update(true); });
    update(false);
  });
})();
