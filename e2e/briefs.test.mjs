// The weekly brief: the reporter files a report this week; the coordinator
// of Malung-Sälen writes the brief of the week beside its picture, is shown
// what is wrong with a first attempt (what was typed kept), publishes it
// after a confirmation and follows its delivery by e-mail; the reporter
// finds the brief on the start page with "din rapport ingick i veckans
// lägesbild", reads it, and chooses which briefs they get. The server
// sends its e-mail to a tiny SMTP sink this test runs on the loopback
// address, so that the e-mail is seen arriving too.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  setup, visit, check, submit, signIn, errorSummary, T, phone, reporter, text, menu,
} from './helpers.mjs';

const sv = (key, ...args) => T('sv', key, ...args);
const coordinator = 'samordnare@demo.example';

// smtpSink is the least of an SMTP server: it accepts every message and
// keeps it.
function smtpSink() {
  const messages = [];
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let envelope = { to: [] };
    const say = (line) => socket.write(`${line}\r\n`);
    say('220 sink.localhost ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push({ ...envelope, data: buffer.slice(0, end).replace(/\r\n\.\./g, '\r\n.') });
          buffer = buffer.slice(end + 5);
          inData = false;
          envelope = { to: [] };
          say('250 2.0.0 kept');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') { say('250-sink.localhost'); say('250 8BITMIME'); }
        else if (verb === 'HELO') say('250 sink.localhost');
        else if (verb === 'MAIL') { envelope.from = line.replace(/^.*?<(.*)>.*$/, '$1'); say('250 2.1.0 ok'); }
        else if (verb === 'RCPT') { envelope.to.push(line.replace(/^.*?<(.*)>.*$/, '$1')); say('250 2.1.5 ok'); }
        else if (verb === 'DATA') { inData = true; say('354 go ahead'); }
        else if (verb === 'QUIT') { say('221 bye'); socket.end(); return; }
        else if (verb === 'RSET' || verb === 'NOOP') say('250 ok');
        else say('502 not here');
      }
    });
  });
  return { server, messages };
}

// quotedPrintable decodes a quoted-printable body.
function quotedPrintable(s) {
  const bytes = Buffer.from(s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  return bytes.toString('utf8');
}

// headerWords decodes RFC 2047 encoded words.
function headerWords(s) {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc, data) => (enc.toLowerCase() === 'b'
    ? Buffer.from(data, 'base64').toString('utf8')
    : quotedPrintable(data.replace(/_/g, ' ')))).trim();
}

let app;
let sink;
before(async () => {
  sink = smtpSink();
  await new Promise((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
  app = await setup(import.meta.url, {
    serverArgs: ['--smtp-url', `smtp://127.0.0.1:${sink.server.address().port}`, '--mail-from', 'Samverkan <noreply@samverkan.example>'],
  });
});
after(async () => {
  await app?.teardown();
  await new Promise((resolve) => (sink ? sink.server.close(resolve) : resolve()));
});

let briefPath;
let week;

test('the reporter reports this week, on a phone', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, reporter.email);
  await visit(page, '/reports/new', { label: 'report-form' });
  await page.getByLabel('Berusade personer', { exact: true }).check();
  await page.getByLabel(sv('report.field.place'), { exact: true }).selectOption('Lindvallen');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('report.new.submit') }), 'report-saved'), 200);
  assert.match(new URL(page.url()).pathname, /^\/reports\/\d+$/);
  await page.context().close();
});

test('the coordinator writes the brief beside the week\'s picture and publishes it', async (t) => {
  const page = await app.newPage(t, { viewport: { width: 1280, height: 900 } });
  await signIn(page, coordinator);
  // From the week's picture to the composer.
  await Promise.all([page.waitForURL('**/situation/2023'), (await menu(page)).getByRole('link', { name: sv('nav.situation'), exact: true }).click()]);
  await check(page, 'situation');
  week = await page.locator('#f-week').inputValue();
  const n = Number(week.slice(6));
  await Promise.all([page.waitForURL('**/briefs/new?**'), page.getByRole('link', { name: sv('brief.situation_link', n) }).click()]);
  await check(page, 'composer');
  assert.equal(await text(page.getByRole('heading', { level: 1 })), sv('brief.new.heading', 'Malung-Sälen', n, week.slice(0, 4)));
  // Beside the form, the week's figures as they are now.
  assert.equal(await text(page.locator('#figures-heading')), sv('brief.figures.live_heading'));
  assert.ok(Number(await text(page.locator('.brief-figures .big'))) >= 1, 'the week has the reporter\'s report');

  // A first attempt without the analysis: the error, and the actions kept.
  const actions = 'Två ordningsvakter till vid stängning i Lindvallen\nTrafikkontroll på väg 71 lördag';
  await page.getByLabel(sv('brief.field.actions')).fill(actions);
  assert.equal(await submit(page, page.getByRole('button', { name: sv('brief.save_draft') }), 'composer-errors'), 422);
  assert.deepEqual(await errorSummary(page), [`${sv('brief.field.analysis')}: ${sv('error.required')}`]);
  assert.equal(await page.getByLabel(sv('brief.field.actions')).inputValue(), actions);
  // The summary leads to the field.
  await page.locator('.error-summary a').click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-analysis');

  await page.getByLabel(sv('brief.field.analysis')).fill('Lugn vecka i fjällen, men stökigt vid stängning i Lindvallen.\n\nVakterna och polisen ser samma sak.');
  assert.equal(await submit(page, page.getByRole('button', { name: sv('brief.save_draft') }), 'draft'), 200);
  briefPath = new URL(page.url()).pathname;
  assert.match(briefPath, /^\/briefs\/\d+$/);
  assert.equal(await text(page.locator('.notice.success')), sv('brief.flash.created'));
  assert.equal(await text(page.locator('.draft-notice')), sv('brief.view.draft_note'));

  // Publish, after the confirmation.
  await Promise.all([page.waitForURL('**/publish'), page.getByRole('link', { name: sv('brief.publish.button') }).click()]);
  await check(page, 'confirm');
  assert.match(await text(page.locator('main .notice')), new RegExp(sv('brief.publish.to', 6, 'Malung-Sälen')));
  assert.equal(await submit(page, page.getByRole('button', { name: sv('brief.publish.confirm') }), 'published'), 200);
  assert.equal(new URL(page.url()).pathname, briefPath);
  assert.equal(await text(page.locator('.notice.success')), sv('brief.flash.published'));
  assert.equal(await page.locator('.draft-notice').count(), 0);

  // The delivery: every recipient's e-mail goes out.
  await Promise.all([page.waitForURL('**/deliveries'), page.getByRole('link', { name: sv('brief.deliveries.link') }).click()]);
  await check(page, 'deliveries');
  for (let i = 0; i < 50 && await page.locator('.mail-sent').count() < 6; i++) {
    await new Promise((r) => setTimeout(r, 200));
    await page.reload();
  }
  await check(page, 'deliveries-sent');
  assert.equal(await page.locator('.mail-sent').count(), 6);
  await page.context().close();
});

test('the e-mail arrived, in Swedish, with the brief and a link to it', () => {
  const toVakt = sink.messages.find((m) => m.to.includes(reporter.email));
  assert.ok(toVakt, `a message to ${reporter.email} among ${sink.messages.map((m) => m.to).join(', ')}`);
  const [head, ...rest] = toVakt.data.split('\r\n\r\n');
  const subject = headerWords(head.match(/^Subject: (.*)$/m)[1]);
  assert.equal(subject, sv('brief.mail.subject', 'Malung-Sälen', Number(week.slice(6)), week.slice(0, 4)));
  assert.match(head, /^Content-Type: multipart\/alternative;/m);
  const body = quotedPrintable(rest.join('\r\n\r\n'));
  assert.match(body, /Content-Type: text\/plain; charset=utf-8/);
  assert.match(body, /Content-Type: text\/html; charset=utf-8/);
  assert.ok(body.includes(`${app.url}${briefPath}`), 'the link to the brief');
  assert.ok(body.includes('stökigt vid stängning i Lindvallen'), 'the analysis');
  assert.ok(body.includes(sv('brief.mail.your_own.one', 1)), 'the reporter\'s report went in');
  // What mail systems look at: an automatic message, replies to the
  // coordinator, a one-click unsubscribe that the text shows too; the
  // reporter greeted by first name.
  assert.match(head, /^Auto-Submitted: auto-generated$/m);
  assert.match(head, new RegExp(`^Reply-To: .*<${coordinator.replace('.', '\\.')}>$`, 'm'));
  const unsubscribe = head.match(/^List-Unsubscribe: <(.*)>$/m)?.[1];
  assert.ok(unsubscribe?.startsWith(`${app.url}/unsubscribe/`), `List-Unsubscribe ${unsubscribe}`);
  assert.match(head, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  assert.ok(body.includes(unsubscribe), 'the unsubscribe link in the text');
  assert.ok(body.includes(sv('mail.greeting', 'Viktor')), 'the greeting by first name');
});

test('a recipient stops the brief by the e-mail\'s link, without signing in', async (t) => {
  const message = sink.messages.find((m) => m.to.includes('destination@demo.example'));
  assert.ok(message, 'a message to the destination company');
  const link = message.data.split('\r\n\r\n')[0].match(/^List-Unsubscribe: <(.*)>$/m)[1];
  const page = await app.newPage(t, phone);
  // Opening the link changes nothing: it asks.
  await visit(page, link, { label: 'unsubscribe' });
  assert.equal(await text(page.getByRole('heading', { level: 1 })), sv('brief.unsubscribe.ask_heading', 'Malung-Sälen'));
  assert.equal(await submit(page, page.getByRole('button', { name: sv('brief.unsubscribe.submit') }), 'unsubscribe-done'), 200);
  assert.equal(await text(page.locator('main .notice')), sv('brief.unsubscribe.done', 'Malung-Sälen'));
  assert.equal(await page.getByRole('link', { name: sv('brief.subscriptions_link') }).getAttribute('href'), '/account/subscriptions');
  // The link again says so; a link cut short says it does not work.
  await visit(page, link, { label: 'unsubscribe-again' });
  assert.equal(await text(page.locator('main p').first()), sv('brief.unsubscribe.already', 'Malung-Sälen'));
  await visit(page, link.slice(0, -4), { status: 404, label: 'unsubscribe-broken' });
  assert.equal(await text(page.getByRole('heading', { level: 1 })), sv('brief.unsubscribe.broken_heading'));
  await page.context().close();

  // The recipient's subscriptions page says it too.
  const signedIn = await app.newPage(t, phone);
  await signIn(signedIn, 'destination@demo.example');
  await visit(signedIn, '/account/subscriptions', { label: 'subscriptions-after-link' });
  assert.equal(await signedIn.getByLabel(sv('brief.subscriptions.get', 'Malung-Sälen')).isChecked(), false);
});

test('the reporter finds the brief and their report in it, and chooses their briefs', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, reporter.email);
  // On the start page: new, with their report in it.
  const item = page.locator('.start-briefs .brief-item', { has: page.locator(`a[href="${briefPath}"]`) });
  assert.equal(await item.count(), 1, 'the brief is on the start page');
  assert.match(await item.getAttribute('class'), /\bunread\b/);
  assert.equal(await text(item.locator('.brief-yours')), sv('brief.start.own_one'));
  assert.equal(await text(page.locator('#start-briefs')), sv('brief.start.heading'));

  await Promise.all([page.waitForURL(`**${briefPath}`), item.locator('a').first().tap()]);
  await check(page, 'brief');
  assert.equal(await text(page.locator('#feedback-heading')), sv('brief.feedback.own_heading'));
  assert.match(await text(page.locator('.brief-feedback')), /Berusade personer, Lindvallen/);
  assert.match(await text(page.locator('.brief-text')), /Två ordningsvakter till vid stängning i Lindvallen/);
  // Read now.
  await visit(page, '/start', { label: 'start-read' });
  assert.doesNotMatch(await page.locator('.start-briefs .brief-item', { has: page.locator(`a[href="${briefPath}"]`) }).getAttribute('class'), /\bunread\b/);

  // The archive has the demo's briefs too.
  await visit(page, '/briefs', { label: 'archive' });
  assert.ok(await page.locator('.brief-item').count() >= 2, 'the archive lists the briefs');

  // Subscriptions: the whole municipality, or some areas first, or none.
  await Promise.all([page.waitForURL('**/account/subscriptions'), page.getByRole('link', { name: sv('brief.subscriptions_link') }).first().tap()]);
  await check(page, 'subscriptions');
  const get = page.getByLabel(sv('brief.subscriptions.get', 'Malung-Sälen'));
  assert.equal(await get.isChecked(), true);
  await page.getByLabel('Lindvallen', { exact: true }).check();
  assert.equal(await submit(page, page.getByRole('button', { name: sv('brief.subscriptions.save') }), 'subscriptions-saved'), 200);
  assert.equal(await text(page.locator('.notice.success')), sv('brief.flash.subscriptions_saved'));
  assert.equal(await page.getByLabel('Lindvallen', { exact: true }).isChecked(), true);
  // Back on the brief, Lindvallen's figures come first.
  await visit(page, briefPath, { label: 'brief-areas' });
  assert.match(await text(page.locator('.brief-areas')), /^Lindvallen:/);

  // None at all.
  await visit(page, '/account/subscriptions', { label: 'subscriptions-again' });
  assert.equal(await submit(page, page.getByRole('button', { name: sv('brief.subscriptions.none') }), 'unsubscribed'), 200);
  assert.equal(await text(page.locator('.notice.success')), sv('brief.flash.unsubscribed'));
  assert.equal(await page.getByLabel(sv('brief.subscriptions.get', 'Malung-Sälen')).isChecked(), false);
});

test('the brief pages read well in English on a desktop', async (t) => {
  const page = await app.newPage(t, { viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  await signIn(page, coordinator);
  // The browser asks for English.
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await visit(page, '/briefs', { label: 'archive-en' });
  assert.equal(await text(page.getByRole('heading', { level: 1 })), T('en', 'brief.list.heading'));
  await visit(page, briefPath, { label: 'brief-en' });
  await visit(page, `${briefPath}/deliveries`, { label: 'deliveries-en' });
  await visit(page, '/start', { label: 'start-en' });
});

test('the composer and the delivery status fit a phone', async (t) => {
  const page = await app.newPage(t, phone);
  await signIn(page, coordinator);
  // Last week's composer, the coordinator's one municipality chosen.
  await visit(page, '/briefs/new', { label: 'composer-phone' });
  assert.match(await text(page.getByRole('heading', { level: 1 })), /^Veckobrev Malung-Sälen, vecka \d+, \d{4}$/);
  await visit(page, `${briefPath}/deliveries`, { label: 'deliveries-phone' });
  assert.equal(await page.locator('.mail-sent').count(), 6);
});
