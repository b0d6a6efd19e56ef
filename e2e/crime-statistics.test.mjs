// Brå's crime statistics: Mora's coordinator opens the demo's (synthetic)
// series, uploads a file exported from Brå's statistics database with a bad
// line (the page names the line in Swedish and nothing is stored), then a
// good one in ISO-8859-1 as Brå serves it, and reads the new series as a
// table and a chart drawn on the server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, submit, signIn, errorSummary, text, T, runID, menu,
} from './helpers.mjs';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);
const moraCoordinator = 'samordnare.mora@demo.example';
const crime = `Skadegörelsebrott e2e ${runID}`;

function latin1(s) {
  return Buffer.from(s, 'latin1');
}

const good = 'Region;Brott;År;Period;Antal;/100 000 inv;\n'
  + `Mora kommun;${crime};År;2023;410;1 998;\n`
  + `Mora kommun;${crime};År;2024;432;2 104,5;\n`
  + `Mora kommun;${crime};År;2025 prel.;455;2 210;\n`
  + `Dalarnas län;${crime};År;2023;4 100;1 423;\n`
  + `Dalarnas län;${crime};År;2024;4 250;1 475;\n`
  + `Dalarnas län;${crime};År;2025 prel.;4 300;1 490;\n`
  + `Riket;${crime};År;2023;180 000;1 711;\n`
  + `Riket;${crime};År;2024;176 000;1 668;\n`
  + `Riket;${crime};År;2025 prel.;..;1 650;\n`
  + `Riket;${crime};2025 prel.;Aug;14 000;..;\n`
  + `Region Bergslagen;${crime};År;2024;20 000;2 000;\n`;

const bad = good.replace('432;2 104,5', 'fyrahundra;2 104,5');

test('Mora\'s coordinator imports Brå\'s statistics and reads the series beside the county and the country', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, moraCoordinator);
  await Promise.all([page.waitForURL('**/crime-statistics'),
    (await menu(page)).getByRole('link', { name: sv('nav.crime_statistics') }).click()]);
  await check(page, 'demo-series');
  assert.match(await text(page.locator('main')), /syntetiska \(demo\)/, 'the demo series are labelled synthetic');
  assert.equal(await page.locator('main svg[role=img]').count(), 1, 'the demo series have a chart');

  await Promise.all([page.waitForURL('**/crime-statistics/import'), page.getByRole('link', { name: sv('crimestats.import.link') }).click()]);
  await check(page, 'import-form');

  // A bad line: its number and what is wrong, in Swedish; nothing stored.
  await page.locator('input[type=file][name=bra_file]').setInputFiles({ name: 'Databasfil.txt', mimeType: 'text/plain', buffer: latin1(bad) });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('crimestats.import.submit') }), 'import-refused'), 422);
  const errors = await errorSummary(page);
  assert.ok(errors.some((e) => e.includes('rad 3, Antal: "fyrahundra" är inget antal')), `the summary names the line: ${errors}`);
  await visit(page, `/crime-statistics?municipality=2062&crime=${encodeURIComponent(crime)}`, { label: 'nothing-stored' });
  assert.doesNotMatch(await text(page.locator('main')), new RegExp(`${crime} i Mora`), 'the refused file stored nothing');

  // The good file: the police region is rejected, the rest stored.
  await visit(page, '/crime-statistics/import', { label: 'import-again' });
  await page.locator('input[type=file][name=bra_file]').setInputFiles({ name: 'Databasfil.txt', mimeType: 'text/plain', buffer: latin1(good) });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('crimestats.import.submit') }), 'imported'), 200);
  const result = await text(page.locator('[role=status]'));
  assert.match(result, /imported 10, replaced 0, rejected 1/);
  assert.match(result, new RegExp(sv('crimestats.import.imported', 10)));

  // The series: table and chart, chosen with the GET form.
  await Promise.all([page.waitForURL('**/crime-statistics'), page.getByRole('link', { name: sv('crimestats.import.to_series') }).click()]);
  await page.getByLabel(sv('field.crime'), { exact: true }).selectOption(crime);
  await submit(page, page.getByRole('button', { name: sv('crimestats.choice.submit') }), 'series');
  const main = await text(page.locator('main'));
  assert.match(main, new RegExp(`${crime} i Mora`));
  const table = page.locator('table.crimestats-table');
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim().replace(/\s+/g, ' '))));
  assert.deepEqual(rows.map((r) => r[0]), ['2025 prel.', 'aug 2025 prel.', '2024', '2023'], 'newest first, the whole year before its months');
  assert.deepEqual(rows[2], ['2024', '432', '2 104,5', '4 250', '1 475', '176 000', '1 668']);
  assert.deepEqual(rows[0].slice(5), ['..', '1 650'], '".." is not applicable, not zero');
  const chart = page.locator('main svg[role=img]');
  assert.equal(await chart.locator('polyline').count(), 3, 'three lines: Mora, Dalarnas län, Riket');
  assert.match(await chart.locator('title').first().textContent(), new RegExp(`${crime} per 100 000 invånare, 2023–2025`));
});
