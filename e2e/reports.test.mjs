// Reports and the weekly situational picture: a reporter on a small phone
// files a report whose free text holds a personal identity number, is
// warned, chooses the redacted text and finds it stored so; a coordinator
// reads the week's picture with its flags, map and hour × weekday table.
// The map's tiles come from a tile server this test runs on the loopback
// address, so that the configured tile host and the CSP are tested too.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import {
  setup, visit, check, submit, signIn, errorSummary, T, phone, reporter, text, menu,
} from './helpers.mjs';

const sv = (key, ...args) => T('sv', key, ...args);
const moraCoordinator = 'samordnare.mora@demo.example';
// A personal identity number with a correct Luhn check digit.
const personnummer = '811228-9874';

// png makes a one-colour PNG of size × size pixels.
function png(size, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const x of buf) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3).map((_, i) => [r, g, b][i % 3])]);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

let tiles;
let tileRequests = 0;
let app;
before(async () => {
  const tile = png(256, [232, 238, 226]);
  tiles = http.createServer((req, res) => {
    tileRequests += /^\/\d+\/\d+\/\d+\.png$/.test(req.url) ? 1 : 0;
    res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'max-age=3600' });
    res.end(tile);
  });
  await new Promise((resolve) => tiles.listen(0, '127.0.0.1', resolve));
  const tileURL = `http://127.0.0.1:${tiles.address().port}/{z}/{x}/{y}.png`;
  app = await setup(import.meta.url, { serverArgs: ['--tile-url', tileURL, '--tile-attribution', '© Testkartan'] });
});
after(async () => {
  await app?.teardown();
  await new Promise((resolve) => (tiles ? tiles.close(resolve) : resolve()));
});

// fits asserts that the page does not scroll sideways on the phone.
async function fits(page) {
  const m = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.equal(m.innerWidth, 360, `${page.url()}: zoomed out`);
  assert.ok(m.scrollWidth <= 360, `${page.url()} scrolls sideways: ${JSON.stringify(m)}`);
}

test('a reporter on a phone is warned about a personal identity number and saves the text redacted', async (t) => {
  const page = await app.newPage(t, {
    ...phone,
    geolocation: { latitude: 61.15853, longitude: 13.26364 },
    permissions: ['geolocation'],
  });
  await signIn(page, reporter.email);
  await fits(page);
  // The start page and the menu lead to the form.
  await Promise.all([page.waitForURL('**/reports/new'), (await menu(page)).getByRole('link', { name: sv('nav.report'), exact: true }).tap()]);
  await check(page, 'form');
  await fits(page);
  assert.match(await text(page.locator('.report-for')), new RegExp(reporter.org.replace(/[()]/g, '\\$&')));

  // Every choice is big enough to tap.
  const radio = await page.getByLabel('Hot eller våld', { exact: true }).locator('xpath=ancestor::li').boundingBox();
  assert.ok(radio.height >= 44, `a category is ${radio.height} px high`);

  await page.getByLabel('Hot eller våld', { exact: true }).check();
  await page.getByLabel(new RegExp(`^${sv('report.when.yesterday_evening')}`)).check();
  await page.getByLabel(sv('report.field.place'), { exact: true }).selectOption('Lindvallen');
  // "Use my position" fills in the pin from the phone.
  await page.getByRole('button', { name: sv('report.locate') }).tap();
  await assert.doesNotReject(page.waitForFunction(() => document.getElementById('f-lat').value !== ''));
  assert.equal(await page.getByLabel(sv('report.field.lat')).inputValue(), '61,15853');
  assert.equal(await page.getByLabel(sv('report.field.lon')).inputValue(), '13,26364');
  await page.getByLabel(sv('report.field.count')).fill('2');
  await page.getByLabel(sv('report.field.assessment')).fill('hotfullt');
  const description = `Gästen med personnummer ${personnummer} hotade personalen vid entrén.`;
  await page.getByLabel(sv('report.field.description')).fill(description);

  // Sent: a warning, what was found, the text as it would be stored, and
  // nothing saved yet.
  const status = await submit(page, page.getByRole('button', { name: sv('report.new.submit') }), 'warned');
  assert.equal(status, 422);
  await fits(page);
  const warning = page.locator('.pii-warning');
  assert.equal(await text(warning.getByRole('heading')), sv('pii.heading'));
  assert.match(await text(warning), new RegExp(`${sv('pii.personal_identity_number')} “?${personnummer}`));
  assert.match(await text(warning), /Gästen med personnummer \[personnummer\] hotade personalen vid entrén\./);
  // The warning says it all; the field says it again where it is.
  assert.deepEqual(await errorSummary(page), []);
  assert.equal(await text(page.locator('#f-description-error')), `${sv('form.error_prefix')} ${sv('error.personal_data')}`);
  // What was typed is kept.
  assert.equal(await page.getByLabel(sv('report.field.description')).inputValue(), description);
  assert.equal(await page.getByLabel('Hot eller våld', { exact: true }).isChecked(), true);
  assert.equal(await page.getByLabel(sv('report.field.lat')).inputValue(), '61,15853');

  // "Edit the text" leads to the field; the reporter chooses the redacted text instead.
  const save = page.getByRole('button', { name: sv('pii.save_masked') });
  const box = await save.boundingBox();
  assert.ok(box.height >= 44 && box.x >= 0 && box.x + box.width <= 360, `the button is on the screen: ${JSON.stringify(box)}`);
  assert.equal(await submit(page, save, 'saved'), 200);
  assert.match(new URL(page.url()).pathname, /^\/reports\/\d+$/);
  await fits(page);
  assert.equal(await text(page.locator('.notice.success')), sv('report.saved'));
  assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Hot eller våld');
  const stored = await text(page.locator('.prose'));
  assert.equal(stored, 'Gästen med personnummer [personnummer] hotade personalen vid entrén.');
  assert.doesNotMatch(await page.content(), /9874/);
  // Stored so, as the API says too.
  const id = new URL(page.url()).pathname.split('/').pop();
  const api = await page.request.get(`/api/v1/reports/${id}`);
  assert.equal(api.status(), 200);
  const body = await api.json();
  assert.equal(body.description, stored);
  assert.equal(body.count, 2);
  assert.equal(body.place, 'Lindvallen');
  assert.equal(body.lat, 61.15853);

  // And another: the link leads to a fresh form.
  await Promise.all([page.waitForURL('**/reports/new?**'), page.getByRole('link', { name: sv('report.view.another') }).tap()]);
  await check(page, 'another');
  assert.equal(await page.getByLabel(sv('report.field.description')).inputValue(), '');

  // The reporter's list has the report, and only their organisation's.
  await visit(page, '/reports', { label: 'list' });
  await fits(page);
  assert.ok(await page.locator(`a[href="/reports/${id}"]`).count() >= 1, 'the list has the new report');
});

test('a coordinator reads the week\'s picture with its flags, map and heat table', async (t) => {
  const page = await app.newPage(t, { viewport: { width: 1280, height: 900 } });
  await signIn(page, moraCoordinator);
  await Promise.all([page.waitForURL('**/situation/2062'), (await menu(page)).getByRole('link', { name: sv('nav.situation'), exact: true }).click()]);
  await check(page, 'this-week');

  // One click to the previous week.
  const thisWeek = await page.locator('#f-week').inputValue();
  await Promise.all([page.waitForURL('**/situation/2062?week=*'), page.locator('a[rel="prev"]').click()]);
  await check(page, 'previous-week');
  assert.notEqual(await page.locator('#f-week').inputValue(), thisWeek);

  // The demo has a week of vandalism at Noret six weeks back: the trend's
  // sixth week of twelve.
  const res = await page.request.get('/api/v1/situation?municipality_code=2062');
  assert.equal(res.status(), 200);
  const week = (await res.json()).trend[5].week;
  const n = Number(week.slice(6));
  await visit(page, `/situation/2062?week=${week}`, { label: 'flagged-week' });
  assert.equal(await text(page.getByRole('heading', { level: 1 })), sv('situation.title', 'Mora', n, week.slice(0, 4)));
  const flags = await page.locator('.flags li').allInnerTexts();
  assert.ok(flags.some((f) => /^Skadegörelse vid Noret: \d+ rapporter, normalt [\d,]+/.test(f)),
    `a flag on vandalism at Noret, in words: ${JSON.stringify(flags)}`);
  // How a flag is set folds under its own heading, for those who ask.
  const method = page.locator('details#method');
  assert.equal(await text(method.locator('summary')), sv('situation.method_heading'));
  assert.equal(await method.evaluate((d) => d.open), false);

  // The hour × weekday table: a real table, counts as text, shades by class.
  const heat = page.locator('table.heat');
  assert.equal(await heat.locator('thead th').count(), 8);
  assert.equal(await heat.locator('tbody tr').count(), 24);
  assert.equal(await heat.locator('tbody th[scope="row"]').count(), 24);
  const counts = (await heat.locator('tbody td').allInnerTexts()).map(Number);
  assert.equal(counts.length, 24 * 7);
  assert.ok(counts.every(Number.isInteger) && counts.some((c) => c > 0), 'counts as text');
  assert.ok(await heat.locator('td.heat-4').count() >= 1, 'the busiest hour is the darkest');
  // No inline style in what the server sends (Leaflet styles the map
  // through the DOM, which the CSP allows).
  const html = await (await page.request.get(`/situation/2062?week=${week}`)).text();
  assert.doesNotMatch(html, /\sstyle=/);

  // The map: Leaflet with markers from the table of points, tiles from the
  // configured server, and the attribution it asks for.
  const map = page.locator('#week-map');
  await map.locator('.map-marker, .map-cluster').first().waitFor();
  assert.ok(await map.isVisible(), 'the map is shown');
  assert.ok(await map.locator('.leaflet-tile-loaded').count() > 0, 'tiles loaded');
  assert.ok(tileRequests > 0, 'the tile server was asked');
  assert.match(await text(map.locator('.leaflet-control-attribution')), /© Testkartan/);
  const noret = page.locator('#week-map-points tbody tr', { hasText: 'Noret' });
  assert.equal(await noret.count(), 1);
  const markerNames = await map.locator('.map-marker').evaluateAll((els) => els.map((e) => e.title));
  assert.ok(markerNames.some((m) => m.startsWith('Noret: ')), `a marker at Noret: ${markerNames}`);

  // The trend: an SVG chart and its numbers.
  assert.equal(await page.locator('svg.trend rect.bar').count(), 12);
  await page.locator('.trend-numbers summary').click();
  assert.equal(await page.locator('.trend-numbers tbody tr').count(), 12);
  await check(page, 'trend-open');

  // One click to an area.
  await Promise.all([page.waitForURL('**area=Noret**'), page.getByRole('navigation', { name: sv('situation.areas') }).getByRole('link', { name: 'Noret' }).click()]);
  await check(page, 'noret');
  assert.match(await text(page.getByRole('heading', { level: 1 })), /^Lägesbild Noret i Mora/);

  // In English too.
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForLoadState('load');
  await check(page, 'english');
  const english = await page.locator('.flags li').allInnerTexts();
  assert.ok(english.length === 0 || english.every((f) => /: \d+ reports, normally /.test(f)), JSON.stringify(english));
  // The choice is kept with the account: back to Swedish for the next test.
  await page.getByRole('button', { name: 'Svenska' }).click();
  await page.waitForLoadState('load');
  await check(page, 'svenska');
});

test('the week\'s picture and the list on a phone', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, moraCoordinator);
  const res = await page.request.get('/api/v1/situation?municipality_code=2062');
  const week = (await res.json()).trend[5].week;
  await visit(page, `/situation/2062?week=${week}`, { label: 'phone-week' });
  await fits(page);
  // The heat table fits without scrolling its box on a phone.
  const wrap = await page.locator('table.heat').evaluate((el) => ({ table: el.scrollWidth, box: el.parentElement.clientWidth }));
  assert.ok(wrap.table <= wrap.box, `the heat table fits: ${JSON.stringify(wrap)}`);
  await visit(page, '/reports?municipality_code=2062', { label: 'phone-list' });
  await fits(page);
  // Police events are their own source, with a link to polisen.se.
  await visit(page, '/reports?municipality_code=2062&source=polisen', { label: 'phone-police' });
  const link = page.getByRole('link', { name: sv('report.on_polisen') }).first();
  assert.match(await link.getAttribute('href'), /^https:\/\/polisen\.se\//);
  assert.equal(await page.locator('#reports-map').count(), 0, 'police events are not on a map');
});
