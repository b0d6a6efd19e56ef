// On a small phone (360×740, touch): no page scrolls sideways, everything
// stays reachable, and axe passes at that size.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, submit, signIn, errorSummary, T, phone, reporter, admin, runID, menu,
} from './helpers.mjs';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);

// fits asserts that the page does not scroll sideways on the phone. Besides
// scrollWidth <= innerWidth it checks that innerWidth is still the phone's
// 360 px: a mobile browser zooms out to show a page that is too wide, which
// makes innerWidth grow with it and the first check pass. On failure it
// names the elements that reach past the screen.
async function fits(page) {
  const m = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5);
      })
      // Positioned elements first: they escape the clipping of a scrolling
      // box, so they are the usual culprits.
      .sort((a, b) => Number(getComputedStyle(b).position !== 'static') - Number(getComputedStyle(a).position !== 'static'))
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''}`
        + `[${getComputedStyle(el).position}] ${Math.round(el.getBoundingClientRect().left)}…${Math.round(el.getBoundingClientRect().right)}`);
    return {
      scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, clientWidth: width, wide,
    };
  });
  const why = `${page.url()}: ${JSON.stringify(m)}`;
  assert.equal(m.clientWidth, 360, why);
  assert.ok(m.scrollWidth <= m.innerWidth, `scrolls sideways: ${why}`);
  assert.equal(m.innerWidth, 360, `zoomed out to fit something too wide: ${why}`);
}

test('front page and sign-in fit a phone', async (t) => {
  const page = await app.newPage(t, phone);
  assert.deepEqual(page.viewportSize(), { width: 360, height: 740 });
  await visit(page, '/', { label: 'front' });
  assert.equal(await page.evaluate(() => window.innerWidth), 360);
  assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true, 'a touch screen');
  await fits(page);
  // The municipalities stack in one column.
  const boxes = await page.locator('.municipality-list li').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
  assert.ok(boxes.length >= 4 && boxes.every((x) => x === boxes[0]), `one column: ${boxes}`);

  await Promise.all([page.waitForURL('**/login'), page.getByRole('main').getByRole('link', { name: sv('layout.sign_in') }).tap()]);
  await check(page, 'login');
  await fits(page);
  // The input fills the width of the content, with room to tap.
  const box = await page.getByLabel(sv('field.email'), { exact: true }).boundingBox();
  assert.ok(box.width >= 300 && box.height >= 44, `email input ${box.width}×${box.height}`);

  // The error state fits too.
  await page.getByLabel(sv('field.email'), { exact: true }).fill(reporter.email);
  await page.getByLabel(sv('field.password'), { exact: true }).fill('fel');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('login.submit') }), 'login-error'), 401);
  assert.equal((await errorSummary(page)).length, 1);
  await fits(page);
});

test('the start page fits a phone, for a reporter and for the administrator', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, reporter.email);
  await fits(page);
  // The organisation table is stacked: every value, the role above all,
  // is on the screen, not cut off in a table that scrolls sideways.
  for (const value of [reporter.org, sv('kind.security_company'), sv('role.reporter'), 'Malung-Sälen']) {
    const cell = page.getByRole('main').getByRole('cell', { name: value, exact: true });
    const b = await cell.boundingBox();
    assert.ok(b && b.x >= 0 && b.x + b.width <= 360, `${value} inside the screen: ${JSON.stringify(b)}`);
    assert.ok(await cell.isVisible());
  }
  assert.equal(await page.locator('main td[data-label]').first().evaluate((el) => getComputedStyle(el, '::before').content.startsWith('"')), true,
    'the stacked cells show their labels');
  // For a screen reader it is still a table whose cells hold only their
  // values (the visible labels are hidden from it), in Chromium's own tree.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const ax = nodes.filter((n) => !n.ignored).map((n) => [n.role?.value, n.name?.value]);
  assert.ok(ax.some(([r]) => r === 'table'), 'still a table');
  assert.ok(ax.some(([r, n]) => r === 'cell' && n === sv('role.reporter')), `role cell named by its value only: ${JSON.stringify(ax.filter(([r]) => r === 'cell'))}`);
  assert.ok(ax.some(([r, n]) => r === 'columnheader' && n === sv('field.role')));
  // The menu is folded behind one button; opened, it wraps instead of
  // running off the screen.
  const nav = await menu(page);
  for (const link of await nav.getByRole('link').all()) assert.ok(await link.isVisible());
  await fits(page);

  // The token list, five columns on a wide screen, is stacked too: the
  // revoke button is on the screen, not off to the right.
  await visit(page, '/account/tokens', { label: 'tokens' });
  await page.getByLabel(sv('field.name'), { exact: true }).fill(`Telefonen ${runID}`);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('tokens.create') }), 'token-created'), 201);
  await fits(page);
  const revoke = page.getByRole('button', { name: `${sv('tokens.revoke')} Telefonen ${runID}` });
  const rb = await revoke.boundingBox();
  assert.ok(rb.x >= 0 && rb.x + rb.width <= 360 && rb.height >= 36, `revoke button on the screen: ${JSON.stringify(rb)}`);
  await Promise.all([page.waitForNavigation(), revoke.tap()]);
  await check(page, 'token-revoked');
  await fits(page);

  const adminPage = await app.newPage(t, phone);
  await signIn(adminPage, admin.email);
  await fits(adminPage);
  const links = await (await menu(adminPage)).getByRole('link').all();
  assert.ok(links.length >= 6, `the administrator's menu (${links.length} links)`);
  for (const link of links) {
    const b = await link.boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= 360, `menu link inside the screen: ${JSON.stringify(b)}`);
  }
  // An administration form fits as well.
  await visit(adminPage, '/admin/organizations/new', { label: 'org-new' });
  await fits(adminPage);
  await visit(adminPage, '/admin/audit', { label: 'audit' });
  await fits(adminPage);
});
