// Activities, meetings and the calendar: a police member on a phone logs a
// traffic control against the renewed Sälen promise's commitment (the
// promise of 2016–2018 has ended: its commitments are not offered) and sees
// its progress move on the public page of the promise; then, at a desk, reads
// the calendar and the map, makes a meeting whose bad input is refused with
// what was typed kept, and marks an action item done on the start page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, submit, signIn, errorSummary, text, T, phone, runID, renewedPromise, testNow, menu,
} from './helpers.mjs';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);
const police = 'polis@demo.example';
const salenPromise = renewedPromise;
const trafficCommitment = 'Polisen genomför trafikkontroller';
const endedCommitment = 'Att genomföra Trafikkontroller'; // of the promise of 2016–2018

const field = (page, name) => page.locator(`[name="${name}"]`);

// progress reads how many activities the public page of the Sälen promise
// counts toward the traffic-control commitment.
async function progress(page) {
  await visit(page, '/kommun/2023', { label: 'kommun' });
  await Promise.all([page.waitForURL('**/promises/*'), page.getByRole('link', { name: salenPromise }).first().click()]);
  await check(page, 'promise');
  const commitment = page.locator('li.commitment', { hasText: trafficCommitment });
  const said = await text(commitment.locator('.progress-text'));
  const m = said.match(/^(\d+) /);
  assert.ok(m, `the traffic-control commitment's progress: ${said}`);
  return Number(m[1]);
}

test('a police member on a phone logs a traffic control and its progress moves on the public page', async (t) => {
  const visitor = await app.newPage(t, phone);
  const before = await progress(visitor);
  assert.ok(before > 0, 'the demo has traffic controls toward the commitment');

  const page = await app.newPage(t, phone);
  await signIn(page, police);
  await Promise.all([page.waitForURL('**/activities'),
    (await menu(page)).getByRole('link', { name: sv('nav.activities') }).tap()]);
  await check(page, 'activities');
  await Promise.all([page.waitForURL('**/activities/new'), page.getByRole('link', { name: sv('activity.new.heading') }).first().tap()]);
  await check(page, 'form');

  // The kind first: activity.js shows its counters only.
  await page.getByLabel(sv('activity.kind.traffic_control'), { exact: true }).check();
  assert.ok(await page.locator('.kind-group[data-kind="traffic_control"]').isVisible());
  assert.ok(await page.locator('.kind-group[data-kind="patrol"]').isHidden(), 'a patrol\'s counters are hidden');
  assert.ok(await page.getByLabel(sv('activity.counter.vehicles_checked')).isVisible());
  assert.ok(await page.getByRole('button', { name: sv('activity.form.more_participants') }).isHidden(), 'no rows of participants to add');

  // Three hours before the server's now (the tests' day, not this
  // machine's clock), in Swedish time as the form reads it: started, so
  // it counts.
  const now = new Date(new Date(testNow).getTime() - 3 * 3600 * 1000);
  const local = (d) => d.toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' }).replace(' ', 'T').slice(0, 16);
  await field(page, 'started_at').fill(local(now));
  await field(page, 'ended_at').fill(local(new Date(now.getTime() + 2 * 3600 * 1000)));
  await field(page, 'place').fill('Riksväg 71 vid Sälens by');
  const option = page.locator('#f-commitment-id option', { hasText: trafficCommitment });
  assert.equal(await page.locator('#f-commitment-id option', { hasText: endedCommitment }).count(), 0, 'an ended promise\'s commitment is offered');
  await field(page, 'commitment_id').selectOption(await option.getAttribute('value'));
  await page.getByLabel(sv('activity.counter.vehicles_checked')).fill('142');
  await page.getByLabel(sv('activity.counter.breath_tests')).fill('140');
  await page.getByLabel(sv('activity.counter.offences')).fill('2');
  const status = await submit(page, page.getByRole('button', { name: sv('activity.new.submit') }), 'saved');
  assert.equal(status, 200);
  assert.match(new URL(page.url()).pathname, /^\/activities\/\d+$/);
  assert.equal(await text(page.locator('[role=status]')), sv('activity.saved'));
  assert.match(await text(page.locator('main')), /Riksväg 71 vid Sälens by/);
  assert.match(await text(page.locator('main')), /142/);

  assert.equal(await progress(visitor), before + 1, 'the public page counts one more traffic control');
});

test('the calendar, the map, a meeting with a bad input, and an action item done on the start page', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, police);
  const items = page.locator('.start-actions .action-item');
  const action = `Trafikkontroll på ankomstdagen ${runID}`;

  // The calendar of a month of the demo's first season.
  await visit(page, '/activities', { label: 'activities' });
  await page.getByRole('navigation', { name: sv('activity.views.label') }).getByRole('link', { name: sv('activity.views.calendar') }).click();
  await check(page, 'calendar-now');
  await field(page, 'month').fill('2017-02');
  await field(page, 'municipality_code').selectOption('2023');
  await submit(page, page.locator('.month-form button'), 'calendar-february');
  const monday = page.locator('li.day', { has: page.locator('time[datetime="2017-02-13"]') });
  assert.match(await text(monday), /Samverkansmöte polis och ordningsvakter, vecka 7/);
  await Promise.all([page.waitForURL('**/calendar?month=2017-03*'), page.getByRole('link', { name: sv('calendar.next') }).click()]);
  await check(page, 'calendar-march');
  assert.match(await text(page.locator('h1')), /mars 2017/);

  // The map of the traffic controls.
  await visit(page, '/activities/map?kind=traffic_control&municipality_code=2023', { label: 'map' });
  const rows = await page.locator('table.map-points tbody tr').count();
  assert.ok(rows > 0, 'the map lists its points');
  if (await page.locator('.map').count() > 0) {
    await page.locator('.map .leaflet-marker-icon').first().waitFor();
  }

  // A meeting: a bad input is refused, what was typed is kept.
  await visit(page, '/meetings', { label: 'meetings' });
  await Promise.all([page.waitForURL('**/meetings/new'), page.getByRole('link', { name: sv('meeting.new.heading') }).click()]);
  await check(page, 'meeting-form');
  await field(page, 'title').fill('Samverkansmöte inför sportlovet');
  await field(page, 'kind').selectOption('collaboration');
  await field(page, 'starts_at').fill('2027-02-15T10:00');
  await field(page, 'ends_at').fill('2027-02-15T09:00');
  await field(page, 'municipality_code').selectOption('2023');
  await page.getByLabel('Fjällvakterna Ordningsvakter AB (demo)', { exact: true }).check();
  await field(page, 'attendees.0.name').fill('Vaktchefen');
  await field(page, 'actions.0.text').fill('Två extra ordningsvakter vid afterski');
  await field(page, 'actions.0.organization_id').selectOption({ label: 'Fjällvakterna Ordningsvakter AB (demo)' });
  await field(page, 'actions.0.due_on').fill('2027-02-20');
  await field(page, 'actions.1.text').fill(action);
  await field(page, 'actions.1.organization_id').selectOption({ label: 'Polisen, lokalpolisområde Mora' });
  await field(page, 'actions.1.due_on').fill('2027-02-20');
  const refused = await submit(page, page.getByRole('button', { name: sv('meeting.new.submit') }), 'meeting-refused');
  assert.equal(refused, 422);
  const summary = await errorSummary(page);
  assert.ok(summary.some((s) => s.startsWith(sv('meeting.field.ends_at'))), `the summary names the end: ${summary}`);
  assert.equal(await field(page, 'title').inputValue(), 'Samverkansmöte inför sportlovet');
  assert.equal(await field(page, 'actions.0.text').inputValue(), 'Två extra ordningsvakter vid afterski');
  assert.ok(await page.getByLabel('Fjällvakterna Ordningsvakter AB (demo)', { exact: true }).isChecked());
  await field(page, 'ends_at').fill('2027-02-15T11:00');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('meeting.new.submit') }), 'meeting-saved'), 200);
  assert.equal(await text(page.locator('h1')), 'Samverkansmöte inför sportlovet');
  assert.ok(await page.getByRole('link', { name: sv('meeting.view.ics') }).count() === 1);

  // The feed's page offers a link to subscribe with.
  await visit(page, '/calendar/feed', { label: 'feed' });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('calendar.feed.create') }), 'feed-created'), 201);
  assert.match(await page.locator('#feed-url').inputValue(), /\/calendar\.ics\?token=svk_/);

  // The police's action item is on their start page among the demo's open
  // ones, none of which is overdue; marked done there it leaves it. The
  // guards' item is not the police's.
  await visit(page, '/start', { label: 'start' });
  const open = await items.count();
  assert.equal(await items.filter({ hasText: '(demo)' }).locator('.overdue').count(), 0, 'the demo has no overdue action item');
  const mine = items.filter({ hasText: action });
  assert.equal(await mine.count(), 1, 'the new action item is on the start page');
  assert.match(await text(mine), /2027-02-20/);
  assert.equal(await items.filter({ hasText: 'Två extra ordningsvakter vid afterski' }).count(), 0);
  await submit(page, mine.getByRole('button', { name: new RegExp(sv('meeting.action.mark_done')) }), 'start-done');
  assert.equal(new URL(page.url()).pathname, '/start');
  assert.equal(await text(page.locator('[role=status]')), sv('meeting.action_done'));
  assert.equal(await items.count(), open - 1);
  assert.equal(await items.filter({ hasText: action }).count(), 0, 'the item done is gone');
});

test('the pages of the area in English', async (t) => {
  const page = await app.newPage(t, { locale: 'en-GB' });
  await signIn(page, 'alkohol@demo.example');
  for (const [path, heading] of [
    ['/activities', T('en', 'activity.list.heading')],
    ['/activities/new?kind=training', T('en', 'activity.new.heading')],
    ['/trainings', T('en', 'activity.trainings.heading')],
    ['/meetings', T('en', 'meeting.list.heading')],
    ['/calendar?month=2017-12', T('en', 'calendar.heading', 'December 2017')],
  ]) {
    await visit(page, path);
    assert.equal(await text(page.locator('h1')), heading, `h1 of ${path}`);
  }
});
