// A survey taken to people: the Mora coordinator prints the poster with
// the QR code for the demo's citizen dialogue, and turns on tablet mode for
// a dialogue meeting, where two residents answer in turn on one tablet.
// Every page is checked with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, visit, submit, signIn, T, text, check } from './helpers.mjs';

const sv = (key, ...args) => T('sv', key, ...args);
const coordinator = 'samordnare.mora@demo.example';
const demoSurvey = 'Trygghetsdialog Mora (demo)';

let app;
let surveyPath;
let link;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

test('the poster shows the survey and a QR code that is served as an image', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, coordinator);
  await visit(page, '/surveys', { label: 'list' });
  await submit(page, page.getByRole('link', { name: demoSurvey }), 'survey');
  surveyPath = new URL(page.url()).pathname;
  link = await page.locator('a.survey-link').getAttribute('href');
  assert.match(link, /^\/s\/[a-z0-9]+$/);
  await submit(page, page.getByRole('link', { name: sv('survey.action.qr') }), 'poster');
  assert.equal(new URL(page.url()).pathname, `${surveyPath}/qr`);
  assert.equal(await text(page.locator('.survey-poster-call')), sv('survey.qr.call'));
  const img = page.locator('img.survey-qr');
  // The browser decoded the SVG: it has a size of its own, and its text
  // alternative names the link without its scheme.
  await img.evaluate((el) => el.decode());
  assert.ok(await img.evaluate((el) => el.naturalWidth > 0), 'the QR code is drawn');
  const alt = await img.getAttribute('alt');
  assert.ok(alt.endsWith(link), `alt names the link: ${alt}`);
  const res = await page.request.get(`${surveyPath}/qr.svg`);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'image/svg+xml');
  // On paper the site's header and footer are left out.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header').first().isVisible(), false, 'no site header on paper');
  assert.ok(await img.isVisible(), 'the code is on paper');
  await check(page, 'poster-print');
});

test('in tablet mode residents answer one after the other on one tablet', async (t) => {
  assert.ok(surveyPath && link, 'the demo survey was found');
  const coord = await app.newPage(t);
  await signIn(coord, coordinator);
  await visit(coord, surveyPath, { label: 'survey' });
  assert.equal(await submit(coord, coord.getByRole('button', { name: sv('survey.tablet.turn_on') }), 'tablet-on'), 200);
  assert.ok(await coord.getByText(sv('survey.flash.tablet_on')).count() >= 1, 'the coordinator is told');

  const tablet = await app.newPage(t, { viewport: { width: 820, height: 1180 }, hasTouch: true });
  const answer = async (choice, label) => {
    await tablet.locator('#q-safety-evening').getByLabel(choice, { exact: true }).check();
    assert.equal(await submit(tablet, tablet.getByRole('button', { name: sv('survey.answer.submit') }), label), 200);
    assert.equal(await text(tablet.locator('h1')), sv('survey.thanks.heading'));
  };
  await visit(tablet, link, { label: 'first-person' });
  await answer('Ganska trygg', 'first-thanks');
  assert.ok(await tablet.getByText(sv('survey.thanks.tablet')).count() === 1, 'the thank-you page speaks of the next person');
  // The next person gets the form afresh, with nothing of the first
  // answer, and may answer although this browser has answered.
  assert.equal(await submit(tablet, tablet.getByRole('button', { name: sv('survey.thanks.next') }), 'second-person'), 200);
  assert.equal(new URL(tablet.url()).pathname, link);
  assert.equal(await tablet.locator('#q-safety-evening input:checked').count(), 0, 'nothing is ticked for the next person');
  await answer('Mycket otrygg', 'second-thanks');

  // Off again after the meeting: the thank-you page no longer offers it.
  assert.equal(await submit(coord, coord.getByRole('button', { name: sv('survey.tablet.turn_off') }), 'tablet-off'), 200);
  const after = await app.newPage(t);
  await visit(after, link, { label: 'after-meeting' });
  await after.locator('#q-safety-evening').getByLabel('Ganska trygg', { exact: true }).check();
  assert.equal(await submit(after, after.getByRole('button', { name: sv('survey.answer.submit') }), 'plain-thanks'), 200);
  assert.equal(await after.getByRole('button', { name: sv('survey.thanks.next') }).count(), 0, 'no next person without tablet mode');
});
