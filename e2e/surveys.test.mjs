// Dialogue surveys: Mora's coordinator makes a citizen safety survey from
// the template and publishes it; a citizen on a phone with JavaScript off
// answers it at its public link (a named place from the list, a cell of
// the when grid), first leaving out a required question to see the form
// keep what was typed; the results page counts the answer. Every page is
// checked with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, visit, check, submit, signIn, errorSummary, T, phone, text, runID } from './helpers.mjs';

const sv = (key, ...args) => T('sv', key, ...args);
const coordinator = 'samordnare.mora@demo.example';
const title = `Trygghet i Mora ${runID}`;

let app;
let link; // the public path of the survey made here
let surveyPath;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

test('the Mora coordinator builds a survey from the template and publishes it', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, coordinator);
  await visit(page, '/surveys', { label: 'list' });
  assert.equal(await text(page.locator('h1')), sv('survey.list.heading', 'Mora'));
  // The demo's dialogues are listed.
  assert.ok(await page.getByRole('link', { name: 'Trygghetsdialog Mora (demo)' }).count() === 1, 'the demo citizen dialogue is listed');
  assert.equal(await submit(page, page.getByRole('link', { name: sv('survey.action.new') }), 'new'), 200);
  await page.getByLabel(sv('survey.template.citizen_safety')).check();
  await page.getByLabel(sv('field.title')).fill(title);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.new.submit') }), 'edit'), 200);
  assert.match(new URL(page.url()).pathname, /^\/surveys\/\d+\/edit$/);
  // The wording is editable: the first question keeps its NTU text.
  const first = page.getByLabel(sv('survey.edit.text')).first();
  assert.equal(await first.inputValue(), 'Hur trygg skulle du känna dig om du gick ut ensam sent en kväll i området där du bor?');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('form.save') }), 'saved'), 200);
  surveyPath = new URL(page.url()).pathname;
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.action.publish') }), 'published'), 200);
  link = await page.locator('a.survey-link').getAttribute('href');
  assert.match(link, /^\/s\/[a-z0-9]+$/);
});

test('a citizen on a phone without JavaScript answers, a mistake first', async (t) => {
  assert.ok(link, 'the survey was published');
  // JavaScript off for the site: none of its scripts is loaded (axe-core
  // still runs, from the test, which a browser with JavaScript disabled
  // would not let it).
  const page = await app.newPage(t, phone);
  await page.route('**/*.js', (route) => route.abort('aborted'));
  page.setDefaultTimeout(20000);
  await visit(page, link, { label: 'answer' });
  assert.equal(await text(page.locator('h1')), title);
  const place = page.locator('#q-avoid-place');
  await place.getByLabel('Noret', { exact: true }).check();
  await page.locator('#q-avoid-place-why').fill('Ungdomar samlas på parkeringen');
  await page.getByLabel(`${sv('survey.weekday.6')}, ${sv('survey.part.evening')}`).check();
  await page.locator('#q-worry-crime').getByLabel('Någon gång').check();
  // The required safety question is left out.
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.answer.submit') }), 'mistake'), 422);
  const errors = await errorSummary(page);
  assert.equal(errors.length, 1, `one error: ${errors}`);
  assert.ok(errors[0].includes(sv('error.survey_required')), errors[0]);
  // What was typed and ticked is kept.
  assert.equal(await page.locator('#q-avoid-place-why').inputValue(), 'Ungdomar samlas på parkeringen');
  assert.ok(await place.getByLabel('Noret', { exact: true }).isChecked(), 'Noret still ticked');
  assert.ok(await page.getByLabel(`${sv('survey.weekday.6')}, ${sv('survey.part.evening')}`).isChecked(), 'Saturday evening still ticked');
  await page.locator('#q-safety-evening').getByLabel('Ganska otrygg', { exact: true }).check();
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.answer.submit') }), 'thanks'), 200);
  assert.equal(await text(page.locator('h1')), sv('survey.thanks.heading'));
});

test('the results page counts the answer', async (t) => {
  assert.ok(surveyPath, 'the survey was made');
  const page = await app.newPage(t);
  await signIn(page, coordinator);
  await visit(page, `${surveyPath}/results`, { label: 'results' });
  assert.equal(await text(page.locator('p.lead')), T('sv', 'survey.results.answers.one', 1));
  const safety = page.locator('section.survey-result').first();
  const row = safety.locator('tr', { has: page.getByRole('rowheader', { name: 'Ganska otrygg', exact: true }) });
  assert.equal(await text(row.locator('td').first()), '1');
  const when = page.locator('table.survey-when-table');
  const saturday = when.locator('tr', { has: page.getByRole('rowheader', { name: sv('survey.weekday.6') }) });
  assert.equal(await text(saturday.locator('td').nth(2)), '1', 'Saturday evening ticked once');
  // The coordinator sees the why, as written.
  assert.ok(await page.getByText('Ungdomar samlas på parkeringen').count() >= 1, 'the why is shown to the coordinator');
  // The demo's citizen dialogue shows the Noret pattern.
  await visit(page, '/surveys', { label: 'list-again' });
  await submit(page, page.getByRole('link', { name: 'Trygghetsdialog Mora (demo)' }), 'demo-survey');
  await submit(page, page.getByRole('link', { name: sv('survey.action.results') }), 'demo-results');
  const places = page.locator('table.survey-table-places').first();
  assert.equal(await text(places.locator('tbody tr').first().locator('th')), 'Noret');
});

test('the demo dialogue compared with the year before, and its summary published for everyone', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, coordinator);
  await visit(page, '/surveys', { label: 'list' });
  await submit(page, page.getByRole('link', { name: 'Trygghetsdialog Mora (demo)' }), 'demo-survey');
  const surveyURL = page.url();
  await submit(page, page.getByRole('link', { name: sv('survey.action.results') }), 'demo-results');
  // The same template's earlier round is offered, and the comparison is a
  // table per question with both rounds and the change.
  const choice = page.getByRole('region', { name: sv('survey.compare.choose') });
  await submit(page, choice.getByRole('link', { name: 'Trygghetsdialog Mora, året innan (demo)' }), 'compare');
  assert.equal(await text(page.locator('h1')), sv('survey.compare.heading'));
  const table = page.locator('table.survey-compare-table').first();
  assert.deepEqual(await table.locator('thead th').allInnerTexts(),
    [sv('survey.results.option'), sv('survey.compare.earlier'), sv('survey.compare.later'), sv('survey.compare.change')]);
  assert.ok(await table.locator('tbody tr').count() >= 4, 'a row per option of the safety scale');

  // Published, the summary reads without signing in, in counts only.
  await visit(page, new URL(surveyURL).pathname, { label: 'survey-again' });
  await submit(page, page.getByRole('button', { name: sv('survey.summary.publish') }), 'summary-published');
  const summaryPath = await page.getByRole('link', { name: sv('survey.summary.link') }).getAttribute('href');
  assert.match(summaryPath, /^\/kommun\/2062\/surveys\/\d+$/);
  const visitor = await app.newPage(t, phone);
  await visit(visitor, summaryPath, { label: 'summary-public' });
  assert.match(await text(visitor.locator('h1')), /Trygghetsdialog Mora \(demo\)/);
  assert.equal(await visitor.locator('blockquote, .survey-free-text').count(), 0, 'no free text in the summary');
  // Withdrawn, it is gone.
  await submit(page, page.getByRole('button', { name: sv('survey.summary.withdraw') }), 'summary-withdrawn');
  const res = await visitor.request.get(summaryPath);
  assert.equal(res.status(), 404);
});
