// The weekly checklist (EST): a security guard fills in the week on a small
// phone (360×740, touch) from the start page, gets an error back with what
// was typed kept, corrects it and sends it; the week's lines are reports of
// the week. The coordinator sees who has reported and reminds the
// restaurant, whose reporter finds the reminder on the start page. axe-core
// checks every page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, submit, signIn, errorSummary, T, phone, reporter, text, menu,
} from './helpers.mjs';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);

// The week of the tests' day, as the form says it ("2026-W50").
let weekName;
let weekNumber;

// line is the fieldset of a category's line.
const line = (page, category) => page.locator('.weekly-line').filter({ has: page.locator('legend', { hasText: new RegExp(`^${category}$`) }) });

test('a guard sends the week on a phone', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, reporter.email);
  const start = page.locator('.start-reports');
  assert.match(await text(start), new RegExp(sv('weekly.start.not_sent', reporter.org, 'Malung-Sälen').replace(/[().]/g, '\\$&')));

  // From the start page's link to the form.
  await Promise.all([page.waitForURL('**/reports/week'), start.getByRole('link', { name: sv('weekly.start.link') }).tap()]);
  await check(page, 'form');
  assert.equal(await (await menu(page)).getByRole('link', { name: sv('nav.report_week'), exact: true }).getAttribute('aria-current'), 'page');
  weekName = await page.locator('input[name="week"]').inputValue();
  assert.match(weekName, /^\d{4}-W\d{2}$/);
  weekNumber = Number(weekName.slice(6));
  // Every category of the checklist is a line with a number to tap.
  assert.equal(await page.locator('.weekly-line:not([data-spare])').count(), 12);
  const count = line(page, 'Berusade personer').getByLabel(sv('weekly.field.count'));
  const box = await count.boundingBox();
  assert.ok(box.height >= 44 && box.x + box.width <= 360, `the number field is ${box.width}×${box.height} at ${box.x}`);

  // The place and the note are folded away until wanted.
  const drunk = line(page, 'Berusade personer');
  await count.fill('3');
  await drunk.locator('summary').tap();
  await drunk.getByLabel(sv('weekly.field.place')).selectOption('Lindvallen');
  await drunk.getByLabel(sv('weekly.field.note')).fill('Mest vid afterski på fredagen.');
  await line(page, 'Klotter').getByLabel(sv('weekly.field.count')).fill('1');
  await line(page, 'Skadegörelse').getByLabel(sv('weekly.field.count')).fill('-2');
  // The same category at another place: a line added on the phone.
  await page.getByRole('button', { name: sv('weekly.add_line') }).tap();
  const spares = page.locator('li[data-spare]');
  assert.equal(await spares.count(), 2, 'one spare line more, without a round trip');
  const spare = spares.nth(0);
  await spare.getByLabel(sv('weekly.field.category')).selectOption('Berusade personer');
  await spare.getByLabel(sv('weekly.field.count')).fill('2');
  await spare.locator('summary').tap();
  await spare.getByLabel(sv('weekly.field.place')).selectOption('Tandådalen');
  await check(page, 'filled-in');

  // An impossible number: the form comes back with it and the rest kept.
  const send = page.getByRole('button', { name: sv('weekly.submit', weekNumber) });
  assert.equal(await submit(page, send, 'error'), 422);
  assert.deepEqual(await errorSummary(page), [`Skadegörelse: ${sv('weekly.field.count')}: ${T('sv', 'error.weekly_count_range', 1000)}`]);
  assert.equal(await line(page, 'Berusade personer').getByLabel(sv('weekly.field.count')).inputValue(), '3');
  assert.equal(await line(page, 'Berusade personer').getByLabel(sv('weekly.field.note')).inputValue(), 'Mest vid afterski på fredagen.');
  assert.equal(await page.locator('li[data-spare]').nth(0).getByLabel(sv('weekly.field.place')).inputValue(), 'Tandådalen');

  await line(page, 'Skadegörelse').getByLabel(sv('weekly.field.count')).fill('0');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('weekly.submit', weekNumber) }), 'sent'), 200);
  const sent = page.locator('#sent');
  assert.match(await text(sent), new RegExp(sv('weekly.sent_heading', weekNumber)));
  assert.match(await text(sent), /6 iakttagelser/);
  assert.equal(await text(page.locator('.notice[role=status]')), sv('weekly.flash.created'));

  // The week's lines are reports of the week, known by the week only.
  // (They happened "during the week": occurred_at is its Monday 00:00.)
  const monday = (await text(page.locator('.week-range'))).match(/\d{4}-\d{2}-\d{2}/)[0];
  const res = await page.request.get(`/api/v1/reports?municipality_code=2023&from=${monday}&to=${monday}&limit=500`);
  const weekly = (await res.json()).items.filter((r) => r.period === 'week' && r.week === weekName);
  assert.deepEqual(weekly.map((r) => `${r.category}@${r.place}:${r.count}`).sort(),
    ['Berusade personer@Lindvallen:3', 'Berusade personer@Tandådalen:2', 'Klotter@:1']);

  // The start page says so.
  await visit(page, '/start', { label: 'start-sent' });
  assert.match(await text(page.locator('.weekly-start')), new RegExp(`${reporter.org.replace(/[().]/g, '\\$&')} i Malung-Sälen: skickad`));
});

test('the coordinator sees who has reported and reminds the restaurant', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, 'samordnare@demo.example');
  await Promise.all([page.waitForURL('**/municipalities/2023/weekly'),
    page.getByRole('link', { name: sv('weekly.start.status_link', 'Malung-Sälen') }).click()]);
  await check(page, 'status');
  const rows = page.locator('tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await text(rows.filter({ hasText: reporter.org })), new RegExp(sv('weekly.status.sent')));
  assert.match(await text(rows.filter({ hasText: 'Restaurang Kåtan' })), new RegExp(sv('weekly.status.not_sent')));

  assert.equal(await submit(page, page.getByRole('button', { name: T('sv', 'weekly.remind.button.one', 1) }), 'reminded'), 200);
  assert.equal(await text(page.locator('.notice[role=status]')), sv('weekly.flash.reminded'));
  assert.match(await text(rows.filter({ hasText: 'Restaurang Kåtan' })), /1 person/);
  assert.match(await text(page.locator('.weekly-remind')), new RegExp(sv('weekly.remind.all_reminded')));

  // The restaurant's reporter finds the reminder on the phone.
  const phonePage = await app.newPage(t, phone);
  await signIn(phonePage, 'krog@demo.example');
  const notice = phonePage.locator('.weekly-reminder');
  assert.match(await text(notice), new RegExp(sv('weekly.start.reminder', 'Restaurang Kåtan, Lindvallen \\(demo\\)', weekNumber, 'Malung-Sälen')));
  await Promise.all([phonePage.waitForURL('**/reports/week?**'), notice.getByRole('link').tap()]);
  await check(phonePage, 'reminded-form');
  assert.equal(await phonePage.locator('input[name="week"]').inputValue(), weekName);
});

test('the restaurant sends its week without coverage, once', async (t) => {
  const page = await app.newPage(t, phone);
  const context = page.context();
  const KEY = 'samverkan.offline-reports.v1';
  await signIn(page, 'krog@demo.example');

  // One visit with coverage: the service worker keeps the form.
  await visit(page, '/reports/week', { label: 'online' });
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 100; i++) {
      for (const n of await caches.keys()) {
        if (await (await caches.open(n)).match('/reports/week')) return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the weekly checklist was not kept');
  });

  // No coverage: the week is kept on the phone, as typed.
  await context.setOffline(true);
  await line(page, 'Berusade personer').getByLabel(sv('weekly.field.count')).fill('7');
  await page.getByRole('button', { name: sv('weekly.submit', weekNumber) }).click();
  const status = page.locator('#offline-status');
  await status.filter({ hasText: sv('report.offline.waiting_one') }).waitFor();
  const label = T('sv', 'weekly.offline.label', weekNumber, 'Malung-Sälen');
  assert.match(await text(page.locator('#offline-list > li')), new RegExp(`^${label}`));
  assert.equal(await line(page, 'Berusade personer').getByLabel(sv('weekly.field.count')).inputValue(), '7');
  // Changed and sent again while still without coverage: the newer
  // version replaces the waiting one.
  await line(page, 'Nedskräpning').getByLabel(sv('weekly.field.count')).fill('2');
  await page.getByRole('button', { name: sv('weekly.submit', weekNumber) }).click();
  await page.waitForFunction((k) => JSON.parse(localStorage.getItem(k)).length === 1
    && JSON.parse(localStorage.getItem(k))[0].fields.some(([n, v]) => v === '2'), KEY);
  const queue = await page.evaluate((k) => JSON.parse(localStorage.getItem(k)), KEY);
  await check(page, 'kept');

  // The form opens from the phone without coverage.
  const res = await page.reload();
  assert.ok(res.fromServiceWorker(), 'the form came from the service worker');
  await check(page, 'offline-reload');
  await status.filter({ hasText: sv('report.offline.waiting_one') }).waitFor();

  // Coverage again: sent, once. (What the server answered each post of
  // the queue is recorded.)
  const answers = [];
  page.on('response', async (r) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/reports/week') {
      answers.push((await r.json().catch(() => ({}))).status);
    }
  });
  await context.setOffline(false);
  await status.filter({ hasText: sv('report.offline.sent_one') }).waitFor();
  await check(page, 'sent');
  const week = async () => {
    const r = await page.request.get(`/reports/week?week=${weekName}`);
    assert.equal(r.status(), 200);
    return r.text();
  };
  assert.match(await week(), /9 iakttagelser/);

  // The answer was lost, as far as the phone knows: sent again, it
  // changes nothing.
  await page.evaluate(([k, q]) => localStorage.setItem(k, JSON.stringify(q)), [KEY, queue]);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await status.filter({ hasText: sv('report.offline.sent_one') }).waitFor();
  await page.waitForFunction((k) => localStorage.getItem(k) === '[]', KEY);
  assert.match(await week(), /9 iakttagelser/);
  assert.deepEqual(answers, ['created', 'repeat']);

  // The reminder is gone from the start page.
  await visit(page, '/start', { label: 'start-after' });
  assert.equal(await page.locator('.weekly-reminder').count(), 0);
});
