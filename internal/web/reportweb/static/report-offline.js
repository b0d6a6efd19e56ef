// Reporting without coverage. The report form works without this file; with
// it, a report that cannot reach the server (no network, or the request
// fails) is kept on the phone (localStorage) and sent when the connection
// returns: at the "online" event, at the next visit of the form, or with
// "Send now". Each report carries its external_id, made here when the
// report is begun and kept through every retry, so that a report sent
// twice (the answer lost on the way back, two tabs) is stored once: the
// server answers a repeat with the first report. What the server refuses
// (422) stays on the phone with the server's messages until the reporter
// corrects or removes it. A service worker (the kernel's form-worker.js, at /reports/sw.js) keeps the form itself,
// so that it opens without coverage after one visit with it.
//
// The reports are sent to the form's own address asking for JSON
// (Accept: application/json) with filed_at, the time the button was
// pressed, which the server takes as "now" for the quick choices of when.
//
// The weekly checklist (/reports/week) is queued the same way, its id made
// here for each submission: sent twice it is stored once, and filed_at
// keeps the order of a week sent again (the later replaces the earlier; an
// earlier one arriving late is superseded). Kept without coverage, it
// replaces a version of the same week still waiting on the phone.
(function () {
  'use strict';
  const box = document.getElementById('offline-queue');
  if (!box || !window.fetch || !window.localStorage || !window.URLSearchParams || !window.crypto) {
    return;
  }
  // The forms the worker keeps: the report and the weekly checklist.
  const FORMS = ['/reports/new', '/reports/week'];
  if ('serviceWorker' in navigator) {
    const first = !navigator.serviceWorker.controller;
    navigator.serviceWorker.register('/reports/sw.js', { scope: '/reports/' }).then(() => navigator.serviceWorker.ready).then((reg) => {
      // Not yet under the worker: ask it to keep this form now rather
      // than at the next visit.
      if (first && FORMS.includes(window.location.pathname) && reg.active) {
        reg.active.postMessage({ keep: window.location.pathname + window.location.search });
      }
    }).catch(() => {});
  }

  const KEY = 'samverkan.offline-reports.v1';
  const msg = box.dataset;
  const user = msg.user;
  const form = document.getElementById('report-form') || document.getElementById('checklist-form');
  const weekly = Boolean(form && form.id === 'checklist-form');
  const list = document.getElementById('offline-list');
  const status = document.getElementById('offline-status');
  const actions = document.getElementById('offline-actions');
  const sendButton = document.getElementById('offline-send');
  const sentBox = document.getElementById('offline-sent');
  const sentList = document.getElementById('offline-sent-list');
  const lang = document.documentElement.lang === 'en' ? 'en-GB' : 'sv-SE';
  const when = new Intl.DateTimeFormat(lang, {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm',
  });
  const fill = (s, n) => s.replace('%d', String(n)).replace('%s', String(n));

  // --- The queue -------------------------------------------------------------
  // Every user's reports are kept apart, so that a shared phone never sends
  // one person's report in another's name.

  function load() {
    try {
      const all = JSON.parse(localStorage.getItem(KEY) || '[]');
      return Array.isArray(all) ? all : [];
    } catch (err) {
      return [];
    }
  }

  function store(all) {
    localStorage.setItem(KEY, JSON.stringify(all));
  }

  function mine() {
    return load().filter((it) => it.user === user);
  }

  // put adds the report, or replaces the one with its id.
  function put(item) {
    const all = load().filter((it) => it.id !== item.id);
    all.push(item);
    store(all);
  }

  function drop(id) {
    store(load().filter((it) => it.id !== id));
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    // Pages served over plain HTTP have no randomUUID.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function field(item, name) {
    const f = item.fields.find(([k]) => k === name);
    return f ? f[1] : '';
  }

  // label says what the report is about: category, place, count; a
  // weekly checklist carries its own ("Weekly checklist w. 50, Mora").
  function label(item) {
    if (item.label) return item.label;
    const parts = [field(item, 'category') || '–'];
    if (field(item, 'place')) parts.push(field(item, 'place'));
    const count = field(item, 'count');
    if (count && count !== '1') parts.push(`${count}×`);
    return parts.join(', ');
  }

  // fieldLabel is the words the form uses for a field, for the messages
  // of a refused report.
  function fieldLabel(name) {
    const el = document.getElementById(`f-${name.replace(/_/g, '-')}`);
    if (el && el.tagName === 'FIELDSET') return el.querySelector('legend').textContent.trim();
    const l = el && document.querySelector(`label[for="${el.id}"]`);
    if (l) return l.firstChild.textContent.trim();
    return name;
  }

  // --- Showing it ---------------------------------------------------------------

  const sent = [];
  // correct puts a refused report back in the form (set below, where
  // there is a form).
  let correct = null;

  function say(text) {
    status.textContent = text;
    render();
  }

  // shown are the reports the reporter sees waiting: not those the form
  // posted, which are only checked on (see the form's submit).
  function shown() {
    return mine().filter((it) => !it.pending);
  }

  // unpend shows the reports the form posted as waiting, when they cannot
  // be checked on: whether the post arrived is not known.
  function unpend() {
    const all = load();
    for (const it of all) {
      if (it.user === user) delete it.pending;
    }
    store(all);
  }

  function render() {
    const items = shown();
    list.replaceChildren();
    for (const it of items) {
      const li = document.createElement('li');
      li.className = it.errors ? 'offline-item invalid' : 'offline-item';
      const what = document.createElement('strong');
      what.textContent = label(it);
      const made = document.createElement('span');
      made.className = 'meta';
      made.textContent = ` · ${fill(msg.made, when.format(new Date(it.filedAt)))}`;
      li.append(what, made);
      if (it.errors) {
        const p = document.createElement('p');
        p.className = 'field-error';
        p.textContent = msg.invalid;
        const ul = document.createElement('ul');
        for (const [name, text] of Object.entries(it.errors)) {
          const e = document.createElement('li');
          e.textContent = name ? `${fieldLabel(name)}: ${text}` : text;
          ul.append(e);
        }
        p.append(ul);
        li.append(p);
        const buttons = document.createElement('div');
        buttons.className = 'form-actions';
        if (correct && form.elements.municipality_code.value === field(it, 'municipality_code')) {
          buttons.append(button(msg.correct, () => correct(it)));
        }
        buttons.append(button(msg.remove, () => {
          if (window.confirm(msg.confirmRemove)) {
            drop(it.id);
            render();
          }
        }));
        li.append(buttons);
      }
      list.append(li);
    }
    const waiting = items.filter((it) => !it.errors).length;
    actions.hidden = waiting === 0;
    sentList.replaceChildren(...sent.map((s) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = s.url;
      a.textContent = s.label;
      li.append(a);
      return li;
    }));
    sentBox.hidden = sent.length === 0;
    box.hidden = items.length === 0 && sent.length === 0 && !status.textContent;
    box.dataset.waiting = String(waiting);
  }

  function button(text, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button secondary small';
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }

  function waitingText() {
    const n = shown().filter((it) => !it.errors).length;
    if (n === 0) return '';
    return n === 1 ? msg.waitingOne : fill(msg.waitingMany, n);
  }

  // --- Sending -------------------------------------------------------------------

  function post(item, queued) {
    const body = new URLSearchParams(item.fields);
    body.set('external_id', item.id);
    body.set('filed_at', item.filedAt);
    if (queued) body.set('queued', '1');
    return fetch(item.action || '/reports', {
      method: 'POST',
      body,
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      redirect: 'manual',
    });
  }

  // sentURL is where what was sent is seen: the report, or the week's
  // checklist.
  function sentURL(it, rep) {
    if (it.week) {
      const q = new URLSearchParams({
        municipality_code: rep.municipality_code || field(it, 'municipality_code'),
        organization_id: rep.organization_id || field(it, 'organization_id'),
        week: (rep.week || it.week),
      });
      return `/reports/week?${q}`;
    }
    return rep.id ? `/reports/${rep.id}` : '/reports';
  }

  let sending = false;
  let retry = 5000;
  let timer = 0;
  // later tries again by itself, less often each time: a phone in poor
  // coverage (and a page its worker served) may believe it is online and
  // never see an "online" event.
  function later() {
    clearTimeout(timer);
    timer = setTimeout(send, retry);
    retry = Math.min(retry * 2, 120000);
  }

  async function sendQueue() {
    const items = mine().filter((it) => !it.errors);
    if (items.length === 0) return;
    if (!navigator.onLine) {
      unpend();
      say(`${msg.stillOffline} ${waitingText()}`);
      return;
    }
    if (shown().some((it) => !it.errors)) say(msg.sending);
    let done = 0;
    let problem = '';
    for (const it of items) {
      let res;
      try {
        res = await post(it, true);
      } catch (err) {
        unpend();
        problem = msg.stillOffline;
        break;
      }
      if (res.status === 200 && it.pending) {
        drop(it.id); // the form's post had made it
      } else if (res.status === 200 || res.status === 201) {
        const rep = await res.json().catch(() => ({}));
        drop(it.id);
        sent.push({ label: rep.status === 'superseded' ? `${label(it)}: ${msg.superseded}` : label(it), url: sentURL(it, rep) });
        done++;
      } else if (res.status === 401) {
        unpend();
        problem = msg.signin;
        break;
      } else if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        // Refused: kept, with the server's words, for the reporter.
        const body = await res.json().catch(() => ({}));
        const errors = (body.error && body.error.fields) || {};
        it.errors = Object.keys(errors).length ? errors : { '': (body.error && body.error.message) || fill(msg.refused, res.status) };
        delete it.pending;
        put(it);
      } else {
        unpend();
        problem = msg.later;
        break;
      }
    }
    const lines = [];
    if (problem === msg.stillOffline || problem === msg.later) later();
    else retry = 5000;
    if (done) lines.push(done === 1 ? msg.sentOne : fill(msg.sentMany, done));
    if (problem) lines.push(problem);
    // What still waits is said after any problem too: a phone in poor
    // coverage (and a page its worker served) may believe it is online,
    // try, and fail; the reporter still sees how many wait.
    const left = waitingText();
    if (left) lines.push(left);
    say(lines.join(' '));
  }

  // send sends the queue once at a time across the tabs of the browser
  // (each report is idempotent anyway; this saves requests).
  async function send() {
    if (sending) return;
    sending = true;
    try {
      if (navigator.locks) {
        await navigator.locks.request('samverkan-offline-reports', sendQueue);
      } else {
        await sendQueue();
      }
    } finally {
      sending = false;
    }
  }

  sendButton.addEventListener('click', send);
  window.addEventListener('online', send);
  window.addEventListener('storage', (ev) => {
    if (ev.key === KEY) render();
  });

  // --- The form -------------------------------------------------------------------

  if (form) {
    const id = form.elements.external_id;
    // A form with the server's errors is a report already begun: it keeps
    // its id. Any other is a new report, whatever id the page came with
    // (the page may come from the phone's cache).
    const begun = document.querySelector('.error-summary, .pii-warning');
    if (!begun || !id.value) id.value = uuid();

    // The back button may bring the page back as it was, its report sent:
    // what is filed from it now is another report.
    window.addEventListener('pageshow', (ev) => {
      if (!ev.persisted) return;
      id.value = uuid();
      bypass = false;
      busy = false;
    });

    // A page from the cache knows the time it was made, not now.
    const at = document.getElementById('f-occurred-at');
    const local = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
    if (at) at.max = local(new Date());
    const hourAgo = document.querySelector('label[for="f-when-1"]');
    if (hourAgo && /\d\d:\d\d/.test(hourAgo.textContent)) {
      const t = new Date(Date.now() - 3600000);
      hourAgo.textContent = hourAgo.textContent.replace(/\d\d:\d\d/, local(t).slice(11, 16));
    }

    let bypass = false;
    let busy = false;

    const item = (submitter) => {
      const data = new FormData(form);
      if (submitter && submitter.name) data.set(submitter.name, submitter.value);
      const fields = [];
      for (const [k, v] of data.entries()) {
        if (typeof v === 'string' && k !== 'external_id' && k !== 'filed_at') fields.push([k, v]);
      }
      const filed = form.elements.filed_at;
      const it = { id: id.value || uuid(), user, filedAt: filed ? filed.value : new Date().toISOString(), fields };
      it.action = form.getAttribute('action');
      if (weekly) {
        it.week = form.dataset.week;
        it.label = form.dataset.weekLabel;
      }
      return it;
    };

    const keep = (it, text) => {
      delete it.errors;
      delete it.pending;
      try {
        if (weekly) {
          // A newer version of the week replaces the one still waiting.
          const same = (o) => o.user === user && o.week === it.week && !o.pending
            && field(o, 'organization_id') === field(it, 'organization_id')
            && field(o, 'municipality_code') === field(it, 'municipality_code');
          store(load().filter((o) => !same(o)));
        }
        put(it);
      } catch (err) {
        say(msg.storageFailed);
        return false;
      }
      clear();
      say(`${text} ${waitingText()}`);
      status.scrollIntoView({ block: 'nearest' });
      return true;
    };

    // With coverage the form is posted as without this file, so that the
    // server shows its errors and the personal-data warning as a page. It
    // is kept on the phone first, marked pending, and sent again at the
    // next visit of the form: a repeat of its external_id is answered with
    // the report the post made, and a post that never arrived (the
    // connection went with it) is made then.
    form.addEventListener('submit', async (ev) => {
      if (bypass) return;
      ev.preventDefault();
      if (busy) return; // a double tap: the first is on its way
      busy = true;
      const it = item(ev.submitter);
      let reachable = navigator.onLine;
      if (reachable) {
        // Phones in poor coverage say they are online: ask the server.
        try {
          const res = await fetch('/healthz', { cache: 'no-store', signal: AbortSignal.timeout(4000) });
          reachable = res.ok;
        } catch (err) {
          reachable = false;
        }
      }
      if (!reachable) {
        keep(it, msg.kept);
        busy = false;
        return;
      }
      it.pending = true;
      delete it.errors;
      try {
        put(it);
      } catch (err) {
        // Full storage: post it all the same.
      }
      bypass = true;
      if (ev.submitter) form.requestSubmit(ev.submitter);
      else form.requestSubmit();
    });

    // The server shows the report of the page with its errors: it is the
    // reporter's to correct there, not the queue's.
    if (begun && mine().some((it) => it.id === id.value && it.pending)) drop(id.value);

    // clear empties the form for the next report, with a new id. The
    // weekly checklist stays as it was typed: sent again, it is the next
    // version of the week.
    function clear() {
      if (weekly) {
        for (const el of document.querySelectorAll('.error-summary, .pii-warning, #checklist-form .field-error')) el.remove();
        for (const el of form.querySelectorAll('.has-error')) el.classList.remove('has-error');
        for (const el of form.querySelectorAll('.weekly-line-error')) el.classList.remove('weekly-line-error');
        for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
        if (form.elements.filed_at) form.elements.filed_at.remove();
        id.value = uuid();
        return;
      }
      for (const el of form.elements) {
        if (el.type === 'radio') {
          el.checked = el.defaultChecked && el.name !== 'category';
          if (el.name === 'when') el.checked = el.value === 'now';
          if (el.name === 'visibility') el.checked = el.value === 'municipality';
        } else if (el.tagName === 'TEXTAREA' || ['text', 'datetime-local', 'number'].includes(el.type)) {
          el.value = el.name === 'count' ? '1' : '';
        } else if (el.tagName === 'SELECT' && el.name === 'place') {
          el.selectedIndex = 0;
        }
        el.removeAttribute('aria-invalid');
      }
      if (form.elements.filed_at) form.elements.filed_at.remove();
      for (const el of document.querySelectorAll('.error-summary, .pii-warning, #report-form .field-error')) el.remove();
      for (const el of form.querySelectorAll('.has-error')) el.classList.remove('has-error');
      id.value = uuid();
    }

    // A refused report goes back in the form with its id and the time it
    // was filed, its errors above it.
    correct = (it) => {
      clear();
      for (const [k, v] of it.fields) {
        const el = form.elements[k];
        if (!el || k === 'municipality_code') continue;
        if (el instanceof RadioNodeList) {
          for (const r of el) r.checked = r.value === v;
        } else if (el.type === 'checkbox') {
          el.checked = true;
        } else if (el.type !== 'hidden' || k === 'organization_id') {
          el.value = v;
        }
      }
      id.value = it.id;
      const filed = document.createElement('input');
      filed.type = 'hidden';
      filed.name = 'filed_at';
      filed.value = it.filedAt;
      form.append(filed);
      const summary = document.createElement('div');
      summary.className = 'error-summary';
      summary.setAttribute('role', 'alert');
      summary.tabIndex = -1;
      const p = document.createElement('p');
      p.textContent = msg.correcting;
      const ul = document.createElement('ul');
      for (const [name, text] of Object.entries(it.errors || {})) {
        const li = document.createElement('li');
        li.textContent = name ? `${fieldLabel(name)}: ${text}` : text;
        ul.append(li);
      }
      summary.append(p, ul);
      form.before(summary);
      summary.focus();
    };
  }

  render();
  if (mine().some((it) => !it.errors)) {
    if (waitingText()) say(waitingText());
    send();
  }
}());
