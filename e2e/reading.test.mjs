// What a new user meets: the grouped main menu on a phone and on a wide
// screen, the words of the pages a reporter and the public read, the
// counters of long fields, and public pages without dead ends.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, submit, signIn, errorSummary, T, phone, admin, reporter, menu, text,
} from './helpers.mjs';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);
const coordinator = 'samordnare@demo.example';
const desktop = { viewport: { width: 1280, height: 800 } };
// left is the counter's text for n characters left, as a reader sees it.
const left = (n) => sv(n === 1 ? 'form.count.left.one' : 'form.count.left', n.toLocaleString('sv')).replace(/\s+/g, ' ');

// h1Top is where the page's main heading starts, in CSS pixels from the
// top of the page: how far a reader scrolls past the header.
const h1Top = (page) => page.locator('h1').evaluate((h) => Math.round(h.getBoundingClientRect().top + window.scrollY));

// groups lists the menu's groups as [name, [links…]].
const groups = (nav) => nav.locator('.menu-group').evaluateAll((gs) => gs.map((g) => [
  g.querySelector('.menu-group-name').textContent.trim(),
  [...g.querySelectorAll('a')].map((a) => a.textContent.trim()),
]));

test('on a phone the menu folds behind one button and the page starts near the top', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, coordinator);
  const nav = page.getByRole('navigation', { name: sv('layout.nav') });
  const button = nav.locator('summary');
  assert.equal(await text(button), sv('layout.menu'));
  // Folded: no link of the menu is on the screen, and the heading is
  // within the first quarter of the screen (it was at 335 px with twelve
  // links above it).
  assert.equal(await nav.getByRole('link').count(), 0, 'the folded menu hides its links');
  const top = await h1Top(page);
  t.diagnostic(`h1 at ${top} px on a 360×740 phone, the menu folded`);
  assert.ok(top <= 185, `the heading starts at ${top} px`);

  // Opened: the groups, the current page marked, every link big enough to
  // tap and inside the screen.
  await button.tap();
  await check(page, 'menu-open');
  assert.equal(await nav.locator('details').evaluate((d) => d.open), true);
  assert.deepEqual(await groups(nav), [
    [sv('nav.group.report'), [sv('nav.report'), sv('nav.report_week')]],
    [sv('nav.group.picture'), [sv('nav.reports'), sv('nav.situation'), sv('nav.crime_statistics'), sv('nav.briefs')]],
    [sv('nav.group.dialogue'), [sv('nav.surveys'), sv('nav.safety_walks')]],
    [sv('nav.group.work'), [sv('nav.agreements'), sv('nav.promises'), sv('nav.activities'), sv('nav.premises'), sv('nav.meetings')]],
  ]);
  assert.equal(await nav.getByRole('link', { name: sv('nav.start') }).getAttribute('aria-current'), 'page');
  for (const link of await nav.getByRole('link').all()) {
    const b = await link.boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= 360 && b.height >= 44, `${await text(link)}: ${JSON.stringify(b)}`);
  }
  // Each group is a list named by its heading, for a screen reader.
  const picture = nav.getByRole('list', { name: sv('nav.group.picture') });
  assert.equal(await picture.getByRole('link').count(), 4);

  // A link of the menu leads on, and the new page marks itself current.
  await Promise.all([page.waitForURL('**/reports'), nav.getByRole('link', { name: sv('nav.reports'), exact: true }).tap()]);
  await check(page, 'reports');
  assert.equal(await nav.locator('details').evaluate((d) => d.open), false, 'folded again on the next page');
  const opened = await menu(page);
  assert.equal(await opened.getByRole('link', { name: sv('nav.reports'), exact: true }).getAttribute('aria-current'), 'page');
  assert.equal(await opened.getByRole('link', { name: sv('nav.report'), exact: true }).getAttribute('aria-current'), null);

  // The keyboard opens it too.
  await visit(page, '/start', { label: 'start-again' });
  await button.focus();
  await page.keyboard.press('Enter');
  assert.equal(await nav.locator('details').evaluate((d) => d.open), true, 'Enter opens the menu');
});

test('a reporter\'s menu on a phone: a new report is told from the list of reports', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, reporter.email);
  const top = await h1Top(page);
  t.diagnostic(`a reporter's h1 at ${top} px (was 251 px)`);
  assert.ok(top <= 185, `the heading starts at ${top} px`);
  const nav = await menu(page);
  await check(page, 'menu-open');
  assert.deepEqual(await groups(nav), [
    [sv('nav.group.report'), [sv('nav.report'), sv('nav.report_week')]],
    [sv('nav.group.picture'), [sv('nav.reports'), sv('nav.briefs')]],
    [sv('nav.group.work'), [sv('nav.meetings')]],
  ]);
  assert.notEqual(sv('nav.report'), sv('nav.reports'));
  // No administration, and the account is the user's name.
  assert.equal(await nav.getByRole('link', { name: sv('nav.users') }).count(), 0);
  assert.equal(await page.locator('header .account-link .who').innerText(), reporter.name);
});

test('on a wide screen the menu is open, grouped, without the button', async (t) => {
  const page = await app.newPage(t, desktop);
  await signIn(page, admin.email);
  await check(page, 'start');
  const nav = page.getByRole('navigation', { name: sv('layout.nav') });
  assert.equal(await nav.locator('summary').isVisible(), false);
  const links = nav.getByRole('link');
  assert.equal(await links.count(), 17, 'the administrator\'s seventeen links: the weekly checklist, safety walks, surveys and Brå\'s statistics among them');
  for (const link of await links.all()) assert.ok(await link.isVisible(), `${await text(link)} shown`);
  assert.deepEqual((await groups(nav)).map(([g]) => g),
    ['nav.group.report', 'nav.group.picture', 'nav.group.dialogue', 'nav.group.work', 'nav.group.admin'].map((k) => sv(k)));
  // The links are in the accessibility tree although the disclosure is
  // closed: the style sheet shows its content, Chromium reads it.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const names = nodes.filter((n) => !n.ignored && n.role?.value === 'link').map((n) => n.name?.value);
  for (const k of ['nav.start', 'nav.report', 'nav.audit']) assert.ok(names.includes(sv(k)), `${sv(k)} in ${names}`);
  // The keyboard reaches them in order: after the header's own links.
  await page.locator('header .brand').focus();
  const order = [];
  for (let i = 0; i < 6; i += 1) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.textContent.trim()));
  }
  assert.ok(order.includes(sv('nav.start')) && order.includes(sv('nav.report')), `tab order ${order}`);
  const height = await nav.evaluate((n) => Math.round(n.getBoundingClientRect().height));
  t.diagnostic(`the administrator's menu is ${height} px high at 1280 px`);
  assert.ok(height <= 120, `menu ${height} px`);
});

// cutOff lists the cells of the tables in locator that reach past its
// right edge: a column cut off, or hidden behind a sideways scroll.
const cutOff = (locator) => locator.evaluate((box) => {
  const right = box.getBoundingClientRect().right + 0.5;
  // A stacked table's head is there for a screen reader only, clipped.
  const shown = (c) => c.getClientRects().length && getComputedStyle(c.closest('thead') ?? c).position !== 'absolute';
  return [...box.querySelectorAll('td, th')].filter((c) => shown(c) && c.getBoundingClientRect().right > right)
    .map((c) => c.textContent.trim());
});

test('the brief shows every column of its figures, beside the text and on a phone, in plain words', async (t) => {
  for (const [label, options] of [['desktop', desktop], ['phone', phone]]) {
    const page = await app.newPage(t, options);
    await signIn(page, reporter.email);
    await visit(page, '/briefs', { label: `${label}-briefs` });
    await Promise.all([page.waitForURL(/\/briefs\/\d+$/), page.locator('.brief-item-title a').first().click()]);
    await check(page, `${label}-brief`);
    const figures = page.locator('.brief-figures');
    assert.deepEqual(await cutOff(figures), [], `${label}: cells cut off`);
    // Every column's label is on the screen for every category.
    for (const key of ['situation.this_week_col', 'situation.previous_week_col', 'situation.baseline_col']) {
      const cells = figures.locator(`td[data-label="${sv(key)}"]`);
      assert.ok(await cells.count() > 0);
      for (const c of await cells.all()) assert.ok(await c.isVisible(), `${label}: ${sv(key)} hidden`);
    }
    // A reporter reads the flags without the statistics.
    const words = await text(page.locator('main'));
    assert.doesNotMatch(words, /Poisson|p [<=] 0|baslinje|docs\//i, `${label}: jargon for a reporter`);
    assert.equal(await page.locator('details.method').count(), 0, 'no method for a reporter');
  }

  // The coordinator has the method one click away.
  const page = await app.newPage(t, desktop);
  await signIn(page, coordinator);
  await visit(page, '/briefs', { label: 'coordinator-briefs' });
  await Promise.all([page.waitForURL(/\/briefs\/\d+$/), page.locator('.brief-item-title a').first().click()]);
  const method = page.locator('details.method');
  assert.equal(await method.locator('p').first().isVisible(), false, 'folded');
  await method.locator('summary').click();
  assert.equal(await method.locator('p').first().isVisible(), true);
  assert.match(await text(method), /Poisson/);
  assert.doesNotMatch(await text(method), /docs\/|\.md\b/);
  await check(page, 'method-open');
});

test('a field with a limit counts down while one types, and says it politely', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, reporter.email);
  await visit(page, '/reports/new', { label: 'form' });
  const field = page.getByLabel(sv('report.field.description'), { exact: true });
  const id = await field.getAttribute('id');
  const limit = page.locator(`#${id}-limit`);
  // Loaded, the script says what is left; without it the limit is said.
  assert.equal(await text(limit), left(2000));
  assert.match(await field.getAttribute('aria-describedby'), new RegExp(`${id}-limit`));
  const live = limit.locator('xpath=following-sibling::*[1]');
  assert.equal(await live.getAttribute('aria-live'), 'polite');

  await field.pressSequentially('Stökigt');
  assert.equal(await text(limit), left(1993));
  // Read out once typing pauses, not at every keystroke.
  assert.equal(await text(live), '', 'nothing read out while typing');
  await page.clock.runFor(1200);
  assert.equal(await text(live), left(1993));
  // A line break counts as the two characters a form sends.
  await field.press('Enter');
  await field.pressSequentially('x');
  assert.equal(await text(limit), left(1990));
  // Over the limit: said, and marked.
  await field.fill('x'.repeat(2001));
  assert.equal(await text(limit), sv('form.count.over.one', 1));
  assert.match(await limit.getAttribute('class'), /\bover\b/);
  await check(page, 'over');

  // Sent as it is: the server says the same, and the group of choices left
  // empty says "choose".
  await field.fill('Stökigt vid entrén.');
  const status = await submit(page, page.getByRole('button', { name: sv('report.new.submit') }), 'errors');
  assert.equal(status, 422);
  assert.ok((await errorSummary(page)).includes(`${sv('report.field.category')}: ${sv('error.choose')}`), JSON.stringify(await errorSummary(page)));
  assert.equal(await field.inputValue(), 'Stökigt vid entrén.');
});

test('public pages without dead ends: no statistics, no promises', async (t) => {
  const page = await app.newPage(t, phone);
  // Mora publishes no statistics: 200, saying so and whom to ask.
  await visit(page, '/kommun/2062/statistik', { label: 'mora-statistics' });
  const main = page.getByRole('main');
  assert.match(await text(main), new RegExp(sv('error.statistics_not_public', 'Mora')));
  assert.match(await text(main), /Mora kommun/);
  await Promise.all([page.waitForURL('**/kommun/2062'), main.getByRole('link', { name: sv('public.municipality.heading', 'Mora') }).last().click()]);
  await check(page, 'mora');
  // Mora's page does not link statistics it does not publish.
  assert.equal(await main.getByRole('link', { name: sv('statistics.link') }).count(), 0);

  // Stockholm does not use the service: what it is, and whom to ask.
  await visit(page, '/kommun/0180', { label: 'stockholm' });
  assert.match(await text(main), new RegExp(sv('public.municipality.nothing', 'Stockholm')));
  assert.match(await text(main), new RegExp(sv('public.ask.none', 'Stockholm')));
  assert.equal(await main.getByRole('link', { name: sv('public.ask.all') }).count(), 1);
  await Promise.all([page.waitForURL((u) => new URL(u).pathname === '/'), main.getByRole('link', { name: sv('public.ask.all') }).click()]);
  await check(page, 'front');
});

test('a commitment to visit every premises reads as coverage on the promise page', async (t) => {
  const page = await app.newPage(t, phone);
  await visit(page, '/kommun/2023', { label: 'salen' });
  await Promise.all([page.waitForURL(/\/promises\/\d+$/), page.getByRole('link', { name: /Medborgarlöfte i Sälen/ }).first().click()]);
  await check(page, 'promise');
  const commitment = page.locator('.commitment', { hasText: 'protokollfört besök på varje serveringsställe' });
  const progress = commitment.locator('.progress-text');
  const m = (await text(progress)).match(/^(\d+) av (\d+) serveringsställen har fått ett protokollfört besök/);
  assert.ok(m, `reads as coverage: ${await text(progress)}`);
  const bar = commitment.locator('progress');
  assert.equal(await bar.getAttribute('value'), m[1]);
  assert.equal(await bar.getAttribute('max'), m[2]);
  assert.ok(Number(m[2]) > 1, 'the register of the municipality, not a target of 1');
});
