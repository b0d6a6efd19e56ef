// The administrator adds an organisation and a user, through forms that
// first get something wrong, and finds both in the audit trail.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, submit, signIn, errorSummary, text, T, admin, runID,
} from './helpers.mjs';

let app;
let page;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

const sv = (key, ...args) => T('sv', key, ...args);

// What the tests create, shared between them in order.
const org = { name: `Trygghetsföreningen i Orsa ${runID}`, kind: 'association', codes: ['2034', '2062'] };
const user = { name: `Elin Ekström ${runID}`, email: `elin.ekstrom.${runID}@example.se`, password: 'tre ord som minns' };

const heading = async (p) => (await p.locator('h1').innerText()).trim();
const field = (p, key) => p.getByLabel(sv(key), { exact: true });
const selected = (select) => select.evaluate((el) => [...el.selectedOptions].map((o) => o.value));
// The municipalities are checkboxes in one collapsible group per county.
const municipalityGroup = (p) => p.getByRole('group', { name: sv('field.municipality_codes'), exact: true });
const checkedCodes = (group) => group.locator('input[type=checkbox]:checked').evaluateAll((els) => els.map((e) => e.value));
async function tick(group, codes) {
  for (const code of codes) {
    const box = group.locator(`input[type=checkbox][value="${code}"]`);
    await box.evaluate((el) => { el.closest('details').open = true; });
    await box.check();
  }
}

test('the administrator creates an organisation after correcting the form', async (t) => {
  page = await app.newPage(t);
  await signIn(page, admin.email);

  await visit(page, '/admin/organizations', { label: 'orgs' });
  assert.equal(await heading(page), sv('admin.orgs.heading'));
  const rows = page.locator('main table tbody tr');
  const before = await rows.count();
  assert.ok(before >= 7, `the demo organisations are listed (${before})`);
  assert.equal(await rows.filter({ hasText: org.name }).count(), 0);

  await Promise.all([page.waitForURL('**/admin/organizations/new'), page.getByRole('link', { name: sv('admin.orgs.new') }).click()]);
  await check(page, 'org-new');
  assert.equal(await heading(page), sv('admin.org_new.heading'));

  // Wrong: no name, no municipality, but a kind chosen.
  const kind = field(page, 'field.kind');
  const municipalities = municipalityGroup(page);
  await kind.selectOption(org.kind);
  await field(page, 'field.name').fill('   ');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('admin.org_new.submit') }), 'org-new-errors'), 422);

  // Every error at once, in the order of the form, in the summary and at
  // each field.
  assert.deepEqual(await errorSummary(page), [
    `${sv('field.name')}: ${sv('error.required')}`,
    `${sv('field.municipality_codes')}: ${sv('error.municipality_required')}`,
  ]);
  assert.equal((await page.locator('.error-summary h2').innerText()).trim(), sv('form.error_summary', 2));
  assert.equal(await text(page.locator('#f-name-error')), `${sv('form.error_prefix')} ${sv('error.required')}`);
  assert.equal(await text(page.locator('#f-municipality-codes-error')),
    `${sv('form.error_prefix')} ${sv('error.municipality_required')}`);
  assert.equal(await field(page, 'field.name').getAttribute('aria-invalid'), 'true');
  assert.match(await municipalities.getAttribute('aria-describedby'), /f-municipality-codes-error/);
  assert.equal(await kind.getAttribute('aria-invalid'), null, 'the kind was right');
  // What was chosen is kept.
  assert.deepEqual(await selected(kind), [org.kind]);
  assert.deepEqual(await checkedCodes(municipalities), []);
  // Nothing was stored.
  assert.equal(new URL(page.url()).pathname, '/admin/organizations');

  // Right.
  await field(page, 'field.name').fill(org.name);
  await tick(municipalities, org.codes);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('admin.org_new.submit') }), 'org-created'), 200);
  const m = new URL(page.url()).pathname.match(/^\/admin\/organizations\/(\d+)$/);
  assert.ok(m, `lands on the organisation's page, not ${page.url()}`);
  org.id = m[1];
  assert.equal(await heading(page), org.name);
  assert.equal((await page.locator('main .notice[role=status]').innerText()).trim(), sv('admin.org_created'));
  assert.deepEqual(await selected(field(page, 'field.kind')), [org.kind]);
  assert.deepEqual((await checkedCodes(municipalityGroup(page))).sort(), org.codes);
  // The counties with a chosen municipality are open.
  assert.equal(await municipalityGroup(page).locator('details[open]').count(), 1);
  assert.equal((await page.locator('main .empty-state').innerText()).trim(), sv('admin.org.no_members'));

  // The list has it, with its kind and municipalities.
  await visit(page, '/admin/organizations', { label: 'orgs-after' });
  assert.equal(await rows.count(), before + 1);
  const row = rows.filter({ has: page.getByRole('link', { name: org.name, exact: true }) });
  assert.equal(await row.count(), 1);
  const cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
  assert.equal(cells[1], sv('kind.association'));
  assert.deepEqual(cells[2].split(', ').sort(), ['Mora', 'Orsa']);
  assert.equal(await row.getByRole('link').getAttribute('href'), `/admin/organizations/${org.id}`);
});

test('the administrator creates a user after correcting the form', async (t) => {
  assert.ok(org.id, 'the organisation was created');
  app.adopt(page, t);
  await visit(page, '/admin/users/new', { label: 'user-new' });
  assert.equal(await heading(page), sv('admin.user_new.heading'));
  const name = field(page, 'field.name');
  const email = field(page, 'field.email');
  const password = field(page, 'field.password');
  const orgSelect = field(page, 'field.organization_id');
  const role = field(page, 'field.role');
  const create = page.getByRole('button', { name: sv('admin.user_new.submit') });
  // The membership is optional and says so; the role defaults to member.
  assert.equal((await page.locator('main fieldset legend').innerText()).trim(), sv('admin.user_new.membership_legend'));
  assert.deepEqual(await selected(orgSelect), ['']);
  assert.deepEqual(await selected(role), ['member']);
  assert.match(await password.getAttribute('aria-describedby'), /f-password-hint/);

  // Wrong: not an e-mail address, and a short password.
  await name.fill(user.name);
  await email.fill('elin.ekstrom-at-example.se');
  await password.fill('kort');
  await orgSelect.selectOption(org.id);
  await role.selectOption('coordinator');
  assert.equal(await submit(page, create, 'user-new-errors'), 422);
  assert.deepEqual(await errorSummary(page), [
    `${sv('field.email')}: ${sv('error.email')}`,
    `${sv('field.password')}: ${sv('error.password_short', 12)}`,
  ]);
  assert.equal(await text(page.locator('#f-email-error')), `${sv('form.error_prefix')} ${sv('error.email')}`);
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  assert.equal(await password.getAttribute('aria-invalid'), 'true');
  assert.equal(await name.getAttribute('aria-invalid'), null);
  // Kept: everything but the password.
  assert.equal(await name.inputValue(), user.name);
  assert.equal(await email.inputValue(), 'elin.ekstrom-at-example.se');
  assert.equal(await password.inputValue(), '');
  assert.deepEqual(await selected(orgSelect), [org.id]);
  assert.deepEqual(await selected(role), ['coordinator']);

  // Wrong again: the address of a demo user.
  await email.fill('polis@demo.example');
  await password.fill(user.password);
  assert.equal(await submit(page, create, 'user-new-email-taken'), 422);
  assert.deepEqual(await errorSummary(page), [`${sv('field.email')}: ${sv('error.email_taken')}`]);
  assert.equal(await email.inputValue(), 'polis@demo.example');
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  assert.equal(await password.getAttribute('aria-invalid'), null);

  // Right.
  await email.fill(user.email);
  await password.fill(user.password);
  assert.equal(await submit(page, create, 'user-created'), 200);
  const m = new URL(page.url()).pathname.match(/^\/admin\/users\/(\d+)$/);
  assert.ok(m, `lands on the user's page, not ${page.url()}`);
  user.id = m[1];
  assert.equal(await heading(page), user.name);
  assert.equal((await page.locator('main .notice[role=status]').innerText()).trim(), sv('admin.user_created'));
  assert.equal(await field(page, 'field.email').inputValue(), user.email);

  // The membership is on the user's page...
  const memberships = page.getByRole('region', { name: sv('admin.user.memberships_heading') }).locator('table tbody tr');
  assert.equal(await memberships.count(), 1);
  const cells = (await memberships.first().locator('td').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(cells.slice(0, 2), [org.name, sv('role.coordinator')]);
  assert.equal(await memberships.first().getByRole('link').getAttribute('href'), `/admin/organizations/${org.id}`);
  // ...with a remove button that says what it removes.
  assert.equal(await text(memberships.first().getByRole('button')), `${sv('admin.user.remove_membership')} ${org.name}`);

  // ...on the organisation's page, and in the user list.
  await visit(page, `/admin/organizations/${org.id}`, { label: 'org-with-member' });
  const members = page.getByRole('region', { name: sv('admin.org.members_heading') }).locator('table tbody tr');
  assert.deepEqual((await members.first().locator('td').allInnerTexts()).map((s) => s.trim()),
    [user.name, user.email, sv('role.coordinator')]);
  await visit(page, `/admin/users?q=${encodeURIComponent(runID)}`, { label: 'users-search' });
  assert.equal(await field(page, 'admin.users.search').inputValue(), runID);
  assert.deepEqual((await page.locator('main table tbody tr td:first-child').allInnerTexts()).map((s) => s.trim()), [user.name]);
});

test('the new user signs in and sees the organisation and role', async (t) => {
  assert.ok(user.id, 'the user was created');
  const own = await app.newPage(t);
  await signIn(own, user.email, user.password);
  assert.equal(await heading(own), sv('start.heading', user.name));
  const row = own.getByRole('region', { name: sv('start.orgs_heading') }).locator('table tbody tr');
  assert.deepEqual((await row.locator('td').allInnerTexts()).map((s) => s.trim()).slice(0, 3),
    [org.name, sv('kind.association'), sv('role.coordinator')]);
  await own.context().close();
});

test('the audit trail shows the changes', async (t) => {
  assert.ok(org.id && user.id, 'the organisation and the user were created');
  app.adopt(page, t);
  await visit(page, '/admin/audit', { label: 'audit' });
  assert.equal(await heading(page), sv('admin.audit.heading'));
  const rows = page.locator('main table tbody tr');
  const what = async () => (await rows.locator('td:nth-child(3)').allInnerTexts()).map((s) => s.trim());
  const all = await what();
  const created = (entity, id) => `${sv('action.create')} ${sv(`entity.${entity}`)} ${id}`;
  assert.ok(all.includes(created('organization', org.id)), `organisation in ${JSON.stringify(all.slice(0, 5))}`);
  assert.ok(all.includes(created('user', user.id)), `user in ${JSON.stringify(all.slice(0, 5))}`);
  assert.ok(all.some((s) => s.startsWith(`${sv('action.create')} ${sv('entity.membership')}`)), 'membership');
  // Newest first: the user (and its membership) after the organisation.
  assert.ok(all.indexOf(created('user', user.id)) < all.indexOf(created('organization', org.id)));

  // Who did it, and what the record looked like after.
  const orgRow = rows.filter({ hasText: created('organization', org.id) });
  assert.equal((await orgRow.locator('td:nth-child(2)').innerText()).trim(), admin.email);
  await orgRow.getByText(sv('admin.audit.show')).click();
  const after = await orgRow.locator('pre').last().innerText();
  assert.ok(after.includes(org.name), `the after-image names the organisation: ${after}`);
  // A user's record in the trail never holds the password.
  const userRow = rows.filter({ hasText: created('user', user.id) });
  await userRow.getByText(sv('admin.audit.show')).click();
  const userAfter = await userRow.locator('pre').last().innerText();
  assert.ok(userAfter.includes(user.email));
  assert.ok(!userAfter.includes(user.password) && !/argon2|password_hash/i.test(userAfter), userAfter);
  await check(page, 'audit-details-open');

  // The filter shows one kind of change.
  await field(page, 'admin.audit.entity').selectOption('organization');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('form.filter') }), 'audit-organizations'), 200);
  assert.equal(new URL(page.url()).searchParams.get('entity'), 'organization');
  const filtered = await what();
  assert.ok(filtered.length > 0 && filtered.every((s) => s.includes(` ${sv('entity.organization')} `)), JSON.stringify(filtered));
  assert.ok(filtered.includes(created('organization', org.id)));
  assert.deepEqual(await selected(field(page, 'admin.audit.entity')), ['organization']);
});
