// Safety-walk points without coverage, as the report form does it
// (reportweb's report-offline.js): the point form works without this
// file; with it, a point filed when the server cannot be reached (the
// phone says it is offline, or /healthz does not answer) is kept on the
// phone and sent when the connection returns: at the "online" event, at
// the next visit of the point form or the walk's page, or with "Send now".
//
// The points are kept in IndexedDB rather than localStorage, since a
// point may carry its photo: the photo is kept as the file (a Blob) the
// phone gave. When the phone cannot keep the photo, the point is kept
// without it and the page says so.
//
// Each point carries its external_id, made here when the point is begun
// and kept through every retry, so that a point sent twice (the answer
// lost on the way back, two tabs) is stored once: the server answers a
// repeat with the first point (200). The points are sent to the form's
// own address asking for JSON (Accept: application/json); what the server
// refuses (422, 413) stays on the phone with the server's words until the
// user removes it. With coverage, the form is posted as without this file
// (with its external_id), so that the server shows its errors and the
// personal-data warning as a page.
(function () {
  'use strict';
  const box = document.getElementById('walk-offline');
  if (!box || !window.fetch || !window.indexedDB || !window.FormData || !window.crypto) return;

  // The worker keeps the point form, so that it opens without coverage
  // after one visit with it.
  const FORM = /^\/safety-walks\/\d+\/points\/new$/;
  if ('serviceWorker' in navigator) {
    const first = !navigator.serviceWorker.controller;
    navigator.serviceWorker.register('/safety-walks/sw.js', { scope: '/safety-walks/' }).then(() => navigator.serviceWorker.ready).then((reg) => {
      // Not yet under the worker: ask it to keep this form now rather
      // than at the next visit.
      if (first && FORM.test(window.location.pathname) && reg.active) {
        reg.active.postMessage({ keep: window.location.pathname });
      }
    }).catch(() => {});
  }

  const msg = box.dataset;
  const user = msg.user;
  const form = document.getElementById('point-form');
  const list = document.getElementById('walk-offline-list');
  const status = document.getElementById('walk-offline-status');
  const actions = document.getElementById('walk-offline-actions');
  const sendButton = document.getElementById('walk-offline-send');
  const sentBox = document.getElementById('walk-offline-sent');
  const sentList = document.getElementById('walk-offline-sent-list');
  const lang = document.documentElement.lang === 'en' ? 'en-GB' : 'sv-SE';
  const when = new Intl.DateTimeFormat(lang, {
    weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Stockholm',
  });
  const fill = (s, n) => s.replace('%d', String(n)).replace('%s', String(n));

  // --- The store -------------------------------------------------------------
  // One record a point, by its external_id; every user's points are kept
  // apart, so that a shared phone never sends one person's point in
  // another's name.

  let opened = null;
  function db() {
    if (!opened) {
      opened = new Promise((resolve, reject) => {
        const req = indexedDB.open('samverkan-walk-points', 1);
        req.onupgradeneeded = () => req.result.createObjectStore('points', { keyPath: 'id' });
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    return opened;
  }

  async function tx(mode, fn) {
    const d = await db();
    return new Promise((resolve, reject) => {
      const t = d.transaction('points', mode);
      const store = t.objectStore('points');
      const req = fn(store);
      t.oncomplete = () => resolve(req ? req.result : undefined);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  }

  const all = () => tx('readonly', (s) => s.getAll());
  const put = (item) => tx('readwrite', (s) => s.put(item));
  const drop = (id) => tx('readwrite', (s) => s.delete(id));
  const mine = async () => (await all()).filter((it) => it.user === user).sort((a, b) => (a.filedAt < b.filedAt ? -1 : 1));

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    // Pages served over plain HTTP have no randomUUID.
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // --- Showing it ---------------------------------------------------------------

  const sent = [];

  async function render() {
    let items = [];
    try {
      items = await mine();
    } catch (err) {
      items = [];
    }
    list.replaceChildren();
    for (const it of items) {
      const li = document.createElement('li');
      li.className = it.errors ? 'offline-item invalid' : 'offline-item';
      const what = document.createElement('strong');
      what.textContent = it.label;
      const meta = document.createElement('span');
      meta.className = 'meta';
      const photo = it.photo ? msg.withPhoto : (it.photoLost ? msg.noPhoto : '');
      meta.textContent = ` · ${it.walkLabel}${photo ? ` · ${photo}` : ''} · ${fill(msg.made, when.format(new Date(it.filedAt)))}`;
      li.append(what, meta);
      if (it.errors) {
        const p = document.createElement('p');
        p.className = 'field-error';
        p.textContent = msg.invalid;
        const ul = document.createElement('ul');
        for (const text of Object.values(it.errors)) {
          const e = document.createElement('li');
          e.textContent = text;
          ul.append(e);
        }
        p.append(ul);
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'button secondary small';
        b.textContent = msg.remove;
        b.addEventListener('click', async () => {
          if (window.confirm(msg.confirmRemove)) {
            await drop(it.id);
            render();
          }
        });
        li.append(p, b);
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
    return waiting;
  }

  async function waitingText() {
    const n = (await mine()).filter((it) => !it.errors).length;
    if (n === 0) return '';
    return n === 1 ? msg.waitingOne : fill(msg.waitingMany, n);
  }

  async function say(text) {
    status.textContent = text;
    await render();
  }

  // --- Sending -------------------------------------------------------------------

  function post(it) {
    const body = new FormData();
    for (const [k, v] of it.fields) body.append(k, v);
    if (it.photo) body.append('photo', it.photo, it.photoName || 'photo.jpg');
    body.set('external_id', it.id);
    body.set('queued', '1');
    return fetch(it.action, {
      method: 'POST',
      body,
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
      redirect: 'manual',
    });
  }

  let sending = false;
  let retry = 5000;
  let timer = 0;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(send, retry);
    retry = Math.min(retry * 2, 120000);
  }

  async function sendQueue() {
    const items = (await mine()).filter((it) => !it.errors);
    if (items.length === 0) return;
    if (!navigator.onLine) {
      await say(`${msg.stillOffline} ${await waitingText()}`);
      return;
    }
    await say(msg.sending);
    let done = 0;
    let problem = '';
    for (const it of items) {
      let res;
      try {
        res = await post(it);
      } catch (err) {
        problem = msg.stillOffline;
        break;
      }
      if (res.status === 200 || res.status === 201) {
        await drop(it.id);
        sent.push({ label: `${it.label} · ${it.walkLabel}`, url: res.headers.get('Location') || it.walkURL });
        done++;
      } else if (res.status === 401) {
        problem = msg.signin;
        break;
      } else if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
        // Refused: kept, with the server's words, for the user.
        const body = await res.json().catch(() => ({}));
        const fields = (body.error && body.error.fields) || {};
        it.errors = Object.keys(fields).length ? fields : { '': (body.error && body.error.message) || fill(msg.refused, res.status) };
        await put(it);
      } else {
        problem = msg.later;
        break;
      }
    }
    // A phone in poor coverage may believe it is online and never see an
    // "online" event: try again by itself, less often each time.
    if (problem === msg.stillOffline || problem === msg.later) later();
    else retry = 5000;
    const lines = [];
    if (done) lines.push(done === 1 ? msg.sentOne : fill(msg.sentMany, done));
    if (problem) lines.push(problem);
    const left = await waitingText();
    if (left) lines.push(left);
    await say(lines.join(' '));
  }

  // send sends the queue once at a time across the browser's tabs (each
  // point is idempotent anyway; this saves requests).
  async function send() {
    if (sending) return;
    sending = true;
    try {
      if (navigator.locks) {
        await navigator.locks.request('samverkan-walk-points', sendQueue);
      } else {
        await sendQueue();
      }
    } catch (err) {
      await say(msg.later);
    } finally {
      sending = false;
    }
  }

  sendButton.addEventListener('click', send);
  window.addEventListener('online', send);

  // --- The form -------------------------------------------------------------------

  // Only a new point's form is queued: a point's edit form has no
  // external_id and is sent as it is.
  if (form && form.elements.external_id) {
    const id = form.elements.external_id;
    // A form with the server's errors is a point already begun: it keeps
    // its id. Any other is a new point.
    const begun = document.querySelector('.error-summary, .pii-warning');
    if (!begun || !id.value) id.value = uuid();
    window.addEventListener('pageshow', (ev) => {
      if (ev.persisted) {
        id.value = uuid();
        bypass = false;
        busy = false;
      }
    });

    let bypass = false;
    let busy = false;

    const itemOf = (submitter) => {
      const data = new FormData(form);
      if (submitter && submitter.name) data.set(submitter.name, submitter.value);
      const fields = [];
      let photo = null;
      for (const [k, v] of data.entries()) {
        if (k === 'photo') {
          if (v instanceof Blob && v.size > 0) photo = v;
        } else if (typeof v === 'string' && k !== 'external_id') {
          fields.push([k, v]);
        }
      }
      const checked = form.querySelector('input[name="category"]:checked');
      const label = checked && document.querySelector(`label[for="${checked.id}"]`);
      return {
        id: id.value || uuid(),
        user,
        walkLabel: form.dataset.walkLabel,
        walkURL: form.dataset.walkUrl,
        action: form.getAttribute('action'),
        filedAt: new Date().toISOString(),
        fields,
        photo,
        photoName: photo && photo.name ? photo.name : '',
        label: label ? label.textContent.trim() : '–',
      };
    };

    // keep puts the point on the phone, with its photo if the phone can
    // keep it, and empties the form for the next point.
    const keep = async (it) => {
      let text = msg.kept;
      try {
        await put(it);
      } catch (err) {
        if (!it.photo) {
          await say(msg.storageFailed);
          return;
        }
        it.photo = null;
        it.photoLost = true;
        try {
          await put(it);
          text = msg.keptNoPhoto;
        } catch (err2) {
          await say(msg.storageFailed);
          return;
        }
      }
      form.reset();
      // The counters of characters left follow the emptied fields.
      for (const el of form.querySelectorAll('textarea, input[type=text]')) el.dispatchEvent(new Event('input', { bubbles: true }));
      for (const el of document.querySelectorAll('.error-summary, .pii-warning, #point-form .field-error')) el.remove();
      for (const el of form.querySelectorAll('.has-error')) el.classList.remove('has-error');
      for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
      id.value = uuid();
      await say(`${text} ${await waitingText()}`);
      status.scrollIntoView({ block: 'nearest' });
    };

    form.addEventListener('submit', async (ev) => {
      if (bypass) return;
      ev.preventDefault();
      if (busy) return; // a double tap: the first is on its way
      busy = true;
      const submitter = ev.submitter;
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
        await keep(itemOf(submitter));
        busy = false;
        return;
      }
      bypass = true;
      if (submitter) form.requestSubmit(submitter);
      else form.requestSubmit();
    });
  }

  (async () => {
    const waiting = await render();
    if (waiting > 0) {
      await say(await waitingText());
      send();
    }
  })();
}());
