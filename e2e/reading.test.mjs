// What a new user meets: the grouped main menu on a phone and on a wide
// screen, the words of the pages a reporter and the public read, the
// counters of long fields, and public pages without dead ends.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, signIn, T, phone, admin, reporter, menu, text,
} from './helpers.mjs';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);
const coordinator = 'samordnare@demo.example';
const desktop = { viewport: { width: 1280, height: 800 } };

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
    [sv('nav.group.report'), [sv('nav.report')]],
    [sv('nav.group.picture'), [sv('nav.reports'), sv('nav.situation'), sv('nav.briefs')]],
    [sv('nav.group.work'), [sv('nav.agreements'), sv('nav.promises'), sv('nav.activities'), sv('nav.premises'), sv('nav.meetings')]],
  ]);
  assert.equal(await nav.getByRole('link', { name: sv('nav.start') }).getAttribute('aria-current'), 'page');
  for (const link of await nav.getByRole('link').all()) {
    const b = await link.boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= 360 && b.height >= 44, `${await text(link)}: ${JSON.stringify(b)}`);
  }
  // Each group is a list named by its heading, for a screen reader.
  const picture = nav.getByRole('list', { name: sv('nav.group.picture') });
  assert.equal(await picture.getByRole('link').count(), 3);

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
    [sv('nav.group.report'), [sv('nav.report')]],
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
  assert.equal(await links.count(), 13, 'the administrator\'s thirteen links (fifteen before, with two start pages and the account)');
  for (const link of await links.all()) assert.ok(await link.isVisible(), `${await text(link)} shown`);
  assert.deepEqual((await groups(nav)).map(([g]) => g),
    ['nav.group.report', 'nav.group.picture', 'nav.group.work', 'nav.group.admin'].map((k) => sv(k)));
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
