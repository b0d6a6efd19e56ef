// The service worker that keeps an area's forms for a phone without
// coverage: the report form and the weekly checklist (served at
// /reports/sw.js), a safety walk's point form (/safety-walks/sw.js). Each
// area serves it at an address whose scope holds its forms, through
// web.Server.ServeFormWorker, which puts in front of this file:
//   VERSION   a hash of this file and of the list below: a new version of
//             any of them makes a new worker, which drops the old cache;
//   PRECACHE  the hashed addresses of the static files the forms need;
//   PREFIX    the area's cache names ("samverkan-report-"; signed-out.js
//             deletes them at sign-out: the forms are the user's own);
//   FORMS     the forms' paths, as regular expressions.
//
// It does two things and leaves every other request alone (and, asked by
// the page that registered it, keeps that page at once, so that the form
// opens without coverage after a single visit):
//   - the forms: from the network while there is one, kept in the cache
//     each time, and from the cache when there is none, so that a reporter
//     or a walk without coverage can go on (the area's queue keeps what is
//     filed until it can be sent). A redirect (signed out) or a refusal
//     empties the cache of them.
//   - static files: from the cache when there, else from the network and
//     kept. Their names carry a hash of their content, so a kept file is
//     never stale.
/* global VERSION, PRECACHE, PREFIX, FORMS */

const CACHE = PREFIX + VERSION;
const PATTERNS = FORMS.map((f) => new RegExp(f));
const isForm = (path) => PATTERNS.some((p) => p.test(path));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (isForm(url.pathname) && req.mode === 'navigate') {
    event.respondWith(form(req));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(staticFile(req));
  }
});

// The page that registers the worker is not yet under its control: it
// asks for itself to be kept.
self.addEventListener('message', (event) => {
  const path = event.data && event.data.keep;
  if (typeof path !== 'string' || !isForm(new URL(path, self.location.origin).pathname)) return;
  event.waitUntil(form(new Request(path, { credentials: 'same-origin', redirect: 'manual' })).catch(() => {}));
});

async function form(req) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.type === 'opaqueredirect' || res.redirected || res.status === 401 || res.status === 403) {
      // Signed out, or no longer allowed: forget the forms.
      for (const key of await cache.keys()) {
        if (isForm(new URL(key.url).pathname)) await cache.delete(key);
      }
    } else if (res.ok) {
      await cache.put(req, res.clone());
    }
    return res;
  } catch (err) {
    // No network: the form as it was last seen, for this address or, for
    // another of its addresses (a week, a municipality), the plain one.
    const hit = (await cache.match(req)) || (await cache.match(new URL(req.url).pathname));
    if (hit) return hit;
    throw err;
  }
}

async function staticFile(req) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) await cache.put(req, res.clone());
  return res;
}
