// After signing out: the report form and the safety walks' point forms kept
// for use without coverage (form-worker.js, served at /reports/sw.js and
// /safety-walks/sw.js) hold the user's name and organisations, so they are
// forgotten now rather than at its next fetch. Reports still waiting to be sent are kept:
// they carry their reporter's id and are sent only by them.
(function () {
  'use strict';
  if (!('caches' in window)) return;
  caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf('samverkan-report-') === 0 || k.indexOf('samverkan-walk-') === 0;
    }).map(function (k) { return caches.delete(k); }));
  }).catch(function () {});
})();
