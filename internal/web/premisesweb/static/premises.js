// The inspection form on a phone: only the checklist of the kind of
// inspection chosen is shown, a button marks the checks not yet made as
// without remark, and removing an inspection asks first. The form works
// without this file: every kind's checklist is shown then, and the chosen
// kind's is the one saved.
(function () {
  'use strict';
  var form = document.getElementById('inspection-form');
  if (form) {
    var lists = form.querySelectorAll('.checklist-kind');
    var show = function () {
      var chosen = form.querySelector('input[name="kind"]:checked');
      var kind = chosen ? chosen.value : '';
      Array.prototype.forEach.call(lists, function (el) {
        el.hidden = el.dataset.kind !== kind;
      });
    };
    Array.prototype.forEach.call(form.querySelectorAll('input[name="kind"]'), function (radio) {
      radio.addEventListener('change', show);
    });
    Array.prototype.forEach.call(form.querySelectorAll('.nojs-hint'), function (el) { el.hidden = true; });
    show();
    Array.prototype.forEach.call(form.querySelectorAll('[data-all-ok]'), function (button) {
      button.parentNode.hidden = false;
      button.addEventListener('click', function () {
        var list = document.getElementById(button.dataset.allOk);
        Array.prototype.forEach.call(list.querySelectorAll('input[type="radio"][value="not_checked"]:checked'), function (r) {
          var ok = r.closest('ul').querySelector('input[value="ok"]');
          if (ok) ok.checked = true;
        });
      });
    });
  }
  // A check's note is shown when it has one or the check found a
  // deficiency; otherwise a button shows it, to keep the list short.
  Array.prototype.forEach.call(document.querySelectorAll('.check-item'), function (item) {
    var note = item.querySelector('.note');
    var input = note && note.querySelector('input');
    var add = item.querySelector('.add-note');
    if (!input || !add) return;
    var update = function () {
      var deficient = item.querySelector('input[value="deficiency"]:checked');
      var open = deficient || input.value.trim() !== '' || note.classList.contains('has-error') || note.dataset.opened;
      note.hidden = !open;
      add.hidden = !!open;
    };
    add.querySelector('button').addEventListener('click', function () {
      note.dataset.opened = '1';
      update();
      input.focus();
    });
    Array.prototype.forEach.call(item.querySelectorAll('input[type="radio"]'), function (r) {
      r.addEventListener('change', update);
    });
    update();
  });
  Array.prototype.forEach.call(document.querySelectorAll('form[data-confirm]'), function (f) {
    f.addEventListener('submit', function (e) {
      if (!window.confirm(f.dataset.confirm)) e.preventDefault();
    });
  });
}());
