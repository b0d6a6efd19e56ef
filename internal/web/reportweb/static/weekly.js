// The weekly checklist's "Add a line" without a round trip: the form works
// without this file (the button posts the form back with one more spare
// line, storing nothing); with it, the last spare line is copied, empty,
// with the next line number, and its category gets the focus.
(function () {
  'use strict';
  const form = document.getElementById('checklist-form');
  const add = form && form.querySelector('button[name="more"]');
  if (!add) return;
  add.addEventListener('click', (ev) => {
    const spares = form.querySelectorAll('li[data-spare]');
    const last = spares[spares.length - 1];
    if (!last) return; // the server adds one
    ev.preventDefault();
    const lines = form.querySelectorAll('.weekly-line');
    const n = lines.length;
    const copy = last.cloneNode(true);
    const from = /lines\.\d+\./;
    copy.classList.remove('weekly-line-error');
    for (const el of copy.querySelectorAll('.field-error, .error-summary')) el.remove();
    for (const el of copy.querySelectorAll('.has-error')) el.classList.remove('has-error');
    for (const el of copy.querySelectorAll('[name], [id], [for], [aria-describedby]')) {
      for (const attr of ['name', 'id', 'for']) {
        const v = el.getAttribute(attr);
        if (v) el.setAttribute(attr, v.replace(from, `lines.${n}.`));
      }
      // The copy has no errors: it is described by its hints only.
      const described = (el.getAttribute('aria-describedby') || '').split(/\s+/)
        .filter((id) => id && !id.endsWith('-error')).map((id) => id.replace(from, `lines.${n}.`));
      if (described.length) el.setAttribute('aria-describedby', described.join(' '));
      else el.removeAttribute('aria-describedby');
      el.removeAttribute('aria-invalid');
      if (el.tagName === 'SELECT') el.selectedIndex = 0;
      else if (el.tagName === 'INPUT') el.value = '';
    }
    const details = copy.querySelector('details');
    if (details) details.open = false;
    lines[n - 1].after(copy);
    const first = copy.querySelector('select, input:not([type="hidden"])');
    if (first) first.focus();
  });
}());
