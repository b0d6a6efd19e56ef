// Free-text answers with filters: Mora's coordinator opens the demo
// citizen dialogue's results, follows the link to its free texts, filters
// them by a word and an area of residence, pages on through more than a
// page (answers added on a tablet), and sees the empty state for a word nobody wrote. The
// police, who read the counted results, are refused the raw answers.
// Every page is checked with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, visit, check, submit, signIn, T, text } from './helpers.mjs';

const sv = (key, ...args) => T('sv', key, ...args);
const coordinator = 'samordnare.mora@demo.example';
const police = 'polis@demo.example';

let app;
let textsPath;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const count = async (page) => page.locator('li.survey-text').count();

test('the Mora coordinator filters the demo dialogue\'s free texts', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, coordinator);
  await visit(page, '/surveys', { label: 'list' });
  await submit(page, page.getByRole('link', { name: 'Trygghetsdialog Mora (demo)' }), 'demo-survey');
  // More than a page of texts: a meeting answers on a tablet (the limit
  // per address is higher), 55 mention the park.
  const id = new URL(page.url()).pathname.split('/')[2];
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.tablet.turn_on') }), 'tablet'), 200);
  for (let i = 0; i < 55; i++) {
    const res = await fetch(`${app.url}/api/v1/surveys/${id}/answers`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ browser_token: `survey-texts-browser-${i}`, answers: {
        safety_evening: { options: ['fairly_safe'] }, improve: { text: `Fler lampor i Älvparken (${i})` } } }),
    });
    assert.equal(res.status, 201, `answer ${i}: ${await res.text()}`);
  }
  await submit(page, page.getByRole('link', { name: sv('survey.action.results') }), 'demo-results');
  // The results list only the newest few, and link to all of them.
  const more = page.locator('p.survey-texts-link a').first();
  assert.match(await text(more), /^Visa alla \d+ och filtrera$/);
  await submit(page, more, 'texts');
  textsPath = new URL(page.url()).pathname;
  assert.match(textsPath, /^\/surveys\/\d+\/texts$/);
  assert.equal(await text(page.locator('h1')), sv('survey.texts.heading'));
  const all = await count(page);
  assert.ok(all > 0, 'the demo has free texts');
  // The day only, no time of day.
  assert.match(await page.locator('li.survey-text time').first().getAttribute('datetime'), /^\d{4}-\d{2}-\d{2}$/);

  // A word, in capitals, and an area of residence.
  await page.getByLabel(sv('field.q')).fill('NORET');
  await page.getByLabel(sv('survey.dimension.residence')).selectOption({ label: 'Noret' });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.texts.filter') }), 'filtered'), 200);
  const filtered = await count(page);
  assert.ok(filtered > 0 && filtered < all, `the filter takes some of the texts: ${filtered} of ${all}`);
  for (const body of await page.locator('li.survey-text .survey-text-body').allInnerTexts()) {
    assert.ok(body.toLowerCase().includes('noret'), body);
  }
  assert.match(await text(page.locator('.survey-texts-count')), new RegExp(`^${filtered} av \\d+ svar`));
  // The form keeps the filter.
  assert.equal(await page.getByLabel(sv('field.q')).inputValue(), 'NORET');
  assert.equal(await page.getByLabel(sv('survey.dimension.residence')).inputValue(), 'Noret');
  assert.equal(await page.getByRole('link', { name: sv('survey.texts.next') }).count(), 0, 'one page');

  // More than a page: a word in capitals with Ä, all areas; the next page
  // keeps the filter and holds the rest.
  await page.getByLabel(sv('field.q')).fill('ÄLVPARKEN');
  await page.getByLabel(sv('survey.dimension.residence')).selectOption({ label: sv('survey.texts.all_groups') });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.texts.filter') }), 'park'), 200);
  assert.equal(await count(page), 50);
  assert.match(await text(page.locator('.survey-texts-count')), /^55 av \d+ svar · sida 1 av 2$/);
  assert.equal(await submit(page, page.getByRole('link', { name: sv('survey.texts.next') }), 'page-2'), 200);
  assert.match(page.url(), /[?&]page=2(&|$)/);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'ÄLVPARKEN');
  assert.equal(await count(page), 5);
  assert.equal(await page.getByLabel(sv('field.q')).inputValue(), 'ÄLVPARKEN');
  assert.equal(await submit(page, page.getByRole('link', { name: sv('survey.texts.prev') }), 'page-1'), 200);
  assert.equal(await count(page), 50);

  // The month answered: the newest text's month takes it.
  const day = await page.locator('li.survey-text time').first().getAttribute('datetime');
  await page.getByLabel(sv('survey.texts.month')).selectOption(day.slice(0, 7));
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.texts.filter') }), 'month'), 200);
  assert.equal(new URL(page.url()).searchParams.get('month'), day.slice(0, 7));
  assert.ok(await count(page) > 0, 'the month has texts');

  // A word nobody wrote: the empty state says what to change.
  await page.getByLabel(sv('field.q')).fill('cykelstöld');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('survey.texts.filter') }), 'empty'), 200);
  assert.equal(await count(page), 0);
  assert.equal(await text(page.locator('.survey-texts-empty p').first()), sv('survey.texts.empty_filtered'));
  assert.equal(await submit(page, page.locator('.survey-texts-empty a'), 'cleared'), 200);
  assert.equal(await count(page), 50, 'all texts again, a page of them');
});

test('an unknown group is said in the form, and the police are refused', async (t) => {
  assert.ok(textsPath, 'the texts page was found');
  const page = await app.newPage(t);
  await signIn(page, coordinator);
  await visit(page, `${textsPath}?age_band=12_15`, { status: 422, label: 'bad-group' });
  assert.ok((await text(page.locator('.error-summary'))).includes(sv('error.survey_texts_group')));
  const other = await app.newPage(t);
  await signIn(other, police);
  const res = await other.goto(textsPath);
  assert.equal(res.status(), 403);
  await check(other, 'police-refused');
});
