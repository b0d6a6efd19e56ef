// Personal data in free text, the same way in every form: the alcohol
// officer of Malung-Sälen, on a small phone, records a visit whose remarks
// and a check's note name a person with a phone number and a personal
// identity number. The form is refused with a warning that says what was
// found and shows each text masked, keeps what was typed, offers no "save
// as written" (the protocol goes to the licence holder), and saves the
// masked texts at a tap. axe-core checks every page on the way.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  setup, visit, check, submit, signIn, errorSummary, T, phone, text,
} from './helpers.mjs';

const sv = (key, ...args) => T('sv', key, ...args);
const officer = 'alkohol@demo.example';
const typed = 'Anna Andersson (070-123 45 67, 811228-9874) lovade att återkomma.';
const masked = '[namn] ([telefonnummer], [personnummer]) lovade att återkomma.';

let app;
before(async () => { app = await setup(import.meta.url); });
after(async () => { await app?.teardown(); });

// fits asserts that the page does not scroll sideways on the phone.
async function fits(page) {
  const m = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  assert.equal(m.innerWidth, 360, `${page.url()}: zoomed out`);
  assert.ok(m.scrollWidth <= 360, `${page.url()} scrolls sideways: ${JSON.stringify(m)}`);
}

test('the inspection form on a phone warns about personal data and saves the protocol masked', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, officer);
  await visit(page, '/inspections/new?municipality_code=2023', { label: 'choose-premises' });
  await Promise.all([page.waitForURL('**/inspections/new?premises_id=*'), page.locator('.premises-choices a').first().tap()]);
  await check(page, 'form');
  await fits(page);

  const onSite = page.locator('#checklist-on-site');
  await onSite.getByRole('button', { name: sv('inspection.form.all_ok') }).tap();
  const item = onSite.locator('.check-item').nth(1);
  await item.getByLabel(sv('inspection.result.deficiency'), { exact: true }).check();
  const note = item.getByLabel(new RegExp(`^${sv('inspection.form.note')}`));
  await note.fill(typed);
  const remarks = page.getByLabel(sv('field.protocol.remarks'), { exact: true });
  await remarks.fill(typed);

  // Refused, with the warning above the form.
  assert.equal(await submit(page, page.getByRole('button', { name: sv('inspection.new.submit') }), 'warned'), 422);
  await fits(page);
  const warning = page.locator('.pii-warning');
  assert.equal(await text(warning.getByRole('heading')), sv('pii.heading'));
  const said = await text(warning);
  for (const found of [`${sv('pii.person_name')} “?Anna Andersson`, `${sv('pii.phone_number')} “?070-123 45 67`,
    `${sv('pii.personal_identity_number')} “?811228-9874`]) {
    assert.match(said, new RegExp(found));
  }
  assert.equal(await warning.locator('.redacted-text').count(), 2, 'the remarks and the note, each masked');
  assert.deepEqual(await warning.locator('.redacted-text').allInnerTexts(), [masked, masked]);
  assert.ok(said.includes(sv('pii.choose')));
  // No "save as written": the protocol goes to the licence holder.
  assert.equal(await warning.getByRole('button', { name: sv('pii.save_as_written') }).count(), 0);
  // The warning says it; the fields say it again where they are, and the
  // error summary does not repeat it.
  assert.deepEqual(await errorSummary(page), []);
  assert.equal(await text(page.locator('[id="f-protocol.remarks-error"]')), `${sv('form.error_prefix')} ${sv('error.personal_data_protocol')}`);
  // What was typed is kept.
  assert.equal(await remarks.inputValue(), typed);
  assert.equal(await note.inputValue(), typed);
  assert.equal(await item.getByLabel(sv('inspection.result.deficiency'), { exact: true }).isChecked(), true);
  // "Edit the text" leads to the first text.
  await warning.getByRole('link', { name: sv('pii.edit') }).tap();
  assert.equal(await page.evaluate(() => decodeURIComponent(location.hash)), '#f-protocol.remarks');

  // Saved masked at a tap on a button big enough for a thumb.
  const save = warning.getByRole('button', { name: sv('pii.save_masked') });
  const box = await save.boundingBox();
  assert.ok(box.height >= 44 && box.x >= 0 && box.x + box.width <= 360, `the button is on the screen: ${JSON.stringify(box)}`);
  assert.equal(await submit(page, save, 'saved'), 200);
  await fits(page);
  assert.match(new URL(page.url()).pathname, /^\/inspections\/\d+$/);
  const body = await text(page.locator('main'));
  assert.ok(body.includes(masked), 'the inspection shows the masked texts');
  for (const secret of ['Anna Andersson', '070-123 45 67', '811228-9874']) {
    assert.ok(!body.includes(secret), `the inspection shows ${secret}`);
  }
});
