// A municipality's report settings: the coordinator of Malung-Sälen, on a
// phone, goes from the start page to the settings, gets a duplicate
// category refused with the list kept, saves the checklist, adds a place
// and uploads an area as a GeoJSON file; the reporter's form offers what
// was saved.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, submit, signIn, errorSummary, T, phone, text,
} from './helpers.mjs';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);
const coordinator = 'samordnare@demo.example';
const settings = '/municipalities/2023/settings';

const area = {
  type: 'FeatureCollection',
  features: [{
    type: 'Feature',
    properties: { name: 'Malung centrum' },
    geometry: { type: 'Polygon', coordinates: [[[13.70, 60.67], [13.74, 60.67], [13.74, 60.69], [13.70, 60.69], [13.70, 60.67]]] },
  }],
};

test('the coordinator changes the checklist, adds a place and uploads an area', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, coordinator);
  await Promise.all([page.waitForURL(`**${settings}`),
    page.getByRole('link', { name: sv('start.settings_link', 'Malung-Sälen') }).tap()]);
  await check(page, 'settings');
  assert.equal(await text(page.getByRole('heading', { level: 1 })), sv('settings.title', 'Malung-Sälen'));

  // A category twice: refused at the field, the list as typed kept.
  const list = page.getByLabel(sv('field.categories'), { exact: true });
  const typed = 'Fylla\nKlotter\nklotter';
  await list.fill(typed);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('settings.categories.submit') }), 'categories-twice'), 422);
  assert.deepEqual(await errorSummary(page), [`${sv('field.categories')}: ${sv('error.category_twice', 'klotter')}`]);
  assert.equal(await list.inputValue(), typed);
  assert.equal(await list.getAttribute('aria-invalid'), 'true');

  // Corrected and saved.
  await list.fill('Fylla\nKlotter\nSkadegörelse');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('settings.categories.submit') }), 'categories-saved'), 200);
  assert.equal(await text(page.locator('.notice.success')), sv('settings.categories.saved'));
  assert.equal(await list.inputValue(), 'Fylla\nKlotter\nSkadegörelse');

  // A place with a position.
  await page.getByLabel(sv('field.name'), { exact: true }).fill('Torget i Malung');
  await page.getByLabel(`${sv('field.lat')} ${sv('form.optional')}`, { exact: true }).fill('60,6843');
  await page.getByLabel(`${sv('field.lon')} ${sv('form.optional')}`, { exact: true }).fill('13,7168');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('settings.places.submit') }), 'place-added'), 200);
  assert.equal(await text(page.locator('.notice.success')), sv('settings.places.added'));
  assert.equal(await page.locator('table tbody tr', { hasText: 'Torget i Malung' }).count(), 1);

  // An area from a file.
  await page.getByLabel(sv('settings.areas.file')).setInputFiles({
    name: 'omraden.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(area)),
  });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('settings.areas.submit') }), 'area-uploaded'), 200);
  assert.equal(await text(page.locator('.notice.success')), sv('settings.areas.saved_one'));
  assert.ok((await page.locator('.area-list li').allInnerTexts()).includes('Malung centrum'));

  // The reporter's form offers the new checklist and the place.
  const res = await page.request.get('/api/v1/municipalities/2023');
  const body = await res.json();
  assert.deepEqual(body.categories, ['Fylla', 'Klotter', 'Skadegörelse']);
  await visit(page, '/reports/new?municipality_code=2023', { label: 'report-form' });
  assert.equal(await page.getByLabel('Fylla', { exact: true }).count(), 1);
  assert.equal(await page.locator('option[value="Torget i Malung"]').count(), 1);
});
