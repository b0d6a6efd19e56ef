// Agreements and citizen promises, from a coordinator's draft to the public
// page a citizen reads on a phone, and back from a party with a commitment
// that was not done.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, submit, check, signIn, errorSummary, text, T, phone, runID, renewedPromise, menu,
} from './helpers.mjs';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);

const coordinator = 'samordnare@demo.example'; // Malung-Sälens kommun
const policeMember = 'polis@demo.example';
const police = 'Polisen, lokalpolisområde Mora';
const malung = 'Malung-Sälens kommun';
const guards = 'Fjällvakterna Ordningsvakter AB (demo)';
const promiseTitle = `Tryggare påsk i Sälen ${runID}`;
const reason = 'Vägen till Hundfjället var avstängd av snöoväder båda helgerna.';

// field is the form control named name.
const field = (page, name) => page.locator(`[name="${name}"]`);

test('a coordinator makes an agreement and a promise, a party reports, a visitor follows it on a phone', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, coordinator);

  // The agreement.
  await (await menu(page)).getByRole('link', { name: sv('nav.agreements') }).click();
  await check(page, 'agreements');
  await page.getByRole('link', { name: sv('agreement.new.heading') }).click();
  await check(page, 'agreement-new');
  await field(page, 'title').fill(`Samverkansavtal Malung-Sälen ${runID}`);
  await field(page, 'municipality_code').selectOption('2023');
  await field(page, 'parties.0.organization_id').selectOption({ label: malung });
  await field(page, 'parties.0.signatory_title').fill('Kommunstyrelsens ordförande');
  await field(page, 'parties.1.organization_id').selectOption({ label: police });
  await field(page, 'parties.1.signatory_title').fill('Lokalpolisområdeschef');
  await field(page, 'starts_on').fill('2027-01-01');
  await field(page, 'ends_on').fill('2029-12-31');
  await field(page, 'purpose').fill('Att i samverkan öka tryggheten i fjällen.');
  await field(page, 'focus_areas.0.title').fill('Trafik');
  await field(page, 'focus_areas.0.description').fill('Trafikkontroller på tillfartsvägarna.');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('agreement.new.submit') }), 'agreement-saved'), 200);
  assert.equal((await page.locator('h1').innerText()).trim(), `Samverkansavtal Malung-Sälen ${runID}`);
  assert.match(await text(page.locator('[role=status]')), new RegExp(sv('agreement.created')));
  const agreementID = new URL(page.url()).pathname.split('/').pop();

  // The promise: bad input first, refused with a message per field.
  await visit(page, '/promises/new', { label: 'promise-new' });
  await field(page, 'title').fill(promiseTitle);
  await field(page, 'municipality_code').selectOption('2023');
  await field(page, 'agreement_id').selectOption(agreementID);
  await field(page, 'starts_on').fill('2027-03-20');
  await field(page, 'ends_on').fill('2027-03-01');
  await field(page, 'problem').fill('Många besökare och trafik på tillfartsvägarna under påsken.');
  await field(page, 'effect').fill('Tryggare trafik och backar under påsken.');
  await field(page, 'communication.0.channel').check();
  await field(page, 'commitments.0.organization_id').selectOption({ label: police });
  await field(page, 'commitments.0.text').fill('Trafikkontroller på tillfartsvägarna');
  await field(page, 'commitments.0.target').fill('4');
  await field(page, 'commitments.0.unit').fill('insatser');
  await field(page, 'commitments.1.organization_id').selectOption({ label: guards });
  await field(page, 'commitments.1.text').fill('Vakter vid after ski');
  await field(page, 'commitments.2.organization_id').selectOption({ label: malung });
  // Parties named: the guards are not one of them.
  await field(page, 'parties.0.organization_id').selectOption({ label: malung });
  await field(page, 'parties.1.organization_id').selectOption({ label: police });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('promise.new.submit') }), 'promise-errors'), 422);
  assert.deepEqual(await errorSummary(page), [
    `${sv('field.ends_on')}: ${sv('error.ends_before_start')}`,
    `${sv('row.commitments', 2)}: ${sv('field.organization_id')}: ${sv('error.not_a_party')}`,
    `${sv('row.commitments', 3)}: ${sv('field.text')}: ${sv('error.required')}`,
  ]);
  // What was typed is kept.
  assert.equal(await field(page, 'title').inputValue(), promiseTitle);
  assert.equal(await field(page, 'commitments.0.target').inputValue(), '4');
  // Parties left empty: the agreement's and every organisation that
  // commits, so the guards' commitment makes them a party.
  await field(page, 'parties.0.organization_id').selectOption('');
  await field(page, 'parties.1.organization_id').selectOption('');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('promise.new.submit') }), 'promise-errors-default-parties'), 422);
  assert.deepEqual(await errorSummary(page), [
    `${sv('field.ends_on')}: ${sv('error.ends_before_start')}`,
    `${sv('row.commitments', 3)}: ${sv('field.text')}: ${sv('error.required')}`,
  ]);

  await field(page, 'ends_on').fill('2027-04-10');
  await field(page, 'commitments.1.organization_id').selectOption({ label: malung });
  await field(page, 'commitments.1.text').fill('Krogtillsyn tillsammans med polisen');
  await field(page, 'commitments.2.organization_id').selectOption({ label: police });
  await field(page, 'commitments.2.text').fill('Synlig polis vid after ski');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('promise.new.submit') }), 'promise-draft'), 200);
  assert.match(await text(page.locator('.draft-notice')), new RegExp(sv('public.promise.draft_note')));
  const promisePath = new URL(page.url()).pathname;

  // A visitor cannot see the draft.
  const visitor = await app.newPage(t, phone);
  await visit(visitor, promisePath, { status: 404, label: 'draft-hidden' });

  assert.equal(await submit(page, page.getByRole('button', { name: sv('promise.publish') }), 'promise-published'), 200);
  assert.match(await text(page.locator('[role=status]')), new RegExp(sv('promise.published')));

  // The police record that their commitment was not done, and why.
  const member = await app.newPage(t);
  await signIn(member, policeMember);
  await visit(member, promisePath, { label: 'member-promise' });
  await member.locator('.commitment', { hasText: 'Trafikkontroller på tillfartsvägarna' })
    .getByRole('link', { name: new RegExp(sv('public.commitment.update')) }).click();
  await check(member, 'status-form');
  await field(member, 'status').selectOption('not_done');
  assert.equal(await submit(member, member.getByRole('button', { name: sv('commitment.status_page.submit') }), 'status-no-reason'), 422);
  assert.deepEqual(await errorSummary(member), [`${sv('field.reason')}: ${sv('error.required')}`]);
  await field(member, 'reason').fill(reason);
  assert.equal(await submit(member, member.getByRole('button', { name: sv('commitment.status_page.submit') }), 'status-saved'), 200);
  // Only the police's own commitments can be updated by them.
  assert.equal(await member.getByRole('link', { name: new RegExp(`^${sv('public.commitment.update')}`) }).count(), 2);

  // A visitor on a phone finds it from the front page.
  await visit(visitor, '/', { label: 'front' });
  await visitor.getByRole('link', { name: 'Malung-Sälen', exact: true }).click();
  await check(visitor, 'municipality');
  await visitor.getByRole('link', { name: promiseTitle }).click();
  await check(visitor, 'promise');
  assert.equal((await visitor.locator('h1').innerText()).trim(), promiseTitle);
  const notDone = visitor.locator('.commitment-not_done');
  assert.match(await text(notDone), new RegExp(sv('commitment.status.not_done')));
  assert.match(await text(notDone), new RegExp(reason));
  assert.match(await text(visitor.locator('main')), new RegExp(`${sv('public.commitment.target', '4', 'insatser')}`));
  // Nothing is wider than the phone.
  assert.ok(await visitor.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'the promise page scrolls sideways on a 360 px phone');
  assert.equal(await visitor.getByRole('link', { name: sv('public.commitment.update') }).count(), 0);
  assert.ok(await visitor.locator('meta[property="og:title"]').getAttribute('content'), 'og:title');

  // And in the feed, as valid Atom with the entry.
  const feed = await visitor.request.get('/feeds/promises.atom');
  assert.equal(feed.status(), 200);
  assert.match(feed.headers()['content-type'], /^application\/atom\+xml/);
  const xml = await feed.text();
  assert.match(xml, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
  assert.ok(xml.includes(`<title type="text">${promiseTitle}</title>`), 'the feed has the promise');

  const pdf = await visitor.request.get(`${promisePath}/pdf`);
  assert.equal(pdf.status(), 200);
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
});

test('the demo promises read well on a phone, in both languages', async (t) => {
  const page = await app.newPage(t, phone);
  await visit(page, '/kommun/2023', { label: 'salen-municipality' });
  await page.getByRole('link', { name: 'Medborgarlöfte i Sälen 2016–2018' }).click();
  await check(page, 'salen-promise');
  // Every party's commitments, as the source document has them.
  for (const party of [police, malung, 'Destination Sälenfjällen']) {
    assert.ok(await page.getByRole('heading', { name: sv('public.promise.commits', party) }).isVisible(), party);
  }
  assert.equal(await page.locator('.commitment').count(), 10);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));

  // The renewed promise, the current one: the forum's parties commit too.
  await visit(page, '/kommun/2023', { label: 'salen-municipality-again' });
  await page.getByRole('link', { name: renewedPromise }).first().click();
  await check(page, 'salen-renewed-promise');
  for (const party of [police, malung, 'Destination Sälenfjällen', 'Räddningstjänsten Malung-Sälen', 'Vårdcentralen i Sälen', 'Ambulansen i Sälen']) {
    assert.ok(await page.getByRole('heading', { name: sv('public.promise.commits', party) }).isVisible(), party);
  }
  assert.equal(await page.locator('.commitment').count(), 10);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));

  await visit(page, '/kommun/2062', { label: 'mora-municipality' });
  // The promise's card (the published safety walk at Noret is linked too).
  await page.locator('.card-list').getByRole('link', { name: /Noret/ }).click();
  await check(page, 'noret-promise');
  assert.match(await text(page.locator('#amendments')), /2016-12-15/);
  assert.match(await text(page.locator('#amendments')), new RegExp(T('sv', 'public.amendment.extended', '2016-12-31', '2017-05-31')));

  await page.getByRole('button', { name: 'English' }).click();
  await check(page, 'noret-promise-en');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.ok(await page.getByRole('heading', { name: T('en', 'public.promise.amendments') }).isVisible());
});
