// Shared machinery of the browser tests: one Samverkan server and one
// Chromium per test file, a visit/check pair that runs axe-core on every
// page a test sees and saves a screenshot of it, and the translations, so
// that tests assert the words a user reads without copying them.
//
// Environment:
//   SAMVERKAN_BIN                a built samverkan binary; without it the
//                                suite builds ./cmd/samverkan once per run
//   SAMVERKAN_E2E_DATABASE_URL   a postgres:// URL to run on instead of a
//                                fresh SQLite data directory per file
//   SAMVERKAN_E2E_KEEP_LOGS=1    print the server's output after each file

import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const execFileP = promisify(execFile);

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const screenshotDir = path.join(repoRoot, 'e2e', 'screenshots');
const axeSource = fs.readFileSync(path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export const demoPassword = 'demo';
export const admin = { email: 'admin@demo.example', name: 'Ada Administratör (demo)' };
export const reporter = {
  email: 'vakt@demo.example',
  name: 'Viktor Vakt (demo)',
  org: 'Fjällvakterna Ordningsvakter AB (demo)',
};

// A suffix that makes the names a run creates unique, so that the suite can
// run more than once against the same PostgreSQL database.
export const runID = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

// --- Translations ---------------------------------------------------------

// The catalogues are locales/<lang>/<part>.json: the domain's in
// internal/i18n and each web area's in its package (internal/web/*/locales).
function catalogue(l) {
  const dirs = [path.join(repoRoot, 'internal', 'i18n', 'locales', l)];
  const web = path.join(repoRoot, 'internal', 'web');
  for (const area of fs.readdirSync(web, { withFileTypes: true })) {
    if (area.isDirectory()) dirs.push(path.join(web, area.name, 'locales', l));
  }
  const files = dirs.filter((d) => fs.existsSync(d))
    .flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.json')).map((f) => path.join(d, f)));
  return Object.assign({}, ...files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8'))));
}
const locales = { sv: catalogue('sv'), en: catalogue('en') };

// T returns the text of message key in lang with its %s/%d filled in, as
// the server writes it.
export function T(lang, key, ...args) {
  const msg = locales[lang]?.[key];
  assert.ok(msg !== undefined, `no ${lang} translation for ${key}`);
  let i = 0;
  return msg.replace(/%[sdv]/g, () => String(args[i++]));
}

// --- The server -----------------------------------------------------------

let builtBinary;

// binary returns the samverkan binary to test: SAMVERKAN_BIN, or one built
// from the working tree. Each test file runs in its own process, all
// children of one `node --test`; the build goes into a directory named after
// that parent so that the files of one run share a single build.
async function binary() {
  if (process.env.SAMVERKAN_BIN) {
    return path.resolve(process.env.SAMVERKAN_BIN);
  }
  if (builtBinary) return builtBinary;
  const dir = path.join(os.tmpdir(), `samverkan-e2e-build-${process.ppid}`);
  const bin = path.join(dir, 'samverkan');
  const lock = path.join(dir, 'built');
  if (!fs.existsSync(lock)) {
    fs.mkdirSync(dir, { recursive: true });
    await execFileP('go', ['build', '-o', bin, './cmd/samverkan'], { cwd: repoRoot, maxBuffer: 16 << 20 });
    fs.writeFileSync(lock, new Date().toISOString());
    // Node 20's test runner has no global teardown: a small watcher removes
    // the build once the runner process has gone.
    spawn('sh', ['-c', 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; rm -rf "$2"', 'sh', String(process.ppid), dir],
      { detached: true, stdio: 'ignore' }).unref();
  }
  builtBinary = bin;
  return bin;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// testNow is the stated day of the browser tests, as of the Go tests
// (internal/clock/clocktest): the server starts its clock there (--now) and
// every page's clock is set to it, so that both agree on what "now" is.
// SAMVERKAN_TEST_NOW moves it.
export const testNow = process.env.SAMVERKAN_TEST_NOW || '2026-12-07T10:00:00+01:00';

// The demo's current cycle on testNow (internal/activity.DemoSeason): the
// winter season under way, or between seasons the coming one, by the year
// it starts in; inSeason says whether one is under way; the renewed Sälen
// promise covers it and the season before.
const stockholmNow = Object.fromEntries(new Intl.DateTimeFormat('en', { timeZone: 'Europe/Stockholm', year: 'numeric', month: 'numeric' })
  .formatToParts(new Date(testNow)).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
export const demoSeason = stockholmNow.month >= 5 ? stockholmNow.year : stockholmNow.year - 1;
export const inSeason = stockholmNow.month === 12 || stockholmNow.month <= 4;
export const renewedPromise = `Medborgarlöfte i Sälen ${demoSeason - 1}–${demoSeason + 1} (demo)`;

// startServer runs `samverkan serve --demo` on a free port with a fresh
// data directory (or the PostgreSQL database of SAMVERKAN_E2E_DATABASE_URL)
// and waits until /healthz answers 200.
export async function startServer(extraArgs = []) {
  const bin = await binary();
  // The browser reaches no tile server on the internet: maps are drawn
  // without tiles unless a test serves its own.
  if (!extraArgs.includes('--tile-url')) extraArgs = [...extraArgs, '--tile-url', 'none'];
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samverkan-e2e-data-'));
  const dbArgs = process.env.SAMVERKAN_E2E_DATABASE_URL
    ? ['--database-url', process.env.SAMVERKAN_E2E_DATABASE_URL]
    : ['--data-dir', dataDir];
  const addr = `127.0.0.1:${port}`;
  // When the server's clock read testNow, give or take its start-up.
  const started = Date.now();
  const child = spawn(bin, ['serve', '--demo', '--now', testNow, '--addr', addr, '--log-level', 'warn', ...dbArgs, ...extraArgs], {
    cwd: dataDir,
    env: { ...process.env, SAMVERKAN_DATABASE_URL: '', SAMVERKAN_DATA_DIR: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  let exited = null;
  const exit = once(child, 'exit').then(([code, signal]) => { exited = { code, signal }; });

  const url = `http://${addr}`;
  const deadline = Date.now() + 30_000;
  let last = 'no answer';
  let answeredWrong = 0; // when /healthz first answered, but not 200
  for (;;) {
    if (exited) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`samverkan serve exited (${JSON.stringify(exited)}) before answering:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
      last = `status ${res.status}: ${(await res.text()).trim()}`;
      answeredWrong ||= Date.now();
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    // A server that answers, but not 200, is not going to get better:
    // give it two seconds, not the whole deadline.
    if (Date.now() > deadline || (answeredWrong && Date.now() - answeredWrong > 2000)) {
      child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new Error(`GET /healthz did not answer 200 (last: ${last}). Server output:\n${output.slice(-4000)}`);
    }
    await sleep(100);
  }

  return {
    url,
    started,
    dataDir,
    dbArgs,
    bin,
    output: () => output,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exit;
        clearTimeout(timer);
      }
      if (process.env.SAMVERKAN_E2E_KEEP_LOGS) process.stderr.write(output);
      fs.rmSync(dataDir, { recursive: true, force: true });
      return exited;
    },
  };
}

// cli runs another samverkan command against the server's database, with
// stdin as its standard input.
export async function cli(server, args, stdin = '') {
  const child = spawn(server.bin, [...args, ...server.dbArgs], { cwd: server.dataDir, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  child.stdin.end(stdin);
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, `samverkan ${args.join(' ')} failed: ${err}`);
  return out;
}

// --- The browser ----------------------------------------------------------

export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// Phone is a small Android phone, 360×740 CSS pixels.
export const phone = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
};

// setup starts the server and the browser of one test file; call it in
// before() and the returned teardown in after(). serverArgs go to
// `samverkan serve`.
export async function setup(testFile, { serverArgs = [] } = {}) {
  const server = await startServer(serverArgs);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await server.stop();
    throw err;
  }
  const fileName = path.basename(fileURLToPath(testFile)).replace(/\.test\.m?js$/, '');
  const pagesPerTest = new Map();
  return {
    server,
    browser,
    url: server.url,
    // newPage opens a page in a new browser context (its own cookies) for
    // test t; options go to browser.newContext.
    async newPage(t, options = {}) {
      const context = await browser.newContext({ baseURL: server.url, locale: 'sv-SE', ...options });
      // The page's clock starts where the server's did and runs on.
      await context.clock.install({ time: new Date(testNow).getTime() + (Date.now() - server.started) });
      const page = await context.newPage();
      // A second page in the same test gets its own screenshot names.
      const prefix = `${fileName}--${slug(t.name)}`;
      const n = (pagesPerTest.get(prefix) ?? 0) + 1;
      pagesPerTest.set(prefix, n);
      watch(page, n === 1 ? prefix : `${prefix}--page${n}`);
      return page;
    },
    // adopt names the screenshots of a page opened by an earlier test
    // after test t from now on.
    adopt(page, t) {
      const st = pageState.get(page);
      st.prefix = `${fileName}--${slug(t.name)}`;
      st.step = 0;
      return page;
    },
    async teardown() {
      await browser?.close();
      const started = Date.now();
      const exit = await server.stop();
      if (Date.now() - started > 3000) {
        process.stderr.write(`# samverkan serve took ${Date.now() - started} ms to stop on SIGTERM\n`);
      }
      // A server that does not stop cleanly on SIGTERM is a bug too.
      assert.ok(exit && (exit.code === 0 || exit.signal === 'SIGTERM'),
        `samverkan serve did not exit cleanly on SIGTERM: ${JSON.stringify(exit)}\n${server.output().slice(-2000)}`);
    },
  };
}

function slug(s) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').slice(0, 48).replace(/^-|-$/g, '') || 'page';
}

// --- Visiting and checking pages -----------------------------------------

const pageState = new WeakMap();

// watch records what goes wrong on a page between two checks: scripts or
// styles that fail to load, console errors (a CSP violation is one) and
// uncaught exceptions.
function watch(page, prefix) {
  const st = { prefix, step: 0, problems: [] };
  pageState.set(page, st);
  page.on('response', (res) => {
    const req = res.request();
    if (req.resourceType() !== 'document' && res.status() >= 400) {
      st.problems.push(`${req.resourceType()} ${req.url()} answered ${res.status()}`);
    }
  });
  page.on('requestfailed', (req) => {
    // ERR_ABORTED is a load the next navigation cancelled, not a failure.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    // A fetch or XHR while the test has taken the phone's coverage away
    // (context.setOffline) is the offline queues trying, as they should:
    // a phone in poor coverage may believe it is online. Any other
    // resource failing then (a style, a script, a page) is still a problem.
    if (req.failure()?.errorText === 'net::ERR_INTERNET_DISCONNECTED' && ['fetch', 'xhr'].includes(req.resourceType())) return;
    st.problems.push(`${req.resourceType()} ${req.url()} failed: ${req.failure()?.errorText}`);
  });
  page.on('console', (msg) => {
    // A failed document load is logged too; the test asserts its status.
    if (msg.type() === 'error' && !/^Failed to load resource/.test(msg.text())) {
      st.problems.push(`console error: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => st.problems.push(`page error: ${err.message}`));
}

const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// axe runs axe-core on the page and fails listing every violation.
export async function axe(page) {
  // The site's Content-Security-Policy is script-src 'self', so
  // page.addScriptTag({content}) is an inline script and is blocked (and
  // waits for a load that never comes). page.evaluate runs the source
  // through the DevTools protocol, which CSP does not govern, so the page
  // keeps its real policy: bypassCSP on the context would also hide any
  // CSP violation of the product's own pages.
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, axeTags);
  if (violations.length > 0) {
    // (Not "at …": the test reporter would take such lines for a stack.)
    const lines = violations.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n${
      v.nodes.map((n) => `    target: ${n.target}\n      ${(n.summary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}\n    ${v.helpUrl}`);
    assert.fail(`axe found ${violations.length} accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`);
  }
}

// shot saves a full-page screenshot named by test and step.
export async function shot(page, label) {
  const st = pageState.get(page);
  st.step += 1;
  const name = label ?? slug(new URL(page.url()).pathname);
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${st.prefix}--${String(st.step).padStart(2, '0')}-${slug(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// check checks the page the browser shows now, reached by a link or a
// form: it has loaded all it needs without errors, axe finds no
// violations, and a screenshot is saved. label names the screenshot.
export async function check(page, label) {
  await page.waitForLoadState('load');
  const st = pageState.get(page);
  const problems = st.problems.splice(0);
  assert.deepEqual(problems, [], `problems loading ${page.url()}`);
  // Every page has a title, a language and exactly one main heading.
  assert.match(await page.title(), /\S – Samverkan$/, `title of ${page.url()}`);
  assert.match(await page.locator('html').getAttribute('lang'), /^(sv|en)$/);
  assert.equal(await page.locator('h1').count(), 1, `one h1 on ${page.url()}`);
  // No page scrolls sideways, at any size.
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
  }));
  assert.ok(scrollWidth <= clientWidth, `${page.url()} is ${scrollWidth} px wide in a ${clientWidth} px window`);
  // A message key shown as it is ("nav.promises") is a missing translation.
  const keys = await page.evaluate(() => {
    const found = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const s = n.textContent.trim();
      if (/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(s)) found.push(s);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [data-label]')) {
      for (const a of ['aria-label', 'placeholder', 'title', 'data-label']) {
        const v = el.getAttribute(a);
        if (v && /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(v.trim())) found.push(`${a}=${v}`);
      }
    }
    return found;
  });
  assert.deepEqual(keys, [], `untranslated message keys on ${page.url()}`);
  await shot(page, label);
  await axe(page);
}

// visit opens url (a path on the site) and checks the page. The response
// must have status (200 unless told).
export async function visit(page, url, { status = 200, label } = {}) {
  const res = await page.goto(url);
  assert.ok(res, `no response for ${url}`);
  assert.equal(res.status(), status, `status of GET ${url}`);
  await check(page, label);
  return res;
}

// submit clicks the button and waits for the page the form leads to (after
// any redirect), then checks it. It returns that page's HTTP status.
export async function submit(page, button, label) {
  // waitForNavigation is marked deprecated in favour of waitForURL, but a
  // form that fails validation answers at the same URL it was posted to,
  // so there is no new URL to wait for.
  const [res] = await Promise.all([page.waitForNavigation(), button.click()]);
  assert.ok(res, 'the form led to a page');
  await check(page, label);
  return res.status();
}

// signIn signs in through the login page.
export async function signIn(page, email, password = demoPassword) {
  await visit(page, '/login');
  await page.getByLabel(T(await lang(page), 'field.email'), { exact: true }).fill(email);
  await page.getByLabel(T(await lang(page), 'field.password'), { exact: true }).fill(password);
  const status = await submit(page, page.locator('main form button[type=submit]'), 'signed-in');
  assert.equal(status, 200, 'sign-in lands on a page');
  assert.equal(new URL(page.url()).pathname, '/start', `sign-in as ${email} lands on /start`);
}

// menu returns the main menu, opened first where it is folded behind its
// button (on a phone), so that a test follows its links at any size.
export async function menu(page) {
  const nav = page.getByRole('navigation', { name: T(await lang(page), 'layout.nav') });
  const button = nav.locator('summary');
  if (await button.isVisible() && !(await nav.locator('details').evaluate((d) => d.open))) {
    await button.click();
  }
  return nav;
}

// lang is the language the page is in.
export async function lang(page) {
  return page.locator('html').getAttribute('lang');
}

// errorSummary returns the lines of the error summary (empty if none).
export async function errorSummary(page) {
  const box = page.locator('.error-summary');
  if (await box.count() === 0) return [];
  return (await box.locator('li').allInnerTexts()).map((s) => s.trim());
}

// text is the text of the element as a screen reader reads it: its
// textContent, visually hidden parts included, with white space collapsed.
export async function text(locator) {
  return (await locator.textContent()).replace(/\s+/g, ' ').trim();
}
