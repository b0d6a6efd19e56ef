// After signing out: the report form kept for use without coverage (see
// sw.js) holds the user's name and organisations, so it is forgotten now
// rather than at its next fetch. Reports still waiting to be sent are kept:
// they carry their reporter's id and are sent only by them.
(function () {
  'use strict';
  if (!('caches' in window)) return;
  caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf('samverkan-report-') === 0;
    }).map(function (k) { return caches.delete(k); }));
  }).catch(function () {});
})();
