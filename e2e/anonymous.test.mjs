// A visitor who is not signed in: the front page, its language, the skip
// link.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, visit, submit, check, T, lang } from './helpers.mjs';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

test('front page is in Swedish and lists the demo municipalities', async (t) => {
  const page = await app.newPage(t);
  await visit(page, '/', { label: 'front' });

  assert.equal(await lang(page), 'sv');
  assert.equal(await page.title(), `${T('sv', 'front.title')} – Samverkan`);
  assert.equal((await page.locator('h1').innerText()).trim(), T('sv', 'front.heading'));
  assert.notEqual(T('sv', 'front.heading'), T('en', 'front.heading'));

  // The police area Mora covers Mora, Orsa and Älvdalen; Sälen is in
  // Malung-Sälen. Each appears once, with its county.
  const list = page.getByRole('region', { name: T('sv', 'front.municipalities_heading') }).getByRole('listitem');
  const names = (await list.locator('.name').allInnerTexts()).map((s) => s.trim());
  for (const m of ['Mora', 'Malung-Sälen', 'Orsa', 'Älvdalen']) {
    assert.equal(names.filter((n) => n === m).length, 1, `${m} in ${JSON.stringify(names)}`);
  }
  assert.match(await list.filter({ hasText: 'Mora' }).first().innerText(), /Dalarnas län/);
  await assert.doesNotReject(page.getByText(T('sv', 'front.municipalities_intro', names.length)).waitFor({ timeout: 1000 }));

  // Not signed in: the header and the call-out offer the sign-in.
  assert.equal(await page.getByRole('link', { name: T('sv', 'layout.sign_in') }).count(), 2);
  assert.equal(await page.getByRole('button', { name: T('sv', 'layout.sign_out') }).count(), 0);
  // A visitor has no menu: the public pages link to each other, and the
  // name of the service leads to the front page.
  assert.equal(await page.getByRole('navigation', { name: T('sv', 'layout.nav') }).count(), 0);
  assert.equal(await page.locator('header .brand').getAttribute('href'), '/');
});

test('the skip link is the first thing to tab to and moves focus to the content', async (t) => {
  const page = await app.newPage(t);
  await visit(page, '/', { label: 'front' });

  const skip = page.getByRole('link', { name: T('sv', 'layout.skip') });
  // Hidden until focused.
  const hidden = await skip.boundingBox();
  assert.ok(hidden.y + hidden.height <= 0, `skip link is off screen before focus (y=${hidden.y})`);

  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => ({ cls: document.activeElement.className, text: document.activeElement.textContent.trim() }));
  assert.deepEqual(first, { cls: 'skip-link', text: T('sv', 'layout.skip') });
  const shown = await skip.boundingBox();
  assert.ok(shown.y >= 0 && shown.height > 0, `skip link is on screen when focused (y=${shown.y})`);
  await check(page, 'skip-link-focused');

  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');
  assert.equal(new URL(page.url()).hash, '#main');
  // The next Tab goes to the first link inside the content, not back to
  // the header.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.getElementById('main').contains(document.activeElement)), true,
    'focus continues inside main');
});

test('the English button switches language and the choice is remembered', async (t) => {
  const page = await app.newPage(t);
  await visit(page, '/', { label: 'front-sv' });

  const english = page.getByRole('button', { name: 'English' });
  // The button's own text is in English whatever the page's language.
  assert.equal(await english.getAttribute('lang'), 'en');
  assert.equal(await submit(page, english, 'front-en'), 200);

  assert.equal(new URL(page.url()).pathname, '/', 'the switch returns to the same page');
  assert.equal(await lang(page), 'en');
  assert.equal((await page.locator('h1').innerText()).trim(), T('en', 'front.heading'));
  assert.equal(await page.getByRole('button', { name: 'Svenska' }).getAttribute('lang'), 'sv');

  // The next page load, and another page, stay in English.
  await visit(page, '/login', { label: 'login-en' });
  assert.equal(await lang(page), 'en');
  assert.equal((await page.locator('h1').innerText()).trim(), T('en', 'login.heading'));
  await page.reload();
  await check(page, 'login-en-reloaded');
  assert.equal(await lang(page), 'en');

  // The switch from a page other than the front page returns to it, and
  // switches back.
  assert.equal(await submit(page, page.getByRole('button', { name: 'Svenska' }), 'login-sv'), 200);
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal(await lang(page), 'sv');
  assert.equal((await page.locator('h1').innerText()).trim(), T('sv', 'login.heading'));
});

test('a browser that asks for en-GB gets English on the first visit', async (t) => {
  const page = await app.newPage(t, { locale: 'en-GB' });
  const res = await visit(page, '/', { label: 'front-en-gb' });
  assert.match(await res.request().headerValue('accept-language'), /^en-GB/);
  assert.equal(await lang(page), 'en');
  assert.equal((await page.locator('h1').innerText()).trim(), T('en', 'front.heading'));
  assert.equal(await page.getByRole('link', { name: T('en', 'layout.skip') }).count(), 1);
  assert.equal(await page.getByRole('button', { name: 'Svenska' }).count(), 1);
});

test('an unknown page is a 404 in the visitor\'s language', async (t) => {
  const page = await app.newPage(t);
  await visit(page, '/finns-inte', { status: 404, label: 'not-found' });
  assert.equal((await page.locator('h1').innerText()).trim(), T('sv', 'error.not_found'));
  assert.equal(await page.getByRole('link', { name: T('sv', 'error.back_home') }).getAttribute('href'), '/');
});

test('a visitor who forgot the password asks for a link and is told the same for any address', async (t) => {
  const page = await app.newPage(t);
  await visit(page, '/login', { label: 'login' });
  await page.getByRole('link', { name: T('sv', 'login.forgot_link') }).click();
  await page.waitForURL('**/password/forgot');
  await check(page, 'forgot');
  // A bad address is refused with the field marked.
  const button = page.getByRole('button', { name: T('sv', 'password.forgot.submit') });
  await page.getByLabel(T('sv', 'field.email')).fill('inte-en-adress');
  assert.equal(await submit(page, button, 'forgot-invalid'), 422);
  await page.getByLabel(T('sv', 'field.email')).fill('ingen@demo.example');
  assert.equal(await submit(page, button, 'forgot-sent'), 200);
  await assert.doesNotReject(page.getByText(T('sv', 'password.forgot.sent', 'ingen@demo.example')).waitFor({ timeout: 2000 }));
  // A made-up link says it does not work and offers a new one.
  await visit(page, '/password/reset?token=nonsense', { status: 410, label: 'reset-broken' });
  await assert.doesNotReject(page.getByText(T('sv', 'password.reset.broken.invalid')).waitFor({ timeout: 2000 }));
});
