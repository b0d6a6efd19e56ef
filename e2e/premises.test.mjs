// Licensed premises and their supervision (krogtillsyn): the alcohol
// officer of Malung-Sälen, on a small phone, reads the season's coverage on
// the start page and opens the season's coverage,
// records a visit to one of the two premises the demo leaves unvisited with
// a deficiency on a check of the protocol, gets the protocol for the
// licence holder and sees the coverage count one fewer; a form with a bad
// input shows every error, keeps what was typed and stores nothing. On a
// desktop the officer keeps the register: search, planning, the year's
// summary, the checklists and a CSV import stopped at its bad line.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, submit, signIn, errorSummary, T, phone, text, demoSeason, inSeason, menu,
} from './helpers.mjs';

const sv = (key, ...args) => T('sv', key, ...args);
const officer = 'alkohol@demo.example';
const police = 'polis@demo.example';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

// fits asserts that the page does not scroll sideways on the phone.
async function fits(page) {
  const m = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.equal(m.innerWidth, 360, `${page.url()}: zoomed out`);
  assert.ok(m.scrollWidth <= 360, `${page.url()} scrolls sideways: ${JSON.stringify(m)}`);
}

// notVisited reads the coverage page: the count shown and the premises
// listed as not yet visited.
async function notVisited(page) {
  const count = Number(await text(page.locator('#not-visited-count')));
  const names = (await page.locator('.not-visited .card-title').allInnerTexts()).map((s) => s.trim());
  const visited = Number(await text(page.locator('#premises-visited')));
  const visits = Number(await text(page.locator('#recorded-visits')));
  return { count, names, visited, visits };
}

// chooseSeason shows the coverage of the winter season that starts in
// year: the demo's 2017–18 is history, the same whatever today's date.
async function chooseSeason(page, year) {
  await page.getByLabel(sv('premises.coverage.season'), { exact: true }).selectOption(String(year));
  assert.equal(await submit(page, page.locator('.period-form button[type=submit]'), `coverage-${year}`), 200);
  assert.equal(await text(page.locator('#coverage-heading')), sv('premises.season', year, year + 1));
}

test('the alcohol officer\'s start page says the season\'s coverage on a phone', async (t) => {
  const page = await app.newPage(t, phone);
  // Signing in lands on /start, checked with axe and a screenshot.
  await signIn(page, officer);
  await fits(page);
  const section = page.locator('section.start-premises');
  assert.equal(await text(section.locator('h2')), sv('premises.start.heading'));
  assert.equal(await text(section.locator('h3')), 'Malung-Sälen');
  // The season of the demo's current cycle: the one under way, or
  // between seasons the one before the coming one, with some of its 14
  // premises still unvisited, as many as its coverage page says.
  const line = await text(section.locator('p').first());
  const record = section.getByRole('link', { name: `${sv('premises.action.record')} ${sv('premises.start.in', 'Malung-Sälen')}` });
  assert.equal(await record.getAttribute('href'), '/inspections/new?municipality_code=2023');
  await Promise.all([page.waitForURL('**/premises/coverage?municipality_code=2023'),
    section.getByRole('link', { name: `${sv('premises.start.coverage_link')} ${sv('premises.start.in', 'Malung-Sälen')}` }).tap()]);
  await check(page, 'coverage-from-start');
  const year = inSeason ? demoSeason : demoSeason - 1;
  assert.equal(await text(page.locator('#coverage-heading')), sv('premises.season', year, year + 1));
  const unvisited = Number(await text(page.locator('#not-visited-count')));
  assert.ok(unvisited > 0 && unvisited < 14 || inSeason, `the season's coverage leaves ${unvisited} of 14 unvisited`);
  assert.equal(line, inSeason ? sv('premises.start.not_visited_now', unvisited, 14) : sv('premises.start.not_visited_season', unvisited, 14, year, year + 1));
});

test('the alcohol officer records a visit with a remark on a phone and the coverage updates', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, officer);

  // The register from the menu, coverage from its tabs.
  const nav = await menu(page);
  await Promise.all([page.waitForURL('**/premises'), nav.getByRole('link', { name: sv('nav.premises') }).tap()]);
  await check(page, 'register');
  await fits(page);
  assert.equal(await page.locator('.premises-table tbody tr').count(), 14, 'the demo register of 14 premises');
  const tabs = page.getByRole('navigation', { name: sv('premises.tab.label') });
  await Promise.all([page.waitForURL('**/premises/coverage**'), tabs.getByRole('link', { name: sv('premises.tab.coverage') }).tap()]);
  await check(page, 'coverage');
  await fits(page);
  await chooseSeason(page, 2017);
  await fits(page);
  const before = await notVisited(page);
  assert.equal(before.count, 2, 'the demo leaves two premises unvisited in 2017–18');
  assert.equal(before.names.length, 2);
  assert.equal(await text(page.locator('.coverage-lead')), `2 ${sv('premises.coverage.not_visited_of', 14)}`);

  // The premises page, and its inspections so far.
  const target = before.names[0];
  await Promise.all([page.waitForURL(/\/premises\/\d+$/), page.locator('.not-visited').getByRole('link', { name: target, exact: true }).tap()]);
  await check(page, 'premises');
  await fits(page);
  assert.equal(await text(page.locator('h1')), target);
  const rows = await page.locator('.inspections-table tbody tr').count();

  // The form: the municipality's on-site checklist as radio groups.
  await Promise.all([page.waitForURL('**/inspections/new?premises_id=*'),
    page.getByRole('main').getByRole('link', { name: sv('premises.action.record'), exact: true }).tap()]);
  await check(page, 'form');
  await fits(page);
  const onSite = page.locator('#checklist-on-site');
  assert.ok(await onSite.isVisible(), 'the on-site checklist is shown');
  assert.equal(await page.locator('#checklist-register').isVisible(), false, 'the other kinds\' lists are hidden');
  const checks = onSite.locator('.check-item');
  assert.equal(await checks.count(), 8, 'the default on-site checklist has eight checks');
  assert.equal(await text(checks.nth(1).locator('legend')), 'Ålderskontroller');
  // The results are big enough to tap.
  const box = await checks.nth(1).locator('.results li').first().boundingBox();
  assert.ok(box.height >= 40 && box.x + box.width <= 360, `result button ${JSON.stringify(box)}`);
  // The time is now by default, and is changed to an evening in the season.
  const time = page.getByLabel(sv('field.conducted_at'), { exact: true });
  assert.match(await time.inputValue(), /^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
  await time.fill('2018-03-16T21:30');
  await checks.nth(1).getByLabel(sv('inspection.result.deficiency'), { exact: true }).check();
  const note = 'Legitimation kontrollerades inte i entrén.';
  await checks.nth(1).getByLabel(new RegExp(`^${sv('inspection.form.note')}`)).fill(note);
  await onSite.getByRole('button', { name: sv('inspection.form.all_ok') }).tap();
  assert.equal(await checks.nth(0).getByLabel(sv('inspection.result.ok'), { exact: true }).isChecked(), true, 'the rest marked without remark');
  assert.equal(await checks.nth(1).getByLabel(sv('inspection.result.deficiency'), { exact: true }).isChecked(), true, 'the remark kept');
  await page.getByLabel(sv('field.protocol.remarks'), { exact: true }).fill('Samtal med serveringsansvarig om ålderskontroller.');

  // A bad input first: a follow-up date before the visit, and no action.
  await page.getByLabel(sv('field.follow_up_on')).fill('2018-03-01');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('inspection.new.submit') }), 'form-errors'), 422);
  await fits(page);
  const errors = await errorSummary(page);
  assert.deepEqual(errors, [
    `${sv('inspection.field.follow_up')}: ${sv('error.follow_up_required')}`,
    `${sv('field.follow_up_on')}: ${sv('error.follow_up_before_visit')}`,
  ]);
  // What was typed is kept: the time, the remark and its note.
  assert.equal(await page.getByLabel(sv('field.conducted_at'), { exact: true }).inputValue(), '2018-03-16T21:30');
  const again = page.locator('#checklist-on-site .check-item');
  assert.equal(await again.nth(1).getByLabel(sv('inspection.result.deficiency'), { exact: true }).isChecked(), true);
  assert.equal(await again.nth(1).getByLabel(new RegExp(`^${sv('inspection.form.note')}`)).inputValue(), note);
  assert.equal(await again.nth(0).getByLabel(sv('inspection.result.ok'), { exact: true }).isChecked(), true);
  // The summary links to the field.
  await page.locator('.error-summary a').last().tap();
  assert.equal(await page.evaluate(() => location.hash), '#f-follow-up-on');

  // Corrected: the action and a date after the visit.
  await page.getByLabel(sv('inspection.field.follow_up')).fill('Nytt besök med ålderskontroll inom tre veckor.');
  await page.getByLabel(sv('field.follow_up_on')).fill('2018-04-06');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('inspection.new.submit') }), 'inspection'), 200);
  await fits(page);
  assert.match(new URL(page.url()).pathname, /^\/inspections\/\d+$/);
  assert.equal(await text(page.locator('.notice.success')), sv('inspection.saved'));
  assert.equal(await text(page.locator('#recorded')), sv('inspection.recorded.yes'));
  assert.equal(await text(page.locator('.protocol-table tr.result-deficiency td').first()), 'Ålderskontroller');
  assert.ok((await text(page.locator('.protocol-table'))).includes(note));

  // The protocol for the licence holder.
  const pdfLink = page.getByRole('link', { name: sv('inspection.view.protocol_pdf') });
  const href = await pdfLink.getAttribute('href');
  assert.match(href, /^\/inspections\/\d+\/protocol\.pdf$/);
  const pdf = await page.request.get(href);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');

  // Nothing of the refused form was stored: one inspection more.
  await Promise.all([page.waitForURL(/\/premises\/\d+$/), page.locator('.breadcrumb a').tap()]);
  await check(page, 'premises-after');
  assert.equal(await page.locator('.inspections-table tbody tr').count(), rows + 1);

  // The coverage counts one fewer.
  await visit(page, '/premises/coverage?municipality_code=2023&season=2017', { label: 'coverage-after' });
  await fits(page);
  const after = await notVisited(page);
  assert.equal(after.count, 1);
  assert.deepEqual(after.names, before.names.filter((n) => n !== target));
  assert.equal(after.visited, before.visited + 1);
  assert.equal(after.visits, before.visits + 1);
});

test('the police read the register and record a joint visit in which they take part', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, police);
  // The police work in two municipalities: they choose one.
  await visit(page, '/premises', { label: 'choose' });
  await Promise.all([page.waitForURL('**/premises?municipality_code=2023'), page.getByRole('link', { name: 'Malung-Sälen', exact: false }).first().tap()]);
  await check(page, 'register');
  await fits(page);
  // They read it but do not keep it.
  assert.equal(await page.getByRole('link', { name: sv('premises.action.new') }).count(), 0);
  await visit(page, '/inspections/new?municipality_code=2023', { label: 'choose-premises' });
  await Promise.all([page.waitForURL('**/inspections/new?premises_id=*'), page.locator('.premises-choices a').first().tap()]);
  await check(page, 'form');
  await fits(page);
  await page.getByLabel(sv('inspection.kind.joint'), { exact: true }).check();
  assert.ok(await page.locator('#checklist-joint').isVisible(), 'the joint checklist is shown for a joint visit');
  assert.equal(await page.locator('#checklist-on-site').isVisible(), false);
  // Taken out of the parties, the police may not record it.
  const parties = page.locator('#f-organization-ids');
  await parties.getByLabel('Malung-Sälens kommun').check();
  await parties.getByLabel('Polisen, lokalpolisområde Mora').uncheck();
  await page.locator('#checklist-joint').getByRole('button', { name: sv('inspection.form.all_ok') }).tap();
  assert.equal(await submit(page, page.getByRole('button', { name: sv('inspection.new.submit') }), 'not-a-party'), 422);
  assert.deepEqual(await errorSummary(page), [`${sv('inspection.field.organization_ids')}: ${sv('error.inspection_own_party')}`]);
  await page.locator('#f-organization-ids').getByLabel('Polisen, lokalpolisområde Mora').check();
  assert.equal(await submit(page, page.getByRole('button', { name: sv('inspection.new.submit') }), 'joint-saved'), 200);
  assert.equal(await text(page.locator('.notice.success')), sv('inspection.saved'));
  assert.ok((await text(page.locator('.facts'))).includes(sv('inspection.kind.joint')));
});

test('on a desktop the officer keeps the register: search, planning, summary, checklists and a CSV import', async (t) => {
  const page = await app.newPage(t, { viewport: { width: 1280, height: 900 } });
  await signIn(page, officer);
  await visit(page, '/premises', { label: 'register' });
  // Search by a part of the name, in another case.
  await page.getByLabel(sv('premises.list.search'), { exact: true }).fill('KLÄPPEN');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('form.search') }), 'search'), 200);
  assert.deepEqual((await page.locator('.premises-table tbody td:first-child a').allInnerTexts()).map((s) => s.trim()).sort(),
    ['Afterski Kläppen (demo)', 'Fjällkrogen Kläppen (demo)']);
  await page.getByLabel(sv('premises.list.search'), { exact: true }).fill('ingen sådan krog');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('form.search') }), 'search-empty'), 200);
  assert.equal(await text(page.locator('.empty-state')), sv('premises.list.no_match'));

  await visit(page, '/premises/planning?municipality_code=2023', { label: 'planning' });
  const due = await page.locator('.planning-table tbody tr.due').count();
  assert.ok(due >= 1, 'premises not visited this season are marked');
  await visit(page, '/premises/summary?municipality_code=2023&year=2018', { label: 'summary' });
  assert.ok(Number(await text(page.locator('.summary-sums tbody tr:nth-child(3) td'))) > 0, 'visits in 2018');
  const xlsx = await page.request.get(await page.getByRole('link', { name: sv('premises.summary.download') }).getAttribute('href'));
  assert.equal(xlsx.status(), 200);
  assert.equal((await xlsx.body()).subarray(0, 2).toString(), 'PK', 'an Office Open XML workbook');

  // The checklists: a line twice is refused, on its list, with its line.
  await visit(page, '/premises/checklists?municipality_code=2023', { label: 'checklists' });
  const list = page.locator('#f-items-preventive');
  const original = await list.inputValue();
  await list.fill(`${original}\nNarkotikapolicy`);
  const form = page.locator('section', { has: list });
  assert.equal(await submit(page, form.getByRole('button', { name: sv('premises.checklists.save', sv('inspection.kind.preventive')) }), 'checklist-error'), 422);
  assert.equal((await errorSummary(page)).length, 1);
  assert.ok((await errorSummary(page))[0].includes(T('sv', 'error.checklist_line_twice', 5)));
  await page.locator('#f-items-preventive').fill(`${original}\nAnsvarig utsedd för narkotikafrågor`);
  assert.equal(await submit(page, page.locator('section', { has: page.locator('#f-items-preventive') }).getByRole('button', { name: sv('premises.checklists.save', sv('inspection.kind.preventive')) }), 'checklist-saved'), 200);
  assert.equal(await text(page.locator('.notice.success')), sv('premises.checklists.saved'));
  assert.ok((await page.locator('#f-items-preventive').inputValue()).endsWith('Ansvarig utsedd för narkotikafrågor'));

  // A register file with a bad organisation number on its third line:
  // the line and the reason, nothing stored.
  await visit(page, '/premises/import', { label: 'import' });
  const header = 'restaurant_number,name,organization_number,holder_name,street_address,postal_code,postal_area,municipality_code,licence_type,serving_hours,lat,lon';
  const bad = [header,
    '20230101,Nya Baren (test),556012-5790,Nya Baren AB,Sälen 1,780 67,Sälen,2023,Stadigvarande tillstånd till allmänheten,11.00–01.00,61.16,13.26',
    '20230102,Andra Baren (test),556012-5791,Andra Baren AB,Sälen 2,780 67,Sälen,2023,Stadigvarande tillstånd till allmänheten,11.00–01.00,,'].join('\n');
  await page.getByLabel(sv('premises.import.file')).setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('premises.import.submit') }), 'import-error'), 422);
  const [line] = await errorSummary(page);
  assert.ok(line.includes(sv('import.line', 3)) && line.includes(sv('error.organization_number_check')), line);
  await visit(page, '/premises?municipality_code=2023&q=baren+(test)', { label: 'nothing-imported' });
  assert.equal(await text(page.locator('.empty-state')), sv('premises.list.no_match'));
  // Corrected, both are added.
  await visit(page, '/premises/import', { label: 'import-again' });
  await page.getByLabel(sv('premises.import.file')).setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(bad.replace('556012-5791', '556012-5790')) });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('premises.import.submit') }), 'imported'), 200);
  assert.ok((await text(page.locator('.notice.success'))).includes(sv('premises.import.created', 2)));

  // The form of a new premises refuses a wrong restaurant number.
  await visit(page, '/premises/new', { label: 'new' });
  await page.getByLabel(sv('premises.field.name'), { exact: true }).fill('Testkrogen (test)');
  await page.getByLabel(sv('field.restaurant_number')).fill('20620001');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('premises.new.submit') }), 'new-errors'), 422);
  const summary = await errorSummary(page);
  assert.ok(summary.includes(`${sv('field.restaurant_number')}: ${T('sv', 'error.restaurant_number_municipality', '2023')}`), summary.join('\n'));
  assert.equal(await page.getByLabel(sv('premises.field.name'), { exact: true }).inputValue(), 'Testkrogen (test)');

  // English is complete too.
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForLoadState('load');
  await visit(page, '/premises/coverage?municipality_code=2023&season=2017', { label: 'coverage-en' });
  assert.equal(await text(page.locator('#coverage-heading')), T('en', 'premises.season', 2017, 2018));
});
