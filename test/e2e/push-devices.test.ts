import { createECDH, createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { createTestApp, type TestApp } from '../support/app.js';
import { browserTestsEnabled, expectAccessible, launchBrowser } from '../support/browser.js';

// The account page's web-push control, and the service worker it registers, under the real CSP.
// Headless Chromium has no push service to subscribe to (it registers with Google's, out of reach here,
// and refuses push altogether in the incognito contexts Playwright makes), so the first journeys go as
// far as the browser permission (refused) and check the service worker installs at /sw.js. The last
// one stands in for the browser's push client only — `PushManager.subscribe`/`getSubscription`, in the
// page, with real P-256 keys — to exercise the page-load resync and the service worker's renewal
// against the real server; everything past the browser's push client is Filet's own code.

describe.skipIf(!browserTestsEnabled())('web push: the account page control and the service worker', () => {
  let server: TestApp;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await createTestApp({
      serveWebApp: true,
      config: { vapid: { ...webpush.generateVAPIDKeys(), subject: 'mailto:filet@filet.test' } },
    });
    url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves /sw.js as a script under the strict policy, and Chromium installs it', async () => {
    const response = await fetch(`${url}/sw.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const source = await response.text();
    expect(source).toContain("addEventListener('push'");
    expect(source).not.toContain("addEventListener('fetch'");

    const context = await browser.newContext({ baseURL: url, locale: 'fr-CA' });
    const page = await context.newPage();
    await page.goto('/connexion');
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      await navigator.serviceWorker.ready;
      return registration.active?.state ?? registration.waiting?.state ?? registration.installing?.state;
    });
    expect(['activating', 'activated']).toContain(state);
    await context.close();
  });

  it('offers push on this device with a name to give it, and says so when the browser refuses', async () => {
    const person = await server.createPerson({ roles: ['investigator'] });
    const context = await browser.newContext({ baseURL: url, locale: 'fr-CA' });
    context.setDefaultTimeout(10_000);
    const agent = await server.signIn(person);
    const separator = agent.cookie.indexOf('=');
    await context.addCookies([
      {
        name: agent.cookie.slice(0, separator),
        value: agent.cookie.slice(separator + 1),
        url,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
    const page = await context.newPage();
    await page.goto('/compte');
    await page.getByRole('heading', { level: 2, name: 'Notifications push' }).waitFor();
    const label = page.getByLabel('Nom de cet appareil');
    await expect.poll(() => label.inputValue()).toMatch(/Chrome|Navigateur/);
    await page.getByText('Aucun appareil ne reçoit vos notifications push.').waitFor();
    await expectAccessible(page, 'the account page with its push control');

    await label.fill('Poste de travail fictif');
    await page.getByRole('button', { name: 'Activer sur cet appareil' }).click();
    await page
      .getByRole('alert')
      .getByText(/refusé l’autorisation/)
      .waitFor();
    const stored = await server.platform.db
      .selectFrom('push_subscriptions')
      .select('id')
      .where('person_id', '=', person.id)
      .execute();
    expect(stored).toEqual([]);
    await expectAccessible(page, 'the push control with its error');
    await context.close();
  });

  /**
   * Stands in for the browser's push client in the page: one subscription per origin, kept in
   * localStorage so it survives reloads, with real P-256 keys from WebCrypto; `__filetTestPush` lets
   * the test replace or drop it the way a browser may on its own.
   */
  function standInPushClient() {
    const STORE = '__filet_test_push';
    interface Held {
      endpoint: string;
      p256dh: string;
      auth: string;
      key: string;
    }
    const encode = (bytes: ArrayBuffer | Uint8Array) =>
      btoa(String.fromCharCode(...new Uint8Array(bytes)))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '');
    const decode = (value: string) =>
      Uint8Array.from(atob(value.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const held = (): Held | null => JSON.parse(localStorage.getItem(STORE) ?? 'null') as Held | null;
    const view = (record: Held | null) =>
      record && {
        endpoint: record.endpoint,
        expirationTime: null,
        options: { userVisibleOnly: true, applicationServerKey: decode(record.key).buffer },
        getKey: (name: string) => decode(name === 'auth' ? record.auth : record.p256dh).buffer,
        toJSON: () => ({
          endpoint: record.endpoint,
          expirationTime: null,
          keys: { p256dh: record.p256dh, auth: record.auth },
        }),
        unsubscribe: async () => {
          localStorage.removeItem(STORE);
          return true;
        },
      };
    async function fresh(key: string): Promise<Held> {
      const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
        'deriveBits',
      ]);
      const record = {
        endpoint: `https://push.exemple.test/send/${crypto.randomUUID()}`,
        p256dh: encode(await crypto.subtle.exportKey('raw', pair.publicKey)),
        auth: encode(crypto.getRandomValues(new Uint8Array(16))),
        key,
      };
      localStorage.setItem(STORE, JSON.stringify(record));
      return record;
    }
    PushManager.prototype.getSubscription = async () => view(held()) as unknown as PushSubscription;
    PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) =>
      view(
        held() ?? (await fresh(encode(options!.applicationServerKey as Uint8Array))),
      ) as unknown as PushSubscription;
    Object.assign(window, {
      __filetTestPush: {
        held,
        replace: () => fresh(held()!.key),
        drop: () => localStorage.removeItem(STORE),
        set: (record: Held) => localStorage.setItem(STORE, JSON.stringify(record)),
      },
    });
  }

  interface Held {
    endpoint: string;
    p256dh: string;
    auth: string;
    key: string;
  }

  const fingerprint = (endpoint: string) => createHash('sha256').update(endpoint).digest();

  it('puts a replaced or dropped subscription right at page load, and the service worker renews one with proof', async () => {
    const person = await server.createPerson({ roles: ['pivot'] });
    const agent = await server.signIn(person);
    const context: BrowserContext = await browser.newContext({ baseURL: url, locale: 'fr-CA' });
    context.setDefaultTimeout(10_000);
    await context.grantPermissions(['notifications'], { origin: url });
    await context.addInitScript(standInPushClient);
    const separator = agent.cookie.indexOf('=');
    await context.addCookies([
      {
        name: agent.cookie.slice(0, separator),
        value: agent.cookie.slice(separator + 1),
        url,
        httpOnly: true,
        sameSite: 'Strict',
      },
    ]);
    const page: Page = await context.newPage();
    const calls: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/api/push/')) calls.push(`${request.method()} ${path}`);
    });
    const held = () =>
      page.evaluate(() =>
        (window as unknown as { __filetTestPush: { held(): Held } }).__filetTestPush.held(),
      );
    const devices = () =>
      server.platform.db
        .selectFrom('push_subscriptions')
        .select(['id', 'endpoint_hash', 'label'])
        .where('person_id', '=', person.id)
        .execute();
    /** Loads the account page; the control shows "this device receives" once the resync is done. */
    const loadAccount = async (expectHere = true) => {
      calls.length = 0;
      await page.goto('/compte');
      await page.getByRole('heading', { level: 2, name: 'Notifications push' }).waitFor();
      if (expectHere) await page.getByText('Cet appareil reçoit les notifications push.').waitFor();
      else await page.getByRole('button', { name: 'Activer sur cet appareil' }).waitFor();
    };

    // Opt in on this device.
    await page.goto('/compte');
    await page.getByLabel('Nom de cet appareil').fill('Portable fictif');
    await page.getByRole('button', { name: 'Activer sur cet appareil' }).click();
    await page.getByText('Les notifications push sont activées sur cet appareil.').waitFor();
    await page.getByText('Cet appareil reçoit les notifications push.').waitFor();
    const first = await held();
    let rows = await devices();
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.endpoint_hash).equals(fingerprint(first.endpoint))).toBe(true);
    expect(rows[0]!.label).toBe('Portable fictif');
    await page.getByRole('rowheader', { name: /Portable fictif\s+Cet appareil/ }).waitFor();
    await expectAccessible(page, 'the push control with this device listed');

    // In step: the load only reads.
    await loadAccount();
    expect(calls.filter((call) => !call.startsWith('GET '))).toEqual([]);
    expect((await devices()).map((row) => row.id)).toEqual([rows[0]!.id]);

    // The browser replaced the subscription without telling anyone (as Chrome may).
    await page.evaluate(() =>
      (window as unknown as { __filetTestPush: { replace(): Promise<unknown> } }).__filetTestPush.replace(),
    );
    const second = await held();
    await loadAccount();
    expect(calls).toEqual(
      expect.arrayContaining([
        'POST /api/push/subscriptions',
        `DELETE /api/push/subscriptions/${rows[0]!.id}`,
      ]),
    );
    rows = await devices();
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.endpoint_hash).equals(fingerprint(second.endpoint))).toBe(true);
    expect(rows[0]!.label).toBe('Portable fictif');

    // The browser dropped it: subscribed again with the same key, Filet told through the normal route.
    await page.evaluate(() =>
      (window as unknown as { __filetTestPush: { drop(): void } }).__filetTestPush.drop(),
    );
    await loadAccount();
    const third = await held();
    expect(third.endpoint).not.toBe(second.endpoint);
    expect(third.key).toBe(first.key);
    rows = await devices();
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.endpoint_hash).equals(fingerprint(third.endpoint))).toBe(true);

    // The service worker's renewal (pushsubscriptionchange): the new subscription with proof of the old.
    const worker: Worker =
      context.serviceWorkers().find((w) => w.url().endsWith('/sw.js')) ??
      (await context.waitForEvent('serviceworker'));
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const fourth: Held = {
      endpoint: `https://push.exemple.test/send/${randomUUID()}`,
      p256dh: ecdh.getPublicKey().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
      key: third.key,
    };
    const renewed = await worker.evaluate(
      async ({ old, next }) => {
        const decode = (value: string) =>
          Uint8Array.from(atob(value.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
        const oldSubscription = {
          endpoint: old.endpoint,
          options: { applicationServerKey: decode(old.key).buffer },
          getKey: (name: string) => decode(name === 'auth' ? old.auth : old.p256dh).buffer,
        };
        const newSubscription = {
          endpoint: next.endpoint,
          toJSON: () => ({ endpoint: next.endpoint, keys: { p256dh: next.p256dh, auth: next.auth } }),
        };
        const scope = self as unknown as {
          renewSubscription(o: unknown, n: unknown): Promise<boolean>;
        };
        return scope.renewSubscription(oldSubscription, newSubscription);
      },
      { old: third, next: fourth },
    );
    expect(renewed).toBe(true);
    rows = await devices();
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.endpoint_hash).equals(fingerprint(fourth.endpoint))).toBe(true);
    expect(rows[0]!.label).toBe('Portable fictif');
    const audit = await server.platform.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', rows[0]!.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['push.subscription.renew']);
    // A forged renewal (the old proof again, now spent) changes nothing.
    const replay = await worker.evaluate(
      async ({ old }) => {
        const decode = (value: string) =>
          Uint8Array.from(atob(value.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
        const scope = self as unknown as { renewSubscription(o: unknown, n: unknown): Promise<boolean> };
        return scope.renewSubscription(
          { endpoint: old.endpoint, options: {}, getKey: () => decode(old.auth).buffer },
          {
            endpoint: old.endpoint,
            toJSON: () => ({ endpoint: old.endpoint, keys: { p256dh: old.p256dh, auth: old.auth } }),
          },
        );
      },
      { old: third },
    );
    expect(replay).toBe(false);
    expect((await devices()).map((row) => row.id)).toEqual([rows[0]!.id]);

    // The browser now holds what the service worker registered: the next load only reads.
    await page.evaluate(
      (record) =>
        (window as unknown as { __filetTestPush: { set(r: Held): void } }).__filetTestPush.set(record),
      fourth,
    );
    await loadAccount();
    expect(calls.filter((call) => !call.startsWith('GET '))).toEqual([]);

    // Removed from another device: this one respects it instead of opting in again.
    const removed = await agent.inject({ method: 'DELETE', url: `/api/push/subscriptions/${rows[0]!.id}` });
    expect(removed.statusCode).toBe(204);
    await loadAccount(false);
    expect(calls.filter((call) => !call.startsWith('GET '))).toEqual([]);
    expect(await held()).toBeNull();
    expect(await devices()).toEqual([]);
    await page.getByText('Aucun appareil ne reçoit vos notifications push.').waitFor();
    await context.close();
  });
});
