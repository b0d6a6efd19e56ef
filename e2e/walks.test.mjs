// Safety walks (trygghetsvandring): Mora's coordinator on a phone records a
// walk at Noret, adds a point with a photo taken on the spot (a JPEG with an
// EXIF block naming its position, which the server strips), a wrong
// latitude first, so that the form shows what was typed kept; then makes
// the point an action for the police, whose member sees it on the start page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, submit, signIn, errorSummary, text, T, phone, runID, testNow, menu,
} from './helpers.mjs';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);
const moraCoordinator = 'samordnare.mora@demo.example';
const police = 'polis@demo.example';
const policeOrg = 'Polisen, lokalpolisområde Mora';
const area = `Noret, parkeringarna ${runID}`;
const description = `Lyktstolparna vid parkeringens östra del är släckta ${runID}`;
const actionText = `Polisen patrullerar parkeringen fredagskvällar ${runID}`;

// photo is a 24 × 16 JPEG as a camera writes one: an APP1 (EXIF) segment
// naming the position right after the start of the image.
function photo() {
  const plain = Buffer.from('/9j/2wCEAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9PjsBCgsLDg0OHBAQHDsoIig7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7O//AABEIABAAGAMBIgACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/AMKGw9q0IbD2rWhsPar8Nh7VvUxZw4LHbamTDYe1T/YPat6Gw9qn+we1cEsXqfWUcd7m5//Z', 'base64');
  const exif = Buffer.from('Exif\0\0MM\0*\0\0\0\x08\0\0GPSLatitude 61.0087 GPSLongitude 14.5805', 'latin1');
  const head = Buffer.from([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff]);
  return Buffer.concat([plain.subarray(0, 2), head, exif, plain.subarray(2)]);
}

const field = (page, name) => page.locator(`[name="${name}"]`);
const today = new Date(testNow).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' });

test('Mora\'s coordinator records a safety walk on a phone and the police see its action on their start page', async (t) => {
  // The phone lets the page read its position, at the parking areas.
  const page = await app.newPage(t, { ...phone, geolocation: { latitude: 61.0087, longitude: 14.5805, accuracy: 12 },
    permissions: ['geolocation'] });
  await signIn(page, moraCoordinator);
  await Promise.all([page.waitForURL('**/safety-walks'),
    (await menu(page)).getByRole('link', { name: sv('nav.safety_walks') }).tap()]);
  await check(page, 'walks');
  assert.match(await text(page.locator('main')), /\(demo\)/, 'the demo walk at Noret is listed');
  await Promise.all([page.waitForURL('**/safety-walks/new'), page.getByRole('link', { name: sv('walk.new.heading') }).tap()]);
  await check(page, 'new-walk');
  await field(page, 'held_on').fill(today);
  await field(page, 'area').fill(area);
  const group = page.locator('fieldset.checkgroups details').first();
  await group.locator('summary').tap();
  await page.getByLabel(policeOrg, { exact: true }).check();
  await field(page, 'residents_count').fill('7');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.form.save') }), 'walk'), 200);
  assert.match(new URL(page.url()).pathname, /^\/safety-walks\/\d+$/);
  assert.equal(await text(page.locator('[role=status]')), sv('walk.saved'));
  const walkPath = new URL(page.url()).pathname;

  // A point, with a wrong latitude first: the page says what is wrong and
  // keeps what was typed; the photo has to be chosen again.
  await Promise.all([page.waitForURL('**/points/new'), page.getByRole('link', { name: sv('walk.view.add_point') }).tap()]);
  await check(page, 'point-form');
  const input = page.locator('input[type=file][name=photo]');
  assert.equal(await input.getAttribute('capture'), 'environment');
  await page.getByLabel(sv('walk.category.lighting'), { exact: true }).check();
  await field(page, 'description').fill(description);
  // "Use my position" fills in the coordinates (walk.js); then a wrong
  // latitude typed over it.
  await page.getByRole('button', { name: sv('walk.point.locate') }).tap();
  await page.waitForFunction(() => document.getElementById('f-lat').value !== '');
  assert.equal(await field(page, 'lat').inputValue(), '61,00870');
  assert.equal(await field(page, 'lon').inputValue(), '14,58050');
  await field(page, 'lat').fill('norr');
  await field(page, 'lon').fill('14,5805');
  await input.setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo() });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.point.save') }), 'point-refused'), 422);
  const errors = await errorSummary(page);
  assert.ok(errors.some((e) => e.includes(sv('error.lat_number'))), `the summary names the latitude: ${errors}`);
  assert.ok(errors.some((e) => e.includes(sv('walk.error.photo_again'))), `the summary asks for the photo again: ${errors}`);
  assert.equal(await field(page, 'description').inputValue(), description, 'the description is kept');
  assert.equal(await field(page, 'lon').inputValue(), '14,5805', 'the longitude is kept');
  assert.ok(await page.getByLabel(sv('walk.category.lighting'), { exact: true }).isChecked(), 'the category is kept');

  await field(page, 'lat').fill('61,0087');
  await page.locator('input[type=file][name=photo]').setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: photo() });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.point.save') }), 'point-saved'), 200);
  assert.equal(new URL(page.url()).pathname, walkPath);
  assert.equal(await text(page.locator('[role=status]')), sv('walk.point.saved'));
  const point = page.locator('li.walk-point', { hasText: description });
  const img = point.locator('img.walk-photo');
  await img.scrollIntoViewIfNeeded();
  await img.evaluate((el) => el.complete || new Promise((resolve) => { el.onload = resolve; el.onerror = resolve; }));
  assert.equal(await img.evaluate((el) => el.naturalWidth), 24, 'the photo is shown');
  const served = await page.request.get(await img.getAttribute('src'));
  assert.equal(served.headers()['content-type'], 'image/jpeg');
  assert.equal(served.headers()['x-content-type-options'], 'nosniff');
  assert.ok(!(await served.body()).includes('GPSLatitude'), 'the photo is stored without its position');
  // The point's edit form shows the photo with a box to remove it.
  const editPoint = await point.getByRole('link', { name: new RegExp(`^${sv('walk.view.edit_point')}`) }).getAttribute('href');
  await visit(page, editPoint, { label: 'point-edit-with-photo' });
  assert.equal(await page.getByLabel(sv('walk.field.remove_photo')).count(), 1, 'the photo can be removed');
  await page.goto(walkPath);

  // The point becomes an action for the police.
  await Promise.all([page.waitForURL('**/actions/new'), point.getByRole('link', { name: new RegExp(sv('walk.view.make_action')) }).tap()]);
  await check(page, 'action-form');
  await field(page, 'text').fill(actionText);
  await field(page, 'organization_id').selectOption({ label: policeOrg });
  await field(page, 'due_on').fill('2027-01-15');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.action.save') }), 'action-saved'), 200);
  assert.equal(await text(page.locator('[role=status]')), sv('walk.action.saved'));
  const item = page.locator('.action-item', { hasText: actionText });
  assert.match(await text(item), new RegExp(policeOrg));
  assert.match(await text(item), new RegExp(sv('walk.action.due', '2027-01-15')));

  // The police member sees it on the start page and marks it done there.
  const officer = await app.newPage(t, phone);
  await signIn(officer, police);
  const section = officer.locator('section', { has: officer.getByRole('heading', { name: sv('walk.start.heading') }) });
  const mine = section.locator('.action-item', { hasText: actionText });
  assert.equal(await mine.count(), 1, 'the action is on the police\'s start page');
  assert.match(await text(mine), new RegExp(sv('walk.action.due', '2027-01-15')));
  await check(officer, 'start-with-action');
  assert.equal(await submit(officer, mine.getByRole('button', { name: new RegExp(sv('walk.start.mark_done')) }), 'marked-done'), 200);
  assert.equal(new URL(officer.url()).pathname, '/start');
  assert.equal(await section.locator('.action-item', { hasText: actionText }).count(), 0, 'a done action leaves the start page');

  // The coordinator tells the residents: the walk is published, and a
  // visitor without an account sees the action as done, and nothing of the
  // point's description or photo.
  await page.goto(walkPath);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.public.publish') }), 'published'), 200);
  assert.equal(await text(page.locator('[role=status]')), sv('walk.public.published'));
  const publicPath = await page.getByRole('link', { name: sv('walk.public.open') }).getAttribute('href');
  assert.match(publicPath, /^\/kommun\/2062\/safety-walks\/\d+$/);
  const visitor = await app.newPage(t, phone);
  await visit(visitor, publicPath, { label: 'public-walk' });
  const row = visitor.locator('li.public-action', { hasText: actionText });
  assert.match(await text(row), new RegExp(sv('walk.status.done')));
  assert.match(await text(row), new RegExp(sv('walk.category.lighting')));
  const shown = await text(visitor.locator('main'));
  assert.ok(!shown.includes(description), 'the public page does not show the point\'s description');
  assert.equal(await visitor.locator('main img').count(), 0, 'the public page shows no photo');
});

// Editing: Mora's coordinator changes a walk (a wrong count first: the
// form says so and keeps what was typed), links a point to a report chosen
// in the select of the municipality's recent reports, removes an action,
// and deletes the point after a confirmation page. Each page passes axe.
test('Mora\'s coordinator edits a walk, links a point to a recent report and removes an action', async (t) => {
  const page = await app.newPage(t);
  const editArea = `Strandvägen ${runID}`;
  const editText = `Kommunen beskär buskarna ${runID}`;
  await signIn(page, moraCoordinator);
  await visit(page, '/safety-walks/new', { label: 'edit-new-walk' });
  await field(page, 'held_on').fill(today);
  await field(page, 'area').fill(editArea);
  await field(page, 'residents_count').fill('4');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.form.save') }), 'edit-walk-saved'), 200);
  const walkPath = new URL(page.url()).pathname;
  await visit(page, `${walkPath}/points/new`, { label: 'edit-point-new' });
  await page.getByLabel(sv('walk.category.vegetation'), { exact: true }).check();
  await field(page, 'description').fill(`Buskarna skymmer gångvägen ${runID}`);
  await field(page, 'place').selectOption('Noret');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.point.save') }), 'edit-point-saved'), 200);
  const point = page.locator('li.walk-point', { hasText: `Buskarna skymmer gångvägen ${runID}` });
  await Promise.all([page.waitForURL('**/actions/new'), point.getByRole('link', { name: new RegExp(sv('walk.view.make_action')) }).click()]);
  await field(page, 'text').fill(editText);
  await field(page, 'organization_id').selectOption({ label: 'Mora kommun' });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.action.save') }), 'edit-action-saved'), 200);

  // The walk: a wrong count first.
  await Promise.all([page.waitForURL('**/edit'), page.getByRole('link', { name: sv('walk.view.edit') }).click()]);
  await check(page, 'walk-edit');
  assert.equal(await field(page, 'area').inputValue(), editArea, 'the form is filled in');
  await field(page, 'area').fill(`${editArea} och Noret`);
  await field(page, 'residents_count').fill('fyra');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.form.save') }), 'walk-edit-refused'), 422);
  const errors = await errorSummary(page);
  assert.ok(errors.some((e) => e.includes(sv('walk.field.residents_count'))), `the summary names the count: ${errors}`);
  assert.equal(await field(page, 'area').inputValue(), `${editArea} och Noret`, 'the area typed is kept');
  assert.equal(await field(page, 'residents_count').inputValue(), 'fyra', 'the count typed is kept');
  await field(page, 'residents_count').fill('5');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.form.save') }), 'walk-edited'), 200);
  assert.equal(new URL(page.url()).pathname, walkPath);
  assert.equal(await text(page.locator('[role=status]')), sv('walk.edit.saved'));
  assert.match(await text(page.locator('h1')), new RegExp(`${editArea} och Noret`));

  // The point: a report chosen in the select of recent reports.
  await Promise.all([page.waitForURL('**/edit'), point.getByRole('link', { name: new RegExp(`^${sv('walk.view.edit_point')}`) }).click()]);
  await check(page, 'point-edit');
  const select = field(page, 'recent_report');
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => ({ value: o.value, label: o.textContent })));
  assert.ok(options.length > 1, 'the select offers Mora\'s recent reports');
  const chosen = options[1];
  assert.match(chosen.label, /^\d{4}-\d{2}-\d{2} · /, `a report is labelled by its date: ${chosen.label}`);
  await select.selectOption(chosen.value);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.point.save') }), 'point-edited'), 200);
  assert.equal(await text(page.locator('[role=status]')), sv('walk.point.changed'));
  assert.equal(await point.getByRole('link', { name: sv('walk.link.report', chosen.value) }).getAttribute('href'), `/reports/${chosen.value}`);

  // The point has an open action: its delete page says so and offers no
  // button.
  await Promise.all([page.waitForURL('**/delete'), point.getByRole('link', { name: new RegExp(`^${sv('walk.view.delete_point')}`) }).click()]);
  await check(page, 'point-delete-refused');
  assert.match(await text(page.locator('main')), new RegExp(editText), 'the open action is named');
  assert.equal(await page.getByRole('button', { name: sv('walk.point.delete_confirm') }).count(), 0);
  await page.goto(walkPath);

  // The action's form: every field, filled in; the due date changed.
  const item = page.locator('.action-item', { hasText: editText });
  await Promise.all([page.waitForURL('**/edit'), item.getByRole('link', { name: new RegExp(`^${sv('walk.view.edit_action')}`) }).click()]);
  await check(page, 'action-edit');
  assert.equal(await field(page, 'text').inputValue(), editText, 'the action\'s form is filled in');
  await field(page, 'due_on').fill('2027-02-01');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.action.save') }), 'action-edited'), 200);
  assert.equal(await text(page.locator('[role=status]')), sv('walk.action.changed'));
  assert.match(await text(item), new RegExp(sv('walk.action.due', '2027-02-01')));

  // The action is removed after a confirmation page.
  await Promise.all([page.waitForURL('**/delete'), item.getByRole('link', { name: new RegExp(`^${sv('walk.view.delete_action')}`) }).click()]);
  await check(page, 'action-delete');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.action.delete_confirm') }), 'action-deleted'), 200);
  assert.equal(await text(page.locator('[role=status]')), sv('walk.action.deleted'));
  assert.equal(await page.locator('.action-item', { hasText: editText }).count(), 0, 'the action is gone');

  // Without open actions, the point can be deleted.
  await Promise.all([page.waitForURL('**/delete'), point.getByRole('link', { name: new RegExp(`^${sv('walk.view.delete_point')}`) }).click()]);
  await check(page, 'point-delete');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.point.delete_confirm') }), 'point-deleted'), 200);
  assert.equal(await text(page.locator('[role=status]')), sv('walk.point.deleted'));
  assert.equal(await page.locator('li.walk-point').count(), 0, 'the point is gone');
});

// --- The maps and the offline queue ---------------------------------------------

// newWalk makes a walk in Mora through the API, as the signed-in page.
async function newWalk(page, name, route) {
  const res = await page.request.post('/api/v1/safety-walks', {
    data: { municipality_code: '2062', held_on: today, area: name, residents_count: 3, route },
  });
  assert.equal(res.status(), 201, await res.text());
  return (await res.json()).id;
}

// apiWalk is the walk as the API gives it.
async function apiWalk(page, id) {
  const res = await page.request.get(`/api/v1/safety-walks/${id}`);
  assert.equal(res.status(), 200);
  return res.json();
}

// tapMap clicks the map at a position given in fractions of its size.
async function tapMap(map, fx, fy) {
  const box = await map.boundingBox();
  await map.click({ position: { x: Math.round(box.width * fx), y: Math.round(box.height * fy) } });
}

const number = (s) => parseFloat(s.replace(',', '.'));

test('the coordinator draws the route by tapping the map; the walk\'s page and the residents\' page show it', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, moraCoordinator);
  // The demo's walk at Noret: its route and its points on one map.
  const list = await (await page.request.get('/api/v1/safety-walks?municipality_code=2062')).json();
  const demo = list.items.find((w) => w.synthetic);
  await visit(page, `/safety-walks/${demo.id}`, { label: 'demo-walk-map' });
  assert.equal(await page.locator('#walk-map path.walk-route').count(), 1, 'the demo walk\'s route is drawn');
  assert.equal(await page.locator('#walk-map .walk-marker').count(), demo.points, 'with every point');

  await visit(page, '/safety-walks/new', { label: 'new-walk-route' });
  const fieldset = page.locator('fieldset#f-route');
  assert.equal(await fieldset.isVisible(), true, 'the route is drawn on a map with JavaScript');
  const map = page.locator('#route-map');
  const status = page.locator('#route-status');
  assert.equal(await text(status), sv('walk.route.empty'));
  assert.equal(await page.getByRole('button', { name: sv('walk.route.undo') }).isDisabled(), true);

  await tapMap(map, 0.3, 0.3);
  assert.equal(await text(status), sv('walk.route.one'));
  assert.equal(await field(page, 'route').inputValue(), '', 'one position is no route yet');
  await tapMap(map, 0.5, 0.5);
  await tapMap(map, 0.7, 0.4);
  await tapMap(map, 0.8, 0.8);
  assert.match(await text(status), /^Rutten har 4 punkter, \d+,\d km\.$/);
  // Undo with the keyboard: the buttons are real buttons.
  await page.getByRole('button', { name: sv('walk.route.undo') }).focus();
  await page.keyboard.press('Enter');
  assert.match(await text(status), /^Rutten har 3 punkter, \d+,\d km\.$/);
  // "Add the centre" adds the position under the cross, for the keyboard.
  await page.getByRole('button', { name: sv('walk.route.add_centre') }).press('Enter');
  assert.match(await text(status), /^Rutten har 4 punkter/);
  await page.getByRole('button', { name: sv('walk.route.clear') }).press('Enter');
  assert.equal(await text(status), sv('walk.route.empty'));
  assert.equal(await field(page, 'route').inputValue(), '');
  await tapMap(map, 0.2, 0.7);
  await tapMap(map, 0.5, 0.5);
  await tapMap(map, 0.8, 0.3);
  const route = JSON.parse(await field(page, 'route').inputValue());
  assert.equal(route.type, 'LineString');
  assert.equal(route.coordinates.length, 3);
  await check(page, 'route-drawn');

  const name = `Rutten ${runID}`;
  await field(page, 'held_on').fill(today);
  await field(page, 'area').fill(name);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.form.save') }), 'walk-with-route'), 200);
  const id = new URL(page.url()).pathname.split('/').pop();
  const stored = await apiWalk(page, id);
  assert.deepEqual(stored.route.coordinates, route.coordinates, 'the route is stored as drawn');
  // The walk's page draws the route (a line) on its map.
  assert.equal(await page.locator('#walk-map').isVisible(), true);
  assert.equal(await page.locator('#walk-map path.walk-route').count(), 1);
  assert.match(await text(page.locator('section[aria-labelledby=w-map]')), /Rutten: \d+,\d km, 3 positioner\./);

  // A point placed by tapping the map: the fields are filled in, and the
  // point is shown on the walk's map with the route.
  await Promise.all([page.waitForURL('**/points/new'), page.getByRole('link', { name: sv('walk.view.add_point') }).tap()]);
  await check(page, 'point-form-map');
  const pmap = page.locator('#point-map');
  assert.equal(await pmap.isVisible(), true);
  assert.equal(await pmap.locator('path.walk-route').count(), 1, 'the point map shows the route');
  await tapMap(pmap, 0.5, 0.5);
  const lat = await field(page, 'lat').inputValue();
  const lon = await field(page, 'lon').inputValue();
  assert.match(lat, /^\d+,\d{5}$/);
  assert.match(lon, /^\d+,\d{5}$/);
  assert.equal(await pmap.locator('.walk-pin').count(), 1);
  // Tapping elsewhere moves the marker.
  await tapMap(pmap, 0.3, 0.6);
  const lat2 = await field(page, 'lat').inputValue();
  assert.notEqual(lat2, lat);
  assert.equal(await pmap.locator('.walk-pin').count(), 1);
  // Dragging the marker moves the point.
  const pin = await pmap.locator('.walk-pin').boundingBox();
  await page.mouse.move(pin.x + pin.width / 2, pin.y + pin.height / 2);
  await page.mouse.down();
  await page.mouse.move(pin.x + pin.width / 2 + 40, pin.y + pin.height / 2 + 20, { steps: 8 });
  await page.mouse.up();
  assert.notEqual(await field(page, 'lon').inputValue(), lon, 'the dragged marker fills in the longitude');
  // Typed coordinates move the marker too.
  await field(page, 'lat').fill(lat);
  await field(page, 'lon').fill(lon);
  await field(page, 'lon').blur();
  await page.getByLabel(sv('walk.category.vegetation'), { exact: true }).check();
  await field(page, 'description').fill(`Buskarna skymmer gångvägen ${runID}`);
  await check(page, 'point-placed');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.point.save') }), 'point-on-map'), 200);
  const pts = (await apiWalk(page, id)).points;
  assert.equal(pts.length, 1);
  assert.ok(Math.abs(pts[0].lat - number(lat)) < 1e-5 && Math.abs(pts[0].lon - number(lon)) < 1e-5, 'the tapped position is stored');
  assert.equal(await page.locator('#walk-map .walk-marker').count(), 1, 'the point is on the walk\'s map');
  assert.equal(await page.locator('#walk-map path.walk-route').count(), 1, 'with the route');

  // Published: the residents see the route, never the points.
  assert.equal(await submit(page, page.getByRole('button', { name: sv('walk.public.publish') }), 'route-published'), 200);
  const publicPath = await page.getByRole('link', { name: sv('walk.public.open') }).getAttribute('href');
  const visitor = await app.newPage(t, phone);
  await visit(visitor, publicPath, { label: 'public-route' });
  assert.equal(await visitor.locator('#walk-map path.walk-route').count(), 1, 'the residents see the route');
  assert.equal(await visitor.locator('#walk-map .leaflet-marker-icon').count(), 0, 'and no point');
  assert.match(await text(visitor.locator('section[aria-labelledby=p-route]')), /ungefär \d+,\d km/);
});

test('a point made without coverage waits on the phone, with its photo, and is stored once when the connection returns', async (t) => {
  const page = await app.newPage(t, phone);
  const context = page.context();
  await signIn(page, moraCoordinator);
  const id = await newWalk(page, `Utan täckning ${runID}`, null);
  const marker = `offline-${runID}`;
  await visit(page, `/safety-walks/${id}/points/new`, { label: 'offline-form' });
  assert.equal(await page.locator('#walk-offline').isHidden(), true, 'nothing waits at first');
  // The worker keeps the form when the page asks; wait until it has.
  await page.evaluate(async (path) => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 100; i++) {
      for (const n of await caches.keys()) {
        if (n.startsWith('samverkan-walk-') && await (await caches.open(n)).match(path)) return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the form was not kept');
  }, `/safety-walks/${id}/points/new`);

  await context.setOffline(true);
  await page.getByLabel(sv('walk.category.lighting'), { exact: true }).check();
  await field(page, 'description').fill(`${marker}: mörkt vid tunneln.`);
  await field(page, 'lat').fill('61,0087');
  await field(page, 'lon').fill('14,5805');
  await page.locator('input[type=file][name=photo]').setInputFiles({ name: 'IMG_2042.jpg', mimeType: 'image/jpeg', buffer: photo() });
  await page.getByRole('button', { name: sv('walk.point.save') }).click();
  const status = page.locator('#walk-offline-status');
  await status.filter({ hasText: sv('walk.offline.waiting_one') }).waitFor();
  assert.match(await text(status), new RegExp(`^${sv('walk.offline.kept')}`));
  const items = page.locator('#walk-offline-list > li');
  assert.equal(await items.count(), 1);
  assert.match(await text(items.nth(0)), new RegExp(`^${sv('walk.category.lighting')} · Utan täckning .* · ${sv('walk.offline.with_photo')} · gjord `));
  assert.equal(await field(page, 'description').inputValue(), '', 'the form is empty for the next point');
  await page.getByLabel(sv('walk.category.littering'), { exact: true }).check();
  await field(page, 'description').fill(`${marker}: skräp vid bänken.`);
  await field(page, 'lat').fill('61,0090');
  await field(page, 'lon').fill('14,5810');
  await page.getByRole('button', { name: sv('walk.point.save') }).click();
  await status.filter({ hasText: sv('walk.offline.waiting_many', 2) }).waitFor();
  assert.equal(await page.getByRole('button', { name: sv('walk.offline.send_now') }).isVisible(), true);
  // "Send now" without coverage says so, and keeps them.
  await page.getByRole('button', { name: sv('walk.offline.send_now') }).click();
  await status.filter({ hasText: sv('walk.offline.still_offline') }).waitFor();
  assert.match(await text(status), new RegExp(sv('walk.offline.waiting_many', 2)));
  // What the phone keeps.
  const kept = await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('samverkan-walk-points', 1);
    req.onsuccess = () => {
      const all = req.result.transaction('points').objectStore('points').getAll();
      all.onsuccess = () => {
        window.keptPoints = all.result;
        resolve(all.result.map((p) => ({ id: p.id, photo: p.photo ? p.photo.size : 0 })));
      };
      all.onerror = () => reject(all.error);
    };
  }));
  assert.equal(kept.length, 2);
  assert.notEqual(kept[0].id, kept[1].id, 'each point has its own external_id');
  assert.ok(kept.some((k) => k.photo > 0), 'the photo is kept on the phone');
  await check(page, 'offline-two-waiting');
  assert.equal((await apiWalk(page, id)).points.length, 0, 'nothing reached the server');

  // Without coverage the form opens from the phone, the points still
  // waiting.
  const reloaded = await page.reload();
  assert.ok(reloaded.fromServiceWorker(), 'the form came from the service worker');
  // The page tries to send them at once and finds no coverage. (A page
  // the worker serves may believe it is online, as a phone in poor
  // coverage does: its failed attempt is expected then, and cleared.)
  await status.filter({ hasText: sv('walk.offline.still_offline') }).waitFor();
  await status.filter({ hasText: sv('walk.offline.waiting_many', 2) }).waitFor();
  assert.equal(await page.locator('#walk-offline-list > li').count(), 2);
  await check(page, 'offline-reload');
  // What the phone keeps, to send again later as if the answers were lost.
  await page.evaluate(() => new Promise((resolve) => {
    indexedDB.open('samverkan-walk-points', 1).onsuccess = (ev) => {
      const all = ev.target.result.transaction('points').objectStore('points').getAll();
      all.onsuccess = () => {
        window.keptPoints = all.result;
        resolve();
      };
    };
  }));

  // Coverage again: both are sent, once.
  await context.setOffline(false);
  await status.filter({ hasText: sv('walk.offline.sent_many', 2) }).waitFor();
  assert.equal(await page.locator('#walk-offline-list > li').count(), 0);
  assert.equal(await page.locator('#walk-offline-sent-list a').count(), 2);
  await check(page, 'offline-sent');
  let points = (await apiWalk(page, id)).points;
  assert.equal(points.length, 2, 'two points stored');
  assert.deepEqual(points.map((p) => p.category).sort(), ['lighting', 'littering']);
  assert.equal(points.find((p) => p.category === 'lighting').has_photo, true, 'with its photo');

  // The phone believes the answers were lost: it sends both again, with
  // "Send now". Still two points.
  await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('samverkan-walk-points', 1);
    req.onsuccess = () => {
      const tx = req.result.transaction('points', 'readwrite');
      for (const p of window.keptPoints) tx.objectStore('points').put(p);
      tx.oncomplete = resolve;
    };
  }));
  await page.reload();
  await status.filter({ hasText: sv('walk.offline.sent_many', 2) }).waitFor();
  points = (await apiWalk(page, id)).points;
  assert.equal(points.length, 2, 'still two points after sending them again');
  await check(page, 'offline-resent');

  // The walk's page sends what waits too: a point kept there without
  // coverage is sent when the connection returns.
  await visit(page, `/safety-walks/${id}`, { label: 'walk-page-queue' });
  await context.setOffline(true);
  await page.evaluate(([walk, text]) => new Promise((resolve, reject) => {
    const req = indexedDB.open('samverkan-walk-points', 1);
    req.onsuccess = () => {
      const tx = req.result.transaction('points', 'readwrite');
      tx.objectStore('points').put({
        id: crypto.randomUUID(), user: document.getElementById('walk-offline').dataset.user, walkLabel: 'x',
        walkURL: `/safety-walks/${walk}`, action: `/safety-walks/${walk}/points`, filedAt: new Date().toISOString(),
        fields: [['category', 'other'], ['description', text], ['lat', '61,0091'], ['lon', '14,5811']], photo: null, label: 'Övrigt',
      });
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    };
  }), [id, `${marker}: trasig skylt.`]);
  await context.setOffline(false);
  await page.locator('#walk-offline-status').filter({ hasText: sv('walk.offline.sent_one') }).waitFor();
  await check(page, 'walk-page-sent');
  assert.equal((await apiWalk(page, id)).points.length, 3);
});
