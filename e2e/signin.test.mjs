// Signing in and out, and what a signed-in user sees first.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, submit, check, signIn, errorSummary, text, T, admin, reporter, demoPassword,
} from './helpers.mjs';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);

// assertInOrder asserts that want appear in got, in that order.
function assertInOrder(got, want) {
  let i = 0;
  for (const g of got) if (g === want[i]) i++;
  assert.equal(i, want.length, `${JSON.stringify(want)} in order in ${JSON.stringify(got)}`);
}

test('a wrong password shows the errors and keeps the e-mail', async (t) => {
  const page = await app.newPage(t);
  await visit(page, '/login', { label: 'login' });
  assert.equal((await page.locator('h1').innerText()).trim(), sv('login.heading'));

  const email = page.getByLabel(sv('field.email'), { exact: true });
  const password = page.getByLabel(sv('field.password'), { exact: true });
  assert.equal(await email.getAttribute('autocomplete'), 'username');
  assert.equal(await password.getAttribute('autocomplete'), 'current-password');

  // Nothing typed: both fields are required, said at once.
  assert.equal(await submit(page, page.getByRole('button', { name: sv('login.submit') }), 'login-empty'), 422);
  assert.deepEqual(await errorSummary(page), [
    `${sv('field.email')}: ${sv('error.required')}`,
    `${sv('field.password')}: ${sv('error.required')}`,
  ]);

  await email.fill('Admin@Demo.example ');
  await password.fill('not-the-password');
  const status = await submit(page, page.getByRole('button', { name: sv('login.submit') }), 'login-wrong-password');
  assert.equal(status, 401);
  assert.equal(new URL(page.url()).pathname, '/login');

  // The summary names the problem, is announced, and links to the field.
  const summary = page.locator('.error-summary');
  assert.equal(await summary.getAttribute('role'), 'alert');
  assert.equal((await summary.locator('h2').innerText()).trim(), sv('form.error_summary', 1));
  assert.deepEqual(await errorSummary(page), [`${sv('field.email')}: ${sv('login.bad_credentials')}`]);
  assert.equal(await summary.getByRole('link').getAttribute('href'), `#${await email.getAttribute('id')}`);

  // The field says it too, and is tied to the message.
  const fieldError = page.locator('#f-email-error');
  assert.equal(await text(fieldError), `${sv('form.error_prefix')} ${sv('login.bad_credentials')}`);
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  assert.match(await email.getAttribute('aria-describedby'), /\bf-email-error\b/);

  // What was typed stays (the browser trims an e-mail field), the password
  // does not.
  assert.equal(await email.inputValue(), 'Admin@Demo.example');
  assert.equal(await password.inputValue(), '');

  // The summary link takes the keyboard to the field.
  await summary.getByRole('link').click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-email');
});

test('the administrator signs in, sees the start page and signs out', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, admin.email);

  assert.equal((await page.locator('h1').innerText()).trim(), sv('start.heading', admin.name));
  // The header names who is signed in.
  assert.equal((await page.locator('header .who').innerText()).trim(), admin.name);
  const facts = page.locator('main dl.facts');
  assert.match(await facts.innerText(), new RegExp(`${sv('start.system_role')}\\s+${sv('start.administrator')}`));
  assert.match(await facts.innerText(), new RegExp(admin.email.replace('.', '\\.')));
  // No organisation, and it says so.
  const orgs = page.getByRole('region', { name: sv('start.orgs_heading') });
  assert.equal((await orgs.locator('.empty-state').innerText()).trim(), sv('start.no_orgs'));
  assert.ok((await page.locator('.abilities').innerText()).includes(sv('ability.admin')));
  // The administration is in the menu, in this order (other parts of the
  // product may add their own items in between).
  const nav = page.getByRole('navigation', { name: sv('layout.nav') });
  assertInOrder((await nav.getByRole('link').allInnerTexts()).map((s) => s.trim()),
    ['nav.start', 'nav.organizations', 'nav.users', 'nav.audit'].map((k) => sv(k)));
  assert.equal(await nav.getByRole('link', { name: sv('nav.start') }).getAttribute('aria-current'), 'page');
  // The start page is the signed-in user's home: the name of the service
  // leads there too, and the account is the link of the user's name.
  assert.equal(await page.locator('header .brand').getAttribute('href'), '/start');
  assert.equal(await page.locator('header .account-link').getAttribute('href'), '/account');

  // Signing in again while signed in goes straight to the start page.
  await visit(page, '/login', { label: 'login-while-signed-in' });
  assert.equal(new URL(page.url()).pathname, '/start');

  // Sign out.
  assert.equal(await submit(page, page.getByRole('button', { name: sv('layout.sign_out') }), 'signed-out'), 200);
  assert.equal(new URL(page.url()).pathname, '/login');
  assert.equal((await page.locator('main [role=status]').innerText()).trim(), sv('login.signed_out'));
  assert.equal(await page.locator('header .who').count(), 0);

  // The start page now asks for a sign-in and comes back after it.
  await visit(page, '/start', { label: 'start-needs-sign-in' });
  const url = new URL(page.url());
  assert.equal(url.pathname, '/login');
  assert.equal(url.searchParams.get('next'), '/start');
  await page.getByLabel(sv('field.email'), { exact: true }).fill(admin.email);
  await page.getByLabel(sv('field.password'), { exact: true }).fill(demoPassword);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('login.submit') }), 'back-at-start'), 200);
  assert.equal(new URL(page.url()).pathname, '/start');
});

test('a reporter sees their organisation and role, and no administration', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, reporter.email);

  assert.equal((await page.locator('h1').innerText()).trim(), sv('start.heading', reporter.name));
  assert.doesNotMatch(await page.locator('main dl.facts').innerText(), new RegExp(sv('start.system_role')));

  const orgs = page.getByRole('region', { name: sv('start.orgs_heading') }).getByRole('table');
  const headers = (await orgs.locator('thead th').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(headers, ['field.organization_id', 'field.kind', 'field.role', 'field.municipality_codes'].map((k) => sv(k)));
  const rows = orgs.locator('tbody tr');
  assert.equal(await rows.count(), 1);
  const cells = (await rows.first().locator('td').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(cells, [reporter.org, sv('kind.security_company'), sv('role.reporter'), 'Malung-Sälen']);
  assert.ok((await page.locator('.abilities').innerText()).includes(sv('ability.reporter')));
  assert.ok(!(await page.locator('.abilities').innerText()).includes(sv('ability.admin')));

  // The reporter's own pages in the menu, and no administration.
  const nav = page.getByRole('navigation', { name: sv('layout.nav') });
  const items = (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
  assertInOrder(items, ['nav.start', 'nav.report', 'nav.reports'].map((k) => sv(k)));
  for (const k of ['nav.organizations', 'nav.users', 'nav.audit']) assert.ok(!items.includes(sv(k)), `${sv(k)} in ${items}`);

  // The administration answers 403 with a page that says why.
  await visit(page, '/admin/users', { status: 403, label: 'admin-users-forbidden' });
  assert.equal((await page.locator('h1').innerText()).trim(), sv('error.forbidden'));
  assert.ok((await page.locator('main').innerText()).includes(sv('error.status', 403)));
  assert.equal(await page.locator('main table').count(), 0, 'no user list leaks into the page');
  await visit(page, '/admin/organizations/new', { status: 403, label: 'admin-org-new-forbidden' });
  await visit(page, '/admin/audit', { status: 403, label: 'admin-audit-forbidden' });
  // Still signed in.
  await visit(page, '/start', { label: 'start-again' });
  assert.equal((await page.locator('header .who').innerText()).trim(), reporter.name);
});

test('a form posted from another site is refused', async (t) => {
  // The browser marks a cross-site POST with Sec-Fetch-Site; the server's
  // cross-origin protection refuses it with a page, not silence.
  const page = await app.newPage(t);
  await signIn(page, admin.email);
  // A page that is not the app's (about:blank has an opaque origin) posts
  // the sign-out form to it.
  await page.goto('about:blank');
  await page.setContent(`<form method="post" action="${app.url}/logout"><button>Go</button></form>`);
  const [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Go' }).click()]);
  assert.equal(res.status(), 403);
  await check(page, 'cross-origin-refused');
  assert.equal((await page.locator('h1').innerText()).trim(), sv('error.cross_origin'));
  // The session survived.
  await visit(page, '/start', { label: 'still-signed-in' });
  assert.equal(new URL(page.url()).pathname, '/start');
});
