// Public statistics: a visitor goes from Malung-Sälen's public page to its
// statistics, chooses weeks, reads a table per week with hidden counts
// explained, and downloads the same numbers as CSV; on a phone too. The
// coordinator raises the threshold on the settings page (a threshold below
// 3 is refused with a message), and the page hides more.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, submit, signIn, errorSummary, T, phone, text,
} from './helpers.mjs';

const sv = (key, ...args) => T('sv', key, ...args);

let app;
before(async () => {
  app = await setup(import.meta.url);
});
after(async () => {
  await app?.teardown();
});

// busiest returns the week of the last year with the most published
// counts, from the public API, and the items of that year.
async function busiest(request) {
  const res = await request.get('/api/v1/public/statistics?municipality_code=2023');
  assert.equal(res.status(), 200);
  const last = (await res.json()).items.at(-1).week;
  const [y, w] = last.split('-W').map(Number);
  const from = `${y - 1}-W${String(w + 1 > 52 ? 52 : w + 1).padStart(2, '0')}`;
  const year = await request.get(`/api/v1/public/statistics?municipality_code=2023&from_week=${from}&to_week=${last}`);
  assert.equal(year.status(), 200);
  const { items } = await year.json();
  const published = new Map();
  for (const it of items) {
    if (!it.suppressed) published.set(it.week, (published.get(it.week) ?? 0) + 1);
  }
  const best = [...published.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  assert.ok(best, 'some week of the last year has published counts');
  return best[0];
}

test('a visitor reads the weekly statistics of Malung-Sälen and downloads them', async (t) => {
  const page = await app.newPage(t, { viewport: { width: 1280, height: 900 } });
  await visit(page, '/kommun/2023');
  await Promise.all([page.waitForURL('**/kommun/2023/statistik'), page.getByRole('link', { name: sv('statistics.link') }).click()]);
  await check(page, 'default');
  assert.equal(await text(page.getByRole('heading', { level: 1 })), sv('statistics.heading', 'Malung-Sälen'));
  assert.match(await text(page.locator('.statistics-method')), new RegExp(sv('statistics.suppression.primary', 3).slice(0, 24)));

  const week = await busiest(page.request);
  await page.getByLabel(sv('field.from_week')).fill(week);
  await page.getByLabel(sv('field.to_week')).fill(week);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('statistics.range.submit') }), 'week'), 200);
  const section = page.locator(`section#w-${week}, section:has(h2#w-${week})`);
  const table = section.locator('table');
  assert.equal(await table.count(), 1, `a table for ${week}`);

  // The page's numbers are the API's.
  const api = await (await page.request.get(`/api/v1/public/statistics?municipality_code=2023&from_week=${week}&to_week=${week}`)).json();
  const heads = (await table.locator('thead th').allInnerTexts()).slice(1);
  for (const it of api.items) {
    const row = table.locator('tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${it.category.replace(/[()/]/g, '\\$&')}$`) }) });
    const cells = row.locator('td');
    if (await cells.count() === 1) {
      assert.equal(it.suppressed, true, `${it.category}: the row is hidden, the API says ${it.count}`);
      continue;
    }
    const area = it.area === '' ? sv('statistics.area_rest') : it.area;
    const cell = cells.nth(heads.indexOf(area));
    assert.equal(await text(cell), it.suppressed ? sv('statistics.suppressed') : String(it.count), `${it.category} / ${area}`);
  }

  // The CSV: the same cells.
  const href = await page.getByRole('link', { name: sv('statistics.download.csv') }).getAttribute('href');
  const csv = await page.request.get(href);
  assert.equal(csv.status(), 200);
  // For Excel with Swedish settings: a byte order mark, semicolons, CRLF.
  const body = await csv.text();
  assert.ok(body.startsWith('\ufeff'), 'the CSV begins with a byte order mark');
  const lines = body.slice(1).trim().split('\r\n');
  assert.equal(lines[0], 'week;category;area;count;suppressed');
  assert.equal(lines.length - 1, api.items.length);

  // A range backwards: the message, and the weeks kept.
  await page.getByLabel(sv('field.from_week')).fill('2026-W10');
  await page.getByLabel(sv('field.to_week')).fill('2026-W02');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('statistics.range.submit') }), 'backwards'), 422);
  assert.deepEqual(await errorSummary(page), [`${sv('field.to_week')}: ${sv('error.statistics_week_order')}`]);

  // Mora publishes none: a page saying so, and whom to ask, not a dead end.
  await visit(page, '/kommun/2062/statistik', { label: 'mora' });
  assert.match(await text(page.locator('main')), new RegExp(sv('error.statistics_not_public', 'Mora')));
  assert.equal(await page.getByRole('main').getByRole('link', { name: sv('public.municipality.heading', 'Mora') }).count() > 0, true);

  // On a phone, each category is a block.
  const phonePage = await app.newPage(t, phone);
  await visit(phonePage, `/kommun/2023/statistik?from_week=${week}&to_week=${week}`, { label: 'phone' });
});

test('the coordinator raises the threshold and the statistics hide more', async (t) => {
  const page = await app.newPage(t, { viewport: { width: 1280, height: 900 } });
  await signIn(page, 'samordnare@demo.example');
  await visit(page, '/municipalities/2023/settings');
  const threshold = page.getByLabel(sv('field.suppression_threshold'));
  const save = page.getByRole('button', { name: sv('settings.statistics.submit') });
  assert.equal(await page.getByLabel(sv('field.public_statistics')).isChecked(), true);

  await threshold.fill('2');
  assert.equal(await submit(page, save, 'threshold-2'), 422);
  assert.deepEqual(await errorSummary(page), [`${sv('field.suppression_threshold')}: ${sv('error.suppression_threshold_min', 3)}`]);

  await threshold.fill('8');
  assert.equal(await submit(page, save, 'threshold-8'), 200);
  assert.equal(await text(page.locator('.notice.success')), sv('settings.statistics.saved'));
  assert.match(await text(page.locator('#statistics-heading + p + p')), new RegExp(sv('settings.statistics.on', 8)));

  const res = await page.request.get('/api/v1/public/statistics?municipality_code=2023');
  const { items } = await res.json();
  assert.ok(items.length > 0 && items.every((it) => it.suppressed || it.count >= 8), 'nothing below 8 is published');
  await Promise.all([page.waitForURL('**/kommun/2023/statistik'), page.getByRole('link', { name: sv('settings.statistics.view') }).click()]);
  await check(page, 'public-at-8');
  assert.match(await text(page.locator('.statistics-method')), new RegExp(sv('statistics.suppression.primary', 8).slice(0, 24)));

  // Back to 3, for a run on the same database again.
  await visit(page, '/municipalities/2023/settings');
  await threshold.fill('3');
  assert.equal(await submit(page, save, 'threshold-3'), 200);
});
