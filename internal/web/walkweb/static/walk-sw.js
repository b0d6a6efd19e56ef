// The service worker of the safety walks' point form (registered by
// walk-offline.js), served at /safety-walks/sw.js so that its scope,
// /safety-walks/, holds the form. As the report form's worker (reportweb's
// sw.js), the server puts VERSION and PRECACHE, the hashed addresses of
// the files the form needs, in front of this file: a new version of any of
// them makes a new worker, which drops the old cache.
//
// It does two things and leaves every other request alone (and, asked by
// the page that registered it, keeps that page at once, so that the form
// opens without coverage after a single visit):
//   - a walk's point form (/safety-walks/{id}/points/new): from the network
//     while there is one, kept in the cache each time, and from the cache
//     when there is none, so that the walk goes on without coverage (the
//     points are kept by walk-offline.js until they can be sent). A
//     redirect (signed out) or a refusal empties the cache of the forms:
//     they are the user's own. signed-out.js empties it too.
//   - static files: from the cache when there, else from the network and
//     kept. Their names carry a hash of their content, so a kept file is
//     never stale.
/* global VERSION, PRECACHE */

const PREFIX = 'samverkan-walk-';
const CACHE = PREFIX + VERSION;
const FORM = /^\/safety-walks\/\d+\/points\/new$/;

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
  if (FORM.test(url.pathname) && req.mode === 'navigate') {
    event.respondWith(form(req));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(staticFile(req));
  }
});

// The page that registers the worker is not yet under its control: it
// asks for itself to be kept.
self.addEventListener('message', (event) => {
  const path = event.data && event.data.keep;
  if (typeof path !== 'string' || !FORM.test(new URL(path, self.location.origin).pathname)) return;
  event.waitUntil(form(new Request(path, { credentials: 'same-origin', redirect: 'manual' })).catch(() => {}));
});

async function form(req) {
  const cache = await caches.open(CACHE);
  const path = new URL(req.url).pathname;
  try {
    const res = await fetch(req);
    if (res.type === 'opaqueredirect' || res.redirected || res.status === 401 || res.status === 403) {
      // Signed out, or no longer one who records walks: forget the forms.
      for (const key of await cache.keys()) {
        if (FORM.test(new URL(key.url).pathname)) await cache.delete(key);
      }
    } else if (res.ok) {
      await cache.put(path, res.clone());
    }
    return res;
  } catch (err) {
    // No network: the form as it was last seen.
    const hit = await cache.match(path);
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
