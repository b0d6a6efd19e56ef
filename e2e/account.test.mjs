// A user's own account: changing the password, and API tokens that work
// until they are revoked.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, cli, visit, check, submit, signIn, errorSummary, text, T, runID,
} from './helpers.mjs';

let app;
// The account is made for this file, from the command line, so that
// changing its password leaves the demo users as they are.
const user = {
  name: `Kim Kontosson ${runID}`,
  email: `kim.kontosson.${runID}@example.se`,
  password: 'första lösenordet',
  next: 'andra lösenordet, längre',
};
before(async () => {
  app = await setup(import.meta.url);
  await cli(app.server, ['user', 'add', '--email', user.email, '--name', user.name,
    '--org', 'Mora kommun', '--role', 'member'], `${user.password}\n`);
});
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);
const heading = async (p) => (await p.locator('h1').innerText()).trim();
const field = (p, key) => p.getByLabel(sv(key), { exact: true });

test('changing the password: a wrong current password, then right', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, user.email, user.password);
  await Promise.all([page.waitForURL('**/account'),
    page.locator('header').getByRole('link', { name: sv('nav.account') }).click()]);
  await check(page, 'account');
  assert.equal(await heading(page), sv('account.heading'));
  assert.match(await page.locator('main dl.facts').innerText(), new RegExp(user.email.replace(/\./g, '\\.')));

  const current = field(page, 'field.current_password');
  const next = field(page, 'field.new_password');
  const confirm = field(page, 'field.confirm_password');
  const change = page.getByRole('button', { name: sv('account.password_submit') });
  assert.equal(await current.getAttribute('autocomplete'), 'current-password');
  assert.equal(await next.getAttribute('autocomplete'), 'new-password');

  // Wrong current password.
  await current.fill('inte mitt lösenord');
  await next.fill(user.next);
  await confirm.fill(user.next);
  assert.equal(await submit(page, change, 'password-wrong-current'), 422);
  assert.deepEqual(await errorSummary(page), [`${sv('field.current_password')}: ${sv('error.password_wrong')}`]);
  assert.equal(await text(page.locator('#f-current-password-error')), `${sv('form.error_prefix')} ${sv('error.password_wrong')}`);
  assert.equal(await current.getAttribute('aria-invalid'), 'true');
  // No password is ever written back into the page.
  for (const f of [current, next, confirm]) assert.equal(await f.inputValue(), '');
  assert.ok(!(await page.content()).includes(user.next));

  // New passwords that differ.
  await current.fill(user.password);
  await next.fill(user.next);
  await confirm.fill(`${user.next}!`);
  assert.equal(await submit(page, change, 'password-mismatch'), 422);
  assert.deepEqual(await errorSummary(page), [`${sv('field.confirm_password')}: ${sv('error.password_mismatch')}`]);

  // Right.
  await current.fill(user.password);
  await next.fill(user.next);
  await confirm.fill(user.next);
  assert.equal(await submit(page, change, 'password-changed'), 200);
  assert.equal(new URL(page.url()).pathname, '/account');
  assert.equal((await page.locator('main .notice[role=status]').innerText()).trim(), sv('account.password_changed'));
  assert.deepEqual(await errorSummary(page), []);

  // Signed out, the old password no longer works and the new one does.
  assert.equal(await submit(page, page.getByRole('button', { name: sv('layout.sign_out') }), 'signed-out'), 200);
  await field(page, 'field.email').fill(user.email);
  await field(page, 'field.password').fill(user.password);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('login.submit') }), 'old-password-refused'), 401);
  await field(page, 'field.password').fill(user.next);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('login.submit') }), 'new-password-works'), 200);
  assert.equal(new URL(page.url()).pathname, '/start');
  user.password = user.next;
});

test('an API token works until it is revoked', async (t) => {
  const page = await app.newPage(t);
  await signIn(page, user.email, user.password);
  await visit(page, '/account', { label: 'account' });
  await Promise.all([page.waitForURL('**/account/tokens'), page.getByRole('link', { name: sv('account.tokens_link') }).click()]);
  await check(page, 'tokens');
  assert.equal(await heading(page), sv('tokens.heading'));
  assert.equal((await page.locator('main .empty-state').innerText()).trim(), sv('tokens.none'));

  const name = field(page, 'field.name');
  const create = page.getByRole('button', { name: sv('tokens.create') });
  // A token needs a name.
  assert.equal(await submit(page, create, 'token-no-name'), 422);
  assert.deepEqual(await errorSummary(page), [`${sv('field.name')}: ${sv('error.required')}`]);

  await name.fill('Larmcentralen');
  assert.equal(await submit(page, create, 'token-created'), 201);
  const notice = page.locator('main .notice[role=status]');
  assert.equal((await notice.locator('h2').innerText()).trim(), sv('tokens.created', 'Larmcentralen'));
  const secretBox = page.getByLabel(sv('tokens.secret_label'), { exact: true });
  assert.equal(await secretBox.getAttribute('readonly'), '');
  const secret = await secretBox.inputValue();
  assert.match(secret, /^svk_[A-Za-z0-9_-]{20,}$/);
  // The form is empty again, and the list has the token, active, never used.
  assert.equal(await name.inputValue(), '');
  const row = page.locator('main table tbody tr').filter({ hasText: 'Larmcentralen' });
  assert.equal(await row.count(), 1);
  let cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual([cells[2], cells[3]], [sv('tokens.never_used'), sv('tokens.active')]);

  // Shown once: not on the next visit.
  await visit(page, '/account/tokens', { label: 'tokens-again' });
  assert.ok(!(await page.content()).includes(secret), 'the secret is not shown again');
  assert.equal(await page.getByLabel(sv('tokens.secret_label')).count(), 0);

  // The token works against the API, as this user.
  const me = async (token) => fetch(`${app.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  let res = await me(secret);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.email, user.email);
  assert.equal(body.name, user.name);
  assert.deepEqual(body.memberships.map((m) => [m.organization_name, m.role]), [['Mora kommun', 'member']]);
  assert.ok(!JSON.stringify(body).includes('password'), 'no password field in /me');

  // ...and the list says it was used.
  await visit(page, '/account/tokens', { label: 'tokens-used' });
  cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
  assert.notEqual(cells[2], sv('tokens.never_used'));
  assert.match(cells[2], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

  // Revoke it; the button says which token.
  const revoke = row.getByRole('button', { name: `${sv('tokens.revoke')} Larmcentralen` });
  assert.equal(await submit(page, revoke, 'token-revoked'), 200);
  assert.equal(new URL(page.url()).pathname, '/account/tokens');
  assert.equal((await page.locator('main .notice[role=status]').innerText()).trim(), sv('tokens.revoked'));
  cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
  assert.ok(cells[3].startsWith(sv('tokens.revoked_at', '').trim()), cells[3]);
  assert.equal(await row.getByRole('button').count(), 0, 'a revoked token cannot be revoked again');

  res = await me(secret);
  assert.equal(res.status, 401);
  assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
  const err = await res.json();
  assert.equal(err.error.code, 'unauthenticated');
  // A token that never existed is refused the same way.
  assert.equal((await me('svk_not-a-real-token-at-all-00000000')).status, 401);
});
