// Dialogue surveys: Mora's coordinator makes a citizen safety survey from
// the template and publishes it; a citizen on a phone with JavaScript off
// answers it at its public link (a named place from the list, a cell of
// the when grid), first leaving out a required question to see the form
// keep what was typed; the results page counts the answer. Every page is
// checked with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, visit, check, submit, signIn, errorSummary, T, phone, text, runID, shot, axe, repoRoot } from './helpers.mjs';

const sv = (key, ...args) => T('sv', key, ...args);
const coordinator = 'samordnare.mora@demo.example';
const police = 'polis@demo.example'; // reads Mora's results, not the raw answers
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
  // Its map has the counts per named place only: no square, no pin.
  await visitor.locator('.survey-results-map .survey-place-marker').first().waitFor();
  assert.equal(await visitor.locator('path.survey-heat, .survey-exact-pin, .map-cluster').count(), 0, 'nothing finer than a named place');
  await visitor.locator('.survey-results-map .map').first().screenshot({ path: path.join(repoRoot, 'e2e', 'screenshots', 'surveys--summary-map.png') });
  // Withdrawn, it is gone.
  await submit(page, page.getByRole('button', { name: sv('survey.summary.withdraw') }), 'summary-withdrawn');
  const res = await visitor.request.get(summaryPath);
  assert.equal(res.status(), 404);
});

test('a citizen on a phone with JavaScript drops two pins on the map, each with its why, kept through a mistake', async (t) => {
  assert.ok(link, 'the survey was published');
  const page = await app.newPage(t, phone);
  await visit(page, link, { label: 'answer-map' });
  const map = page.locator('#q-avoid-place-map');
  await map.waitFor();
  assert.ok(await map.isVisible(), 'the place question shows its map');
  // The named places stay as the list beside the map.
  assert.ok(await page.locator('#q-avoid-place').getByLabel('Noret', { exact: true }).isVisible());
  const box = await map.boundingBox();
  await map.click({ position: { x: box.width * 0.4, y: box.height * 0.45 } });
  await map.click({ position: { x: box.width * 0.6, y: box.height * 0.6 } });
  const pins = page.locator('#q-avoid-place-pins li.survey-pin');
  assert.equal(await pins.count(), 2, 'two pins listed');
  await page.getByLabel(sv('survey.answer.pin_why', 1)).fill('Mörkt vid gångtunneln');
  await page.getByLabel(sv('survey.answer.pin_why', 2)).fill('Bilar som kör fort på parkeringen');
  // The keyboard's way: a third pin at the map's centre, removed again.
  await page.getByRole('button', { name: sv('survey.answer.map_centre') }).click();
  assert.equal(await pins.count(), 3);
  await page.getByRole('button', { name: sv('survey.answer.pin_remove', 3) }).click();
  assert.equal(await pins.count(), 2);
  await page.getByLabel(`${sv('survey.weekday.5')}, ${sv('survey.part.night')}`).check();
  await shot(page, 'answer-map-pins');
  await page.locator('#q-avoid-place').screenshot({ path: path.join(repoRoot, 'e2e', 'screenshots', 'surveys--answer-map-phone.png') });
  // The required safety question is left out: the pins come back.
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.answer.submit') }), 'map-mistake'), 422);
  assert.equal(await pins.count(), 2, 'both pins kept');
  assert.equal(await page.getByLabel(sv('survey.answer.pin_why', 1)).inputValue(), 'Mörkt vid gångtunneln');
  assert.equal(await page.getByLabel(sv('survey.answer.pin_why', 2)).inputValue(), 'Bilar som kör fort på parkeringen');
  await page.locator('#q-avoid-place-map .survey-pin-marker').nth(1).waitFor();
  assert.equal(await page.locator('#q-avoid-place-map .survey-pin-marker').count(), 2, 'both pins back on the map');
  assert.ok(await page.getByLabel(`${sv('survey.weekday.5')}, ${sv('survey.part.night')}`).isChecked());
  await page.locator('#q-safety-evening').getByLabel('Ganska trygg', { exact: true }).check();
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.answer.submit') }), 'map-thanks'), 200);
  assert.equal(await text(page.locator('h1')), sv('survey.thanks.heading'));

  // The coordinator's results count it: two answers, the pins with their
  // whys on the map and in the table.
  const coord = await app.newPage(t);
  await signIn(coord, coordinator);
  await visit(coord, `${surveyPath}/results`, { label: 'results-map' });
  assert.equal(await text(coord.locator('p.lead')), T('sv', 'survey.results.answers', 2));
  for (const why of ['Mörkt vid gångtunneln', 'Bilar som kör fort på parkeringen']) {
    assert.equal(await coord.locator('table[id$="-pins"] tr', { hasText: why }).count(), 1, `the pin "${why}" is counted`);
  }
  const friday = coord.locator('table.survey-when-table tr', { has: coord.getByRole('rowheader', { name: sv('survey.weekday.5') }) });
  assert.equal(await text(friday.locator('td').nth(3)), '1', 'Friday night ticked once');
  await coord.locator('.survey-results-map .survey-exact-pin, .survey-results-map .map-cluster').first().waitFor();
});

test('the demo dialogue\'s results map: the Noret cluster in squares, exact pins only to the coordinator', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, coordinator);
  await visit(page, '/surveys', { label: 'list' });
  await submit(page, page.getByRole('link', { name: 'Trygghetsdialog Mora (demo)' }), 'demo-survey');
  const demoResults = new URL(page.url()).pathname + '/results';
  await visit(page, demoResults, { label: 'demo-results-map' });
  const map = page.locator('.survey-results-map .map').first();
  await map.locator('path.survey-heat').first().waitFor();
  assert.ok(await map.locator('path.survey-heat').count() > 0, 'squares drawn');
  assert.ok(await map.locator('path.survey-heat-4').count() >= 1, 'the busiest square has the top class');
  assert.ok(await map.locator('.survey-place-marker').count() >= 1, 'named places as count markers');
  assert.ok(await map.locator('.survey-exact-pin, .map-cluster').count() >= 1, 'the coordinator sees the exact pins');
  assert.ok(await page.locator('.survey-heat-legend li').count() >= 2, 'a legend of the colour classes');
  await map.scrollIntoViewIfNeeded();
  await shot(page, 'demo-results-map-drawn');
  await page.locator('.survey-results-map').first().screenshot({ path: path.join(repoRoot, 'e2e', 'screenshots', 'surveys--results-map-coordinator.png') });
  await axe(page);

  // The police read the same survey's results aggregated: squares and
  // places, no exact pin anywhere in the page.
  const reader = await app.newPage(t);
  await signIn(reader, police);
  await visit(reader, demoResults, { label: 'demo-results-police' });
  const theirs = reader.locator('.survey-results-map .map').first();
  await theirs.locator('path.survey-heat').first().waitFor();
  assert.equal(await reader.locator('.survey-exact-pin, .map-cluster').count(), 0, 'no exact pin on the map');
  assert.equal(await reader.locator('table[id$="-pins"]').count(), 0, 'no table of exact pins');
  await theirs.scrollIntoViewIfNeeded();
  await shot(reader, 'demo-results-police-map');
  await theirs.screenshot({ path: path.join(repoRoot, 'e2e', 'screenshots', 'surveys--results-map-police.png') });
  await axe(reader);
});

// A staff dialogue with one-time invitation codes: the Mora coordinator
// adds a question of her own to a new draft (a mistake first: the form
// keeps what was typed), publishes, requires codes and makes three; a
// respondent follows a link with a code in it and answers; a second
// person with the same code is told it is used.
const staffTitle = `Personaldialog Mora ${runID}`;
let staffLink;
let codes = [];

test('the coordinator adds a question, publishes and makes invitation codes', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, coordinator);
  await visit(page, '/surveys/new', { label: 'new' });
  await page.getByLabel(sv('survey.template.citizen_safety')).check();
  await page.getByLabel(sv('field.title')).fill(staffTitle);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.new.submit') }), 'edit'), 200);
  const editPath = new URL(page.url()).pathname;
  const form = page.locator('#question-form');
  await form.getByLabel(sv('field.question_kind'), { exact: true }).selectOption({ label: sv('survey.question_kind.single') });
  await form.getByLabel(sv('field.question_section'), { exact: true }).selectOption({ label: sv('survey.section.safety') });
  await form.getByLabel(sv('field.question_text'), { exact: true }).fill('Var arbetar du oftast?');
  await form.getByLabel(sv('field.question_text_en'), { exact: true }).fill('Where do you work most often?');
  // One option only: refused, everything kept.
  await form.getByLabel(sv('field.question_options'), { exact: true }).fill('Skolan');
  assert.equal(await submit(page, form.getByRole('button', { name: sv('survey.add.submit') }), 'add-mistake'), 422);
  const errors = await errorSummary(page);
  assert.equal(errors.length, 1, `one error: ${errors}`);
  assert.ok(errors[0].includes(sv('error.survey_options_few')), errors[0]);
  assert.equal(await form.getByLabel(sv('field.question_text'), { exact: true }).inputValue(), 'Var arbetar du oftast?');
  assert.equal(await form.getByLabel(sv('field.question_text_en'), { exact: true }).inputValue(), 'Where do you work most often?');
  assert.equal(await form.getByLabel(sv('field.question_kind'), { exact: true }).inputValue(), 'single');
  await form.getByLabel(sv('field.question_options'), { exact: true }).fill('Skolan\nBiblioteket\nStadshuset');
  await form.getByLabel(sv('field.question_required')).check();
  assert.equal(await submit(page, form.getByRole('button', { name: sv('survey.add.submit') }), 'added'), 200);
  assert.equal(new URL(page.url()).pathname, editPath);
  const added = page.locator('#question-var-arbetar-du-oftast');
  assert.equal(await added.getByLabel(sv('survey.edit.text')).inputValue(), 'Var arbetar du oftast?');
  // Last in the safety section; moved up one step.
  const order = async () => page.locator('.survey-edit-section').first().locator('.survey-edit-question')
    .evaluateAll((els) => els.map((e) => e.id));
  const before = await order();
  assert.equal(before.at(-1), 'question-var-arbetar-du-oftast');
  await submit(page, added.getByRole('button', { name: sv('survey.edit.move_up_label', 'Var arbetar du oftast?') }), 'moved');
  assert.equal((await order()).at(-2), 'question-var-arbetar-du-oftast');

  const surveyPath = editPath.replace(/\/edit$/, '');
  await visit(page, surveyPath, { label: 'survey' });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.action.publish') }), 'published'), 200);
  staffLink = await page.locator('a.survey-link').getAttribute('href');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.codes.turn_on') }), 'codes-on'), 200);
  await page.getByLabel(sv('field.invitation_count')).fill('3');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.codes.make') }), 'codes'), 200);
  assert.equal(await text(page.locator('h1')), sv('survey.codes.page_heading', staffTitle));
  codes = await page.locator('.survey-code-value').allInnerTexts();
  assert.equal(codes.length, 3);
  for (const c of codes) assert.match(c, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
  // The CSV holds the same codes.
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: sv('survey.codes.download') }).click()]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  for (const c of codes) assert.ok(csv.includes(`${c};`), `${c} in the CSV`);
  await visit(page, surveyPath, { label: 'survey-counts' });
  assert.equal(await text(page.locator('.survey-code-counts')), sv('survey.codes.counts', '3', '0'));
});

test('a respondent answers with a code from the link; the same code again is refused', async (t) => {
  assert.ok(staffLink && codes.length === 3, 'the codes were made');
  const page = await app.newPage(t, phone);
  // The code in the link, typed in lower case without the dash.
  await visit(page, `${staffLink}?code=${codes[0].replace('-', '').toLowerCase()}`, { label: 'answer-with-code' });
  assert.equal(await page.getByLabel(sv('field.invitation_code')).inputValue(), codes[0]);
  await page.locator('#q-safety-evening').getByLabel('Ganska trygg', { exact: true }).check();
  await page.locator('#q-var-arbetar-du-oftast').getByLabel('Biblioteket', { exact: true }).check();
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.answer.submit') }), 'thanks'), 200);
  assert.equal(await text(page.locator('h1')), sv('survey.thanks.heading'));

  const other = await app.newPage(t, phone);
  await visit(other, staffLink, { label: 'answer-again' });
  await other.getByLabel(sv('field.invitation_code')).fill(codes[0]);
  await other.locator('#q-safety-evening').getByLabel('Ganska otrygg', { exact: true }).check();
  await other.locator('#q-var-arbetar-du-oftast').getByLabel('Skolan', { exact: true }).check();
  assert.equal(await submit(other, other.getByRole('button', { name: sv('survey.answer.submit') }), 'code-used'), 422);
  const errors = await errorSummary(other);
  assert.equal(errors.length, 1, `one error: ${errors}`);
  assert.ok(errors[0].includes(sv('error.survey_code_used')), errors[0]);
  // What was chosen is kept.
  assert.ok(await other.locator('#q-var-arbetar-du-oftast').getByLabel('Skolan', { exact: true }).isChecked());
});
