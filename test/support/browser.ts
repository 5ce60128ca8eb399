import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { currentTotpCode } from '../../src/server/platform/auth/totp.js';
import type { Config } from '../../src/server/platform/config.js';
import { type Agent, createTestApp, TEST_PASSWORD, type TestApp, type TestPerson } from './app.js';
import { startTestSmtpServer, type TestSmtpServer } from './smtp-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEB_DIST = path.join(ROOT, 'dist', 'web');

function findChromium(): string | null {
  // An explicit CHROMIUM_PATH that does not exist is a mistake to report, not a reason to pick another browser.
  const explicit = process.env.CHROMIUM_PATH?.trim();
  if (explicit) return existsSync(explicit) ? explicit : null;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** The Chromium the browser journeys drive: CHROMIUM_PATH, else the system's chromium. */
export const chromiumPath: string | null = findChromium();

/**
 * True when Chromium is there. Without it, a CI run fails (throws) and a local run skips the browser
 * journeys with one line saying so.
 */
export function browserTestsEnabled(): boolean {
  if (chromiumPath) return true;
  const tried = process.env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium, /usr/bin/chromium-browser';
  if (process.env.CI === 'true') {
    throw new Error(`[filet tests] Chromium not found (${tried}): browser tests cannot run in CI`);
  }
  // Said once per worker process, not once per test file (modules are loaded again for each file).
  if (!process.env.FILET_TEST_BROWSER_SKIP_REPORTED) {
    process.env.FILET_TEST_BROWSER_SKIP_REPORTED = '1';
    console.warn('[filet tests] Chromium not found: browser tests skipped');
  }
  return false;
}

/** Headless Chromium with nothing that would reach the network on its own. */
export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error('Chromium not found: check browserTestsEnabled() first');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds the web app once when dist/web is missing (npm test builds it before running). Two test
 * files start at once, so the build is guarded by a lock directory: one builds, the other waits.
 */
async function ensureWebAppBuilt(): Promise<void> {
  const index = path.join(WEB_DIST, 'index.html');
  if (existsSync(index)) return;
  const lock = path.join(
    tmpdir(),
    `filet-web-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 16)}`,
  );
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    try {
      mkdirSync(lock);
    } catch {
      // Someone else is building; a lock older than three minutes is left over from a killed run.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 180_000) rmSync(lock, { recursive: true, force: true });
      if (existsSync(index) && !existsSync(lock)) return;
      await sleep(250);
      continue;
    }
    try {
      if (!existsSync(index)) {
        execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
      }
      return;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  throw new Error('the web app was not built within 3 minutes (dist/web/index.html is missing)');
}

/** True when the folder holds an index.html and every asset it names (not a build half-written). */
function completeBuild(dir: string): boolean {
  const indexFile = path.join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const assets = [...readFileSync(indexFile, 'utf8').matchAll(/\/assets\/([^"'?#\s>]+)/g)].map(
    (match) => match[1],
  );
  return assets.length > 0 && assets.every((asset) => asset && existsSync(path.join(dir, 'assets', asset)));
}

/**
 * A private copy of the built web app for one server. The server keeps index.html in memory while
 * `vite build` empties dist/web: a rebuild during the run (npm run build:web, vite build --watch)
 * would otherwise leave open pages asking for assets that no longer exist.
 */
async function snapshotWebApp(): Promise<string> {
  await ensureWebAppBuilt();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const dir = mkdtempSync(path.join(tmpdir(), 'filet-web-'));
    try {
      cpSync(WEB_DIST, dir, { recursive: true });
      if (completeBuild(dir)) return dir;
    } catch {
      // dist/web changed under the copy: a build is running; try again.
    }
    rmSync(dir, { recursive: true, force: true });
    if (Date.now() > deadline) {
      throw new Error(`no complete build of the web app in ${WEB_DIST} within a minute`);
    }
    await sleep(250);
  }
}

/** A free TCP port of 127.0.0.1, found by listening on port 0 and closing again. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** The real Filet app listening on 127.0.0.1, with its factories, serving the built web app. */
export interface TestServer extends TestApp {
  /** `http://127.0.0.1:<port>`: the public URL too, so Origin checks pass and e-mailed links work. */
  url: string;
  /** Delivers what the outbox holds now (the notifier also delivers on its own after each commit). */
  flushEmail(): Promise<number>;
}

/**
 * Starts the app over a fresh database on a real port. PUBLIC_URL must be the listening origin (the
 * server checks Origin on every POST and builds e-mail links from it), so the port is chosen first.
 * The notifier is started so queued e-mails reach `smtpUrl`. It serves a snapshot of dist/web taken
 * now. `close()` stops the server and the database.
 */
export async function startTestServer(options: { smtpUrl?: string | null } = {}): Promise<TestServer> {
  const webDist = await snapshotWebApp();
  let testApp: TestApp;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config: Partial<Config> = { smtpUrl: options.smtpUrl ?? null, publicUrl: url, webDist };
  try {
    testApp = await createTestApp({ serveWebApp: true, config });
  } catch (error) {
    rmSync(webDist, { recursive: true, force: true });
    throw error;
  }
  const close = async () => {
    try {
      await testApp.close();
    } finally {
      rmSync(webDist, { recursive: true, force: true });
    }
  };
  try {
    await testApp.platform.notifier.start();
    await testApp.app.listen({ port, host: '127.0.0.1' });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    ...testApp,
    close,
    url,
    flushEmail: () => testApp.platform.notifier.flushOutbox(),
  };
}

/** Gives a browser context the session of an agent (a sign-in made by the factories), as its cookie. */
export async function addSessionCookie(
  context: BrowserContext,
  server: TestServer,
  agent: Agent,
): Promise<void> {
  const separator = agent.cookie.indexOf('=');
  await context.addCookies([
    {
      name: agent.cookie.slice(0, separator),
      value: agent.cookie.slice(separator + 1),
      url: server.url,
      httpOnly: true,
      sameSite: 'Strict',
    },
  ]);
}

/**
 * Signs in through /connexion as a person enrolled in TOTP: e-mail and password, then the 6-digit
 * code for `codeAt` (now by default; the server accepts one step either way). Resolves once the
 * code is sent; the caller waits for the page it expects.
 */
export async function signInThroughUi(
  page: Page,
  server: TestServer,
  person: { email: string; totpSecret: string | null },
  options: { password?: string; codeAt?: Date } = {},
): Promise<void> {
  if (!person.totpSecret) throw new Error('signInThroughUi: the person has no TOTP secret');
  await page.goto(`${server.url}/connexion`);
  await page.getByLabel('Courriel', { exact: true }).fill(person.email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(options.password ?? TEST_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page
    .getByLabel('Code à 6 chiffres')
    .fill(currentTotpCode(person.totpSecret, options.codeAt ?? new Date()));
  await page.getByRole('button', { name: 'Vérifier le code' }).click();
}

/**
 * A page in a fresh browser profile (French, like most staff) at the test server; with `as`, already
 * signed in as that person through a session made by the factories. Closed with the browser.
 */
export async function openPage(
  browser: Browser,
  server: TestServer,
  options: { as?: TestPerson; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.url,
    locale: 'fr-CA',
    ...(options.viewport ? { viewport: options.viewport } : {}),
  });
  context.setDefaultTimeout(10_000);
  if (options.as) await addSessionCookie(context, server, await server.signIn(options.as));
  return context.newPage();
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe (WCAG 2.1 A and AA) on the page as it is now; a failure lists every violation and its elements. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(WCAG_TAGS)
    .options({ resultTypes: ['violations'] })
    .analyze();
  const violations = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  }));
  expect(violations, `axe (WCAG 2.1 A/AA) on ${what} at ${new URL(page.url()).pathname}`).toEqual([]);
}

/** Everything a browser journey needs: a real SMTP server process, the Filet server and Chromium. */
export interface Journey {
  smtp: TestSmtpServer;
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts the SMTP server and Chromium side by side, then the Filet server wired to that SMTP server. */
export async function startJourney(): Promise<Journey> {
  const [smtpOutcome, browserOutcome] = await Promise.allSettled([startTestSmtpServer(), launchBrowser()]);
  const smtp = smtpOutcome.status === 'fulfilled' ? smtpOutcome.value : null;
  const browser = browserOutcome.status === 'fulfilled' ? browserOutcome.value : null;
  if (!smtp || !browser) {
    await smtp?.close();
    await browser?.close();
    throw smtpOutcome.status === 'rejected'
      ? smtpOutcome.reason
      : (browserOutcome as PromiseRejectedResult).reason;
  }
  const server = await startTestServer({ smtpUrl: smtp.url });
  return {
    smtp,
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await smtp.close();
    },
  };
}
