// The service worker of the report form (registered by report-offline.js),
// served at /reports/sw.js so that its scope, /reports/, holds the form.
// The server puts VERSION and PRECACHE, the hashed addresses of the files
// the form needs, in front of this file: a new version of any of them
// makes a new worker, which drops the old cache.
//
// It does two things and leaves every other request alone (and, asked by
// the page that registered it, keeps that page at once, so that the form
// opens without coverage after a single visit):
//   - the forms (/reports/new, and the weekly checklist /reports/week):
//     from the network while there is one, kept in the cache each time,
//     and from the cache when there is none, so that a reporter without
//     coverage can still open them and file reports (which
//     report-offline.js keeps until they can be sent). A redirect (signed
//     out) empties the cache of them: the forms are the user's own.
//   - static files: from the cache when there, else from the network and
//     kept. Their names carry a hash of their content, so a kept file is
//     never stale.
/* global VERSION, PRECACHE */

const PREFIX = 'samverkan-report-';
const CACHE = PREFIX + VERSION;
const FORMS = ['/reports/new', '/reports/week'];

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
  if (FORMS.includes(url.pathname) && req.mode === 'navigate') {
    event.respondWith(form(req));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(staticFile(req));
  }
});

// The page that registers the worker is not yet under its control: it
// asks for itself to be kept.
self.addEventListener('message', (event) => {
  const path = event.data && event.data.keep;
  if (typeof path !== 'string' || !FORMS.includes(new URL(path, self.location.origin).pathname)) return;
  event.waitUntil(form(new Request(path, { credentials: 'same-origin', redirect: 'manual' })).catch(() => {}));
});

async function form(req) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.type === 'opaqueredirect' || res.redirected || res.status === 401 || res.status === 403) {
      // Signed out, or no longer a reporter: forget the forms.
      for (const key of await cache.keys()) {
        if (FORMS.includes(new URL(key.url).pathname)) await cache.delete(key);
      }
    } else if (res.ok) {
      await cache.put(req, res.clone());
    }
    return res;
  } catch (err) {
    // No network: the form as it was last seen, for this address or, for
    // another municipality's or week's, the plain one.
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
