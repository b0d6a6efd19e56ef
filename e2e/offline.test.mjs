// Reporting without coverage: a security guard on a phone opens the report
// form once with coverage, loses it, files two reports (kept on the phone,
// listed as waiting), reloads the form without coverage (the service worker
// serves it), gets coverage back and sees both sent; exactly two reports
// are stored. The phone then believes the answers were lost and sends both
// again, twice: still exactly two, since each report carries its
// external_id.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, signIn, T, phone, reporter, runID, text, testNow,
} from './helpers.mjs';

const sv = (key, ...args) => T('sv', key, ...args);
const KEY = 'samverkan.offline-reports.v1';

let app;
before(async () => {
  // The server logs every request, so that the test can tell that the
  // form came from the phone and not from the server.
  app = await setup(import.meta.url, { serverArgs: ['--log-level', 'info'] });
});
after(async () => {
  await app?.teardown();
});

// formRequests counts the requests for the form the server has answered.
function formRequests() {
  return app.server.output().split('\n').filter((l) => l.includes('GET /reports/new')).length;
}

// stored returns the reports of this run, found by the marker in their text.
async function stored(page, marker) {
  // A day before the tests' day (the server's clock).
  const today = new Date(new Date(testNow).getTime() - 24 * 3600 * 1000).toISOString().slice(0, 10);
  const res = await page.request.get(`/api/v1/reports?municipality_code=2023&from=${today}&limit=1000`);
  assert.equal(res.status(), 200);
  const body = await res.json();
  assert.ok(body.next_cursor === '', 'one page of reports since yesterday');
  return body.items.filter((r) => r.description.includes(marker));
}

async function fileReport(page, category, description) {
  await page.getByLabel(category, { exact: true }).check();
  await page.getByLabel(sv('report.field.description'), { exact: true }).fill(description);
  await page.getByRole('button', { name: sv('report.new.submit') }).click();
}

test('a guard without coverage files two reports that are sent once when the connection returns', async (t) => {
  const page = await app.newPage(t, phone);
  const context = page.context();
  const marker = `offline-${runID}`;
  await signIn(page, reporter.email);

  // One visit with coverage: the worker installs and keeps the form.
  await visit(page, '/reports/new', { label: 'online' });
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    // The worker keeps the form when the page asks; wait until it has.
    for (let i = 0; i < 100; i++) {
      const names = await caches.keys();
      for (const n of names) {
        const c = await caches.open(n);
        if (await c.match('/reports/new')) return reg.scope;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the form was not kept');
  });
  assert.equal(await page.locator('#offline-queue').isHidden(), true, 'nothing waits at first');
  assert.deepEqual(await stored(page, marker), []);

  // No coverage: two reports, kept on the phone.
  await context.setOffline(true);
  await fileReport(page, 'Skadegörelse', `${marker}: krossad ruta i busskuren.`);
  const status = page.locator('#offline-status');
  await assert.doesNotReject(status.filter({ hasText: sv('report.offline.waiting_one') }).waitFor());
  assert.match(await text(status), new RegExp(sv('report.offline.kept').slice(0, 20)));
  // The form is empty again for the next report, with a new id.
  assert.equal(await page.getByLabel(sv('report.field.description'), { exact: true }).inputValue(), '');
  await fileReport(page, 'Berusade personer', `${marker}: två berusade vid liftkön.`);
  await status.filter({ hasText: sv('report.offline.waiting_many', 2) }).waitFor();
  const items = page.locator('#offline-list > li');
  assert.equal(await items.count(), 2);
  assert.match(await text(items.nth(0)), /^Skadegörelse · gjord /);
  assert.match(await text(items.nth(1)), /^Berusade personer · gjord /);
  const queue = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);
  assert.equal(queue.length, 2);
  assert.notEqual(queue[0].id, queue[1].id, 'each report has its own external_id');
  await check(page, 'two-waiting');

  // Without coverage the form opens from the phone.
  const before = formRequests();
  const res = await page.reload();
  assert.ok(res.fromServiceWorker(), 'the form came from the service worker');
  assert.equal(res.status(), 200);
  await check(page, 'offline-reload');
  assert.equal(formRequests(), before, 'the server was not asked for the form');
  await status.filter({ hasText: sv('report.offline.waiting_many', 2) }).waitFor();
  assert.equal(await page.locator('#offline-list > li').count(), 2);

  // Coverage again: both are sent, once.
  await context.setOffline(false);
  await status.filter({ hasText: sv('report.offline.sent_many', 2) }).waitFor();
  assert.equal(await page.locator('#offline-list > li').count(), 0);
  const sent = page.locator('#offline-sent-list a');
  assert.equal(await sent.count(), 2);
  await check(page, 'sent');
  let reports = await stored(page, marker);
  assert.equal(reports.length, 2, 'exactly two reports stored');
  assert.deepEqual(reports.map((r) => r.external_id).sort(), queue.map((q) => q.id).sort());
  assert.deepEqual(reports.map((r) => r.category).sort(), ['Berusade personer', 'Skadegörelse']);
  assert.ok(reports.every((r) => r.organization_id && r.source === 'report'));

  // The answers were lost, as far as the phone knows: it sends both again,
  // with "Send now" and at the next visit of the form.
  await page.evaluate(([k, q]) => localStorage.setItem(k, JSON.stringify(q)), [KEY, queue]);
  await page.reload();
  await status.filter({ hasText: sv('report.offline.sent_many', 2) }).waitFor();
  await page.evaluate(([k, q]) => localStorage.setItem(k, JSON.stringify(q)), [KEY, queue]);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await status.filter({ hasText: sv('report.offline.sent_many', 2) }).waitFor();
  reports = await stored(page, marker);
  assert.equal(reports.length, 2, 'still exactly two reports after two resends');
  assert.deepEqual(await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY), []);
  await check(page, 'resent');

  // Signing out forgets the kept form: it holds the reporter's name.
  await Promise.all([page.waitForURL(/\/login\?signed_out=1$/), page.getByRole('button', { name: sv('layout.sign_out') }).click()]);
  await check(page, 'signed-out');
  const kept = await page.evaluate(async () => {
    for (let i = 0; i < 100; i++) {
      let found = false;
      for (const n of await caches.keys()) {
        if (n.startsWith('samverkan-report-') && await (await caches.open(n)).match('/reports/new')) found = true;
      }
      if (!found) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  });
  assert.equal(kept, false, 'the form is no longer kept after signing out');
});

test('a report the server refuses stays on the phone to be corrected', async (t) => {
  const page = await app.newPage(t, phone);
  const context = page.context();
  const marker = `refused-${runID}`;
  await signIn(page, reporter.email);
  await visit(page, '/reports/new');

  // Filed without coverage and without a category.
  await context.setOffline(true);
  await page.getByLabel(sv('report.field.description'), { exact: true }).fill(`${marker}: glömde kategorin.`);
  await page.getByRole('button', { name: sv('report.new.submit') }).click();
  const status = page.locator('#offline-status');
  await status.filter({ hasText: sv('report.offline.waiting_one') }).waitFor();
  await context.setOffline(false);

  // The server says what is wrong; the report stays, marked.
  const item = page.locator('#offline-list > li.invalid');
  await item.waitFor();
  assert.ok((await text(item)).includes(`${sv('report.field.category')}: ${sv('error.choose')}`), await text(item));
  // The refusal (422) is what this test is about; the helpers take any
  // failed fetch for a broken page, so it is expected here, and cleared.
  await assert.rejects(check(page), /fetch \S+\/reports answered 422/);
  await check(page, 'refused');
  assert.deepEqual(await stored(page, marker), []);

  // Corrected in the form, with the same id, and sent.
  const id = await page.evaluate((k) => JSON.parse(localStorage.getItem(k))[0].id, KEY);
  await item.getByRole('button', { name: sv('report.offline.correct') }).click();
  assert.equal(await page.locator('#report-form input[name=external_id]').inputValue(), id);
  assert.equal(await page.getByLabel(sv('report.field.description'), { exact: true }).inputValue(), `${marker}: glömde kategorin.`);
  await check(page, 'correcting');
  await page.getByLabel('Övrigt', { exact: true }).check();
  await Promise.all([page.waitForURL(/\/reports\/\d+$/), page.getByRole('button', { name: sv('report.new.submit') }).click()]);
  await check(page, 'corrected');
  assert.equal(await text(page.locator('.notice.success')), sv('report.saved'));
  const reports = await stored(page, marker);
  assert.equal(reports.length, 1);
  assert.equal(reports[0].external_id, id);

  // The form posted it as without the script; the phone kept it until it
  // knows, and at the next visit finds it made: nothing to send, nothing
  // shown.
  await visit(page, '/reports/new', { label: 'after' });
  await page.waitForFunction((k) => localStorage.getItem(k) === '[]', KEY);
  assert.equal(await page.locator('#offline-queue').isHidden(), true);
  assert.equal((await stored(page, marker)).length, 1);
});
