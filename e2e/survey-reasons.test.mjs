// Why a place feels unsafe: a citizen without JavaScript ticks Noret in
// the demo's citizen dialogue and two reasons in the fieldset that applies
// to every ticked place; the Mora coordinator's results count them in the
// table "Varför platserna känns otrygga". Every page is checked with
// axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, visit, submit, signIn, T, text, check } from './helpers.mjs';

const sv = (key, ...args) => T('sv', key, ...args);
const coordinator = 'samordnare.mora@demo.example';
const demoSurvey = 'Trygghetsdialog Mora (demo)';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

test('a citizen without JavaScript gives Noret two reasons, and the coordinator sees them counted', async (t) => {
  const coord = await app.newPage(t);
  await signIn(coord, coordinator);
  await visit(coord, '/surveys', { label: 'list' });
  await submit(coord, coord.getByRole('link', { name: demoSurvey }), 'survey');
  const surveyPath = new URL(coord.url()).pathname;
  const link = await coord.locator('a.survey-link').getAttribute('href');
  assert.match(link, /^\/s\/[a-z0-9]+$/);
  await submit(coord, coord.getByRole('link', { name: sv('survey.action.results') }), 'results-before');
  assert.equal(await text(coord.locator('h3', { hasText: sv('survey.results.reasons') }).first()), sv('survey.results.reasons'));
  const cell = (page, reason) => page.locator(`table.survey-table-reasons tr[data-place="Noret"][data-reason="${reason}"] td`).last();
  const count = async (page, reason) => {
    const c = cell(page, reason);
    return (await c.count()) === 0 ? 0 : Number((await text(c)).replace(/\D/g, ''));
  };
  const lighting = await count(coord, 'lighting');
  const gathering = await count(coord, 'gathering');
  const hidden = await count(coord, 'hidden');
  assert.ok(gathering > 0 && lighting > 0, 'the demo answers gave Noret reasons');

  // Without JavaScript: the site's scripts are served empty (a context
  // with JavaScript turned off could not run axe-core), so the map stays
  // hidden and the named places and the one fieldset of reasons are the form.
  const citizen = await app.newPage(t);
  await citizen.route(/\.m?js(\?.*)?$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
  await visit(citizen, link, { label: 'answer' });
  await citizen.locator('#q-safety-evening').getByLabel('Ganska otrygg', { exact: true }).check();
  await citizen.locator('#q-avoid-place-places').getByLabel('Noret', { exact: true }).check();
  const reasons = citizen.getByRole('group', { name: sv('survey.answer.reasons') });
  await reasons.getByLabel('Dålig belysning', { exact: true }).check();
  await reasons.getByLabel('Människor som samlas', { exact: true }).check();
  assert.equal(await citizen.locator('[data-survey-pick]').isVisible(), false, 'no map without JavaScript');
  await check(citizen, 'answer-ticked');
  assert.equal(await submit(citizen, citizen.getByRole('button', { name: sv('survey.answer.submit') }), 'thanks'), 200);
  assert.equal(await text(citizen.locator('h1')), sv('survey.thanks.heading'));

  await visit(coord, `${surveyPath}/results`, { label: 'results-after' });
  assert.equal(await count(coord, 'lighting'), lighting + 1);
  assert.equal(await count(coord, 'gathering'), gathering + 1);
  assert.equal(await count(coord, 'hidden'), hidden, 'a reason not ticked is not counted');
  await coord.locator('table.survey-table-reasons').first().screenshot({ path: new URL('./screenshots/survey-reasons--table.png', import.meta.url).pathname });
});
