import {
  createDecipheriv,
  createECDH,
  createHash,
  createPublicKey,
  hkdfSync,
  randomBytes,
  verify,
} from 'node:crypto';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  auditEntries,
  auditCount as countAuditEntries,
  lastAuditEntry,
} from '../../../../test/support/audit.js';
import { startTestPushService, type TestPushService } from '../../../../test/support/push-service.js';
import { loadConfig } from '../config.js';
import { createNotifier } from './notifier.js';
import type { Notifier } from './notify.js';
import { endpointHash } from './push.repository.js';
import { pushPayload } from './push.sender.js';

const vapidKeys = webpush.generateVAPIDKeys();
const vapid = { ...vapidKeys, subject: 'mailto:filet@filet.test' };

let service: TestPushService;
let t: TestApp;
let disabled: TestApp;
/** A notifier of the test's own, whose TLS agent trusts the test push service's certificate. */
let notifier: Notifier;

beforeAll(async () => {
  service = await startTestPushService();
  t = await createTestApp({ config: { vapid } });
  disabled = await createTestApp();
  notifier = createNotifier({
    database: t.database,
    keyring: t.platform.keyring,
    config: t.config,
    logger: t.app.log,
    now: t.platform.now,
    pushAgent: new https.Agent({ ca: service.ca }),
  });
  await notifier.start();
});
afterAll(async () => {
  await notifier?.close();
  await t?.close();
  await disabled?.close();
  await service?.close();
});

/** A browser's side of a subscription: its P-256 key pair and auth secret (RFC 8291). */
function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    body: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
  };
}

/** Decrypts an aes128gcm push message body as the browser would (RFC 8188 + RFC 8291). */
function decryptPush(body: Buffer, keys: ReturnType<typeof browserKeys>): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const serverKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = keys.ecdh.computeSecret(serverKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), keys.ecdh.getPublicKey(), serverKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, keys.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // The last record ends with the delimiter 0x02 followed by zero padding.
  const end = padded.lastIndexOf(2);
  return padded.subarray(0, end).toString('utf8');
}

/** Checks the VAPID `Authorization: vapid t=<JWT>, k=<key>` header (RFC 8292) and returns its claims. */
function verifyVapid(header: string, audience: string) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
  expect(match, header).not.toBeNull();
  const [, jwt, key] = match!;
  expect(key).toBe(vapid.publicKey);
  const [head, claims, signature] = jwt!.split('.');
  expect(JSON.parse(Buffer.from(head!, 'base64url').toString())).toMatchObject({ alg: 'ES256', typ: 'JWT' });
  const point = Buffer.from(key!, 'base64url');
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${claims}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature!, 'base64url'),
  );
  expect(valid).toBe(true);
  const decoded = JSON.parse(Buffer.from(claims!, 'base64url').toString()) as {
    aud: string;
    sub: string;
    exp: number;
  };
  expect(decoded.aud).toBe(audience);
  expect(decoded.sub).toBe(vapid.subject);
  expect(decoded.exp * 1000).toBeGreaterThan(Date.now());
  return decoded;
}

describe('web push delivery', () => {
  it('sends one encrypted, content-free push with VAPID to an opted-in person’s device after commit', async () => {
    const agent = await t.as('investigator');
    const keys = browserKeys();
    const endpoint = `${service.origin}/send/${randomBytes(8).toString('hex')}`;
    const subscribed = await agent.inject({
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: { endpoint, keys: keys.body, deviceLabel: 'Téléphone de terrain' },
    });
    expect(subscribed.statusCode, subscribed.body).toBe(201);
    const deviceId = (subscribed.json() as { id: string }).id;

    // At rest the endpoint and keys are sealed.
    const row = await t.platform.db
      .selectFrom('push_subscriptions')
      .selectAll()
      .where('id', '=', deviceId)
      .executeTakeFirstOrThrow();
    expect(row.endpoint).toMatch(/^v1\./);
    expect(row.endpoint).not.toContain('127.0.0.1');
    expect(row.keys).not.toContain(keys.body.p256dh);

    // Someone without a device gets nothing; a rolled-back notification sends nothing.
    const bystander = await t.createPerson({ roles: ['pivot'] });
    await expect(
      t.platform.db.transaction().execute(async (trx) => {
        await notifier.notify(trx, [agent.person.id], { kind: 'alert.raised', link: '/alertes/annulee' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await t.platform.db
      .transaction()
      .execute((trx) =>
        notifier.notify(trx, [agent.person.id, bystander.id], { kind: 'alert.raised', link: '/alertes/42' }),
      );
    const push = await service.waitFor((p) => endpoint.endsWith(p.path));
    await notifier.settled();
    const toDevice = (await service.requests()).filter((p) => endpoint.endsWith(p.path));
    expect(toDevice).toHaveLength(1);

    expect(push.method).toBe('POST');
    verifyVapid(push.headers.authorization!, service.origin);
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(push.headers.ttl)).toBeGreaterThan(0);
    expect(push.headers.urgency).toBe('high');
    const body = Buffer.from(push.body, 'base64');
    expect(body.toString('latin1')).not.toContain('Filet');
    expect(JSON.parse(decryptPush(body, keys))).toEqual({
      title: 'Filet',
      body: 'Nouvel élément dans Filet',
      url: '/alertes/42',
    });

    const devices = (await agent.inject({ method: 'GET', url: '/api/push/subscriptions' })).json() as {
      items: Array<{ id: string; label: string; lastSuccessAt: string | null }>;
    };
    expect(devices.items).toEqual([expect.objectContaining({ id: deviceId, label: 'Téléphone de terrain' })]);
    expect(devices.items[0]!.lastSuccessAt).not.toBeNull();
  });

  it('removes a subscription its push service answers 410 Gone', async () => {
    const agent = await t.as('pivot');
    const endpoint = `${service.origin}/gone/${randomBytes(8).toString('hex')}`;
    const subscribed = await agent.inject({
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: { endpoint, keys: browserKeys().body, deviceLabel: 'Ancien portable' },
    });
    expect(subscribed.statusCode, subscribed.body).toBe(201);
    await t.platform.db
      .transaction()
      .execute((trx) => notifier.notify(trx, agent.person.id, { kind: 'alert.raised', link: '/alertes/9' }));
    await service.waitFor((p) => endpoint.endsWith(p.path));
    await notifier.settled();
    const left = await t.platform.db
      .selectFrom('push_subscriptions')
      .select('id')
      .where('person_id', '=', agent.person.id)
      .execute();
    expect(left).toEqual([]);
  });

  it('never puts anything but "new item" and an inside link in the payload', () => {
    expect(JSON.parse(pushPayload('en-CA', '/alertes/1'))).toEqual({
      title: 'Filet',
      body: 'New item in Filet',
      url: '/alertes/1',
    });
    // A link that would leave Filet is replaced by the home page.
    expect(JSON.parse(pushPayload('fr-CA', 'https://ailleurs.test/x')).url).toBe('/');
    expect(JSON.parse(pushPayload('fr-CA', '//ailleurs.test/x')).url).toBe('/');
    expect(JSON.parse(pushPayload('fr-CA', null)).url).toBe('/');
  });
});

describe('push routes', () => {
  it('says push is off and refuses subscriptions when no VAPID keys are configured', async () => {
    const agent = await disabled.as('worker');
    const key = await agent.inject({ method: 'GET', url: '/api/push/key' });
    expect(key.json()).toEqual({ enabled: false, publicKey: null });
    const refused = await agent.inject({
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: { endpoint: 'https://push.exemple.test/x', keys: browserKeys().body, deviceLabel: 'Poste' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0]).toMatchObject({ field: 'endpoint', rule: 'push_disabled' });
  });

  it('gives the public key, refuses what is not a browser subscription, and stores nothing then', async () => {
    const agent = await t.as('worker');
    expect((await agent.inject({ method: 'GET', url: '/api/push/key' })).json()).toEqual({
      enabled: true,
      publicKey: vapid.publicKey,
    });
    const bad = [
      { endpoint: 'http://push.exemple.test/x', keys: browserKeys().body, rule: 'push_endpoint_https' },
      {
        endpoint: 'https://push.exemple.test/x',
        keys: { ...browserKeys().body, p256dh: randomBytes(65).toString('base64url') },
        rule: 'push_key_invalid',
      },
      {
        endpoint: 'https://push.exemple.test/x',
        keys: { ...browserKeys().body, auth: randomBytes(8).toString('base64url') },
        rule: 'push_key_invalid',
      },
    ];
    for (const { endpoint, keys, rule } of bad) {
      const response = await agent.inject({
        method: 'POST',
        url: '/api/push/subscriptions',
        headers: { 'accept-language': 'en-CA' },
        payload: { endpoint, keys, deviceLabel: 'Poste' },
      });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.details[0].rule).toBe(rule);
      expect(response.json().error.details[0].message).not.toContain('push_');
    }
    expect((await agent.inject({ method: 'GET', url: '/api/push/subscriptions' })).json().items).toEqual([]);
  });

  it('lets a person remove only their own devices, by id or by endpoint, and audits it', async () => {
    const owner = await t.as('pivot');
    const stranger = await t.as('pivot');
    const endpoint = 'https://push.exemple.test/send/owner-device';
    const created = await owner.inject({
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: { endpoint, keys: browserKeys().body, deviceLabel: 'Tablette' },
    });
    const id = (created.json() as { id: string }).id;

    const notMine = await stranger.inject({ method: 'DELETE', url: `/api/push/subscriptions/${id}` });
    expect(notMine.statusCode).toBe(404);
    // Unsubscribing someone else's endpoint changes nothing and says nothing.
    expect(
      (await stranger.inject({ method: 'POST', url: '/api/push/unsubscribe', payload: { endpoint } }))
        .statusCode,
    ).toBe(204);
    expect((await owner.inject({ method: 'GET', url: '/api/push/subscriptions' })).json().items).toHaveLength(
      1,
    );
    expect((await stranger.inject({ method: 'GET', url: '/api/push/subscriptions' })).json().items).toEqual(
      [],
    );

    expect(
      (await owner.inject({ method: 'POST', url: '/api/push/unsubscribe', payload: { endpoint } }))
        .statusCode,
    ).toBe(204);
    expect((await owner.inject({ method: 'GET', url: '/api/push/subscriptions' })).json().items).toEqual([]);

    const again = await owner.inject({
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: { endpoint, keys: browserKeys().body, deviceLabel: 'Tablette' },
    });
    const againId = (again.json() as { id: string }).id;
    expect(
      (await owner.inject({ method: 'DELETE', url: `/api/push/subscriptions/${againId}` })).statusCode,
    ).toBe(204);

    const actions = (await auditEntries(t.platform.db, { actorId: owner.person.id })).map((e) => e.action);
    expect(actions).toEqual([
      'push.subscription.create',
      'push.subscription.delete',
      'push.subscription.create',
      'push.subscription.delete',
    ]);
  });
});

describe('VAPID configuration', () => {
  const base = { FILET_MASTER_KEY: randomBytes(32).toString('base64') };
  it('turns push off without keys and on with valid ones, with the mail sender as default subject', () => {
    expect(loadConfig(base).vapid).toBeNull();
    const config = loadConfig({
      ...base,
      FILET_VAPID_PUBLIC_KEY: vapidKeys.publicKey,
      FILET_VAPID_PRIVATE_KEY: vapidKeys.privateKey,
      MAIL_FROM: 'Filet <filet@region.test>',
    });
    expect(config.vapid).toEqual({ ...vapidKeys, subject: 'mailto:filet@region.test' });
  });

  it('refuses one key without the other, malformed keys and a bad subject, one line each', () => {
    expect(() => loadConfig({ ...base, FILET_VAPID_PUBLIC_KEY: vapidKeys.publicKey })).toThrow(
      /FILET_VAPID_PUBLIC_KEY and FILET_VAPID_PRIVATE_KEY/,
    );
    expect(() =>
      loadConfig({
        ...base,
        FILET_VAPID_PUBLIC_KEY: 'pas-une-cle',
        FILET_VAPID_PRIVATE_KEY: vapidKeys.privateKey,
        FILET_VAPID_SUBJECT: 'filet@region.test',
      }),
    ).toThrow(/FILET_VAPID_PUBLIC_KEY: must be[\s\S]*FILET_VAPID_SUBJECT: must be/);
  });
});

describe('renewal by the service worker (POST /api/push/renew)', () => {
  /** A device of the agent, subscribed through the normal route; returns its endpoint and keys. */
  async function subscribed(agent: Awaited<ReturnType<TestApp['as']>>, label = 'Portable de terrain') {
    const keys = browserKeys();
    const endpoint = `${service.origin}/send/${randomBytes(8).toString('hex')}`;
    const response = await agent.inject({
      method: 'POST',
      url: '/api/push/subscriptions',
      payload: { endpoint, keys: keys.body, deviceLabel: label },
    });
    expect(response.statusCode, response.body).toBe(201);
    return { id: (response.json() as { id: string }).id, endpoint, keys };
  }

  async function rowsOf(personId: string) {
    return t.platform.db
      .selectFrom('push_subscriptions')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('id')
      .execute();
  }

  const auditCount = () => countAuditEntries(t.platform.db);

  /** The service worker's request: no session cookie, no CSRF token, Filet's own origin. */
  function renew(payload: unknown, locale: 'fr-CA' | 'en-CA' = 'fr-CA') {
    return t.app.inject({
      method: 'POST',
      url: '/api/push/renew',
      headers: { origin: t.config.publicUrl, 'accept-language': locale },
      payload: payload as Record<string, unknown>,
    });
  }

  it('replaces the old subscription by the new one for the same person, audited, and pushes reach the new one', async () => {
    const agent = await t.as('police_analyst');
    const old = await subscribed(agent, 'Téléphone du poste');
    const fresh = browserKeys();
    const endpoint = `${service.origin}/send/${randomBytes(8).toString('hex')}`;

    const response = await renew({
      oldEndpoint: old.endpoint,
      oldAuth: old.keys.body.auth,
      endpoint,
      keys: fresh.body,
    });
    expect(response.statusCode, response.body).toBe(204);

    const rows = await rowsOf(agent.person.id);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.id).not.toBe(old.id);
    expect(row!.label).toBe('Téléphone du poste');
    expect(Buffer.from(row!.endpoint_hash).equals(endpointHash(endpoint))).toBe(true);
    expect(t.platform.keyring.decrypt(row!.endpoint, `push_subscriptions.endpoint:${row!.id}`)).toBe(
      endpoint,
    );
    expect(row!.keys).not.toContain(fresh.body.auth);
    expect(
      await t.platform.db
        .selectFrom('push_subscriptions')
        .select('id')
        .where('endpoint_hash', '=', endpointHash(old.endpoint))
        .execute(),
    ).toEqual([]);

    // The person's list shows the device under its name, recognisable by the new endpoint only.
    const devices = (await agent.inject({ method: 'GET', url: '/api/push/subscriptions' })).json() as {
      items: Array<{ id: string; label: string; fingerprint: string }>;
    };
    expect(devices.items).toEqual([
      expect.objectContaining({
        id: row!.id,
        label: 'Téléphone du poste',
        fingerprint: createHash('sha256').update(endpoint).digest('base64url'),
      }),
    ]);

    const audit = await lastAuditEntry(t.platform.db, {
      action: 'push.subscription.renew',
      targetId: row!.id,
    });
    const entry = audit.entry;
    expect(entry.actor).toBe(agent.person.id);
    expect(entry.meta).toMatchObject({ replaced: old.id, duplicate: null });
    expect(audit.raw).not.toContain(endpoint);
    expect(String(audit.entry)).not.toContain(fresh.body.auth);

    // The next notification goes to the new subscription, encrypted for its keys; nothing to the old.
    await t.platform.db
      .transaction()
      .execute((trx) => notifier.notify(trx, agent.person.id, { kind: 'alert.raised', link: '/alertes/77' }));
    const push = await service.waitFor((p) => endpoint.endsWith(p.path));
    await notifier.settled();
    expect(JSON.parse(decryptPush(Buffer.from(push.body, 'base64'), fresh)).url).toBe('/alertes/77');
    expect((await service.requests()).filter((p) => old.endpoint.endsWith(p.path))).toEqual([]);
  });

  it('needs no session nor CSRF token, even with a session cookie, but refuses another origin', async () => {
    const agent = await t.as('pivot');
    const old = await subscribed(agent);
    const withCookie = await t.app.inject({
      method: 'POST',
      url: '/api/push/renew',
      headers: { cookie: agent.cookie, origin: t.config.publicUrl },
      payload: {
        oldEndpoint: old.endpoint,
        oldAuth: old.keys.body.auth,
        endpoint: `${service.origin}/send/${randomBytes(8).toString('hex')}`,
        keys: browserKeys().body,
      },
    });
    expect(withCookie.statusCode, withCookie.body).toBe(204);

    const [current] = await rowsOf(agent.person.id);
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/push/renew',
      headers: { origin: 'https://ailleurs.test' },
      payload: {
        oldEndpoint: old.endpoint,
        oldAuth: old.keys.body.auth,
        endpoint: `${service.origin}/send/${randomBytes(8).toString('hex')}`,
        keys: browserKeys().body,
      },
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(elsewhere.json().error.code).toBe('csrf_failed');
    expect((await rowsOf(agent.person.id)).map((r) => r.id)).toEqual([current!.id]);
  });

  it('answers a wrong secret exactly like an unknown endpoint: 404, translated, nothing changed', async () => {
    const agent = await t.as('investigator');
    const old = await subscribed(agent);
    const before = await rowsOf(agent.person.id);
    const audits = await auditCount();
    const next = () => ({
      endpoint: `${service.origin}/send/${randomBytes(8).toString('hex')}`,
      keys: browserKeys().body,
    });

    const wrongSecret = await renew(
      { oldEndpoint: old.endpoint, oldAuth: randomBytes(16).toString('base64url'), ...next() },
      'en-CA',
    );
    const unknown = await renew(
      {
        oldEndpoint: `${service.origin}/send/inconnu-${randomBytes(8).toString('hex')}`,
        oldAuth: old.keys.body.auth,
        ...next(),
      },
      'en-CA',
    );
    // The secret of another of Filet's subscriptions is no proof for this one either.
    const other = await subscribed(await t.as('pivot'));
    const crossed = await renew(
      { oldEndpoint: old.endpoint, oldAuth: other.keys.body.auth, ...next() },
      'en-CA',
    );
    // Nor is part of the right secret.
    const truncated = await renew(
      { oldEndpoint: old.endpoint, oldAuth: old.keys.body.auth.slice(0, -2), ...next() },
      'en-CA',
    );
    for (const response of [wrongSecret, unknown, crossed, truncated]) {
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json()).toEqual(wrongSecret.json());
    }
    expect(wrongSecret.json().error.code).toBe('not_found');
    expect(wrongSecret.json().error.message).not.toMatch(/not_found|errors\./);
    const french = await renew({ oldEndpoint: old.endpoint, oldAuth: other.keys.body.auth, ...next() });
    expect(french.statusCode).toBe(404);
    expect(french.json().error.message).not.toBe(wrongSecret.json().error.message);

    expect(await rowsOf(agent.person.id)).toEqual(before);
    // One audit entry: the other person's subscription; no renewal was recorded.
    expect(await auditCount()).toBe(audits + 1);
  });

  it('keeps no device of a disabled account alive: no renewal, no push', async () => {
    const agent = await t.as('pivot');
    const old = await subscribed(agent);
    await t.platform.db
      .updateTable('people')
      .set({ status: 'disabled' })
      .where('id', '=', agent.person.id)
      .execute();
    const before = await rowsOf(agent.person.id);
    const response = await renew({
      oldEndpoint: old.endpoint,
      oldAuth: old.keys.body.auth,
      endpoint: `${service.origin}/send/${randomBytes(8).toString('hex')}`,
      keys: browserKeys().body,
    });
    expect(response.statusCode, response.body).toBe(404);
    expect(await rowsOf(agent.person.id)).toEqual(before);

    // A notification addressed to the disabled person reaches none of their devices; an active
    // person's in the same fan-out does.
    const active = await t.as('pivot');
    const live = await subscribed(active);
    await t.platform.db.transaction().execute((trx) =>
      notifier.notify(trx, [agent.person.id, active.person.id], {
        kind: 'alert.raised',
        link: '/alertes/88',
      }),
    );
    await service.waitFor((p) => live.endpoint.endsWith(p.path));
    await notifier.settled();
    expect((await service.requests()).filter((p) => old.endpoint.endsWith(p.path))).toEqual([]);
  });

  it('refuses the new endpoint of another person’s device with the same 404, and changes nothing', async () => {
    const agent = await t.as('pivot');
    const stranger = await t.as('pivot');
    const old = await subscribed(agent);
    const theirs = await subscribed(stranger);
    const response = await renew({
      oldEndpoint: old.endpoint,
      oldAuth: old.keys.body.auth,
      endpoint: theirs.endpoint,
      keys: browserKeys().body,
    });
    expect(response.statusCode).toBe(404);
    expect((await rowsOf(agent.person.id)).map((r) => r.id)).toEqual([old.id]);
    expect((await rowsOf(stranger.person.id)).map((r) => r.id)).toEqual([theirs.id]);
  });

  it('keeps one device when the new endpoint was already registered by the page for the same person', async () => {
    const agent = await t.as('worker');
    const old = await subscribed(agent, 'Ordinateur');
    const already = await subscribed(agent, 'Ordinateur');
    const response = await renew({
      oldEndpoint: old.endpoint,
      oldAuth: old.keys.body.auth,
      endpoint: already.endpoint,
      keys: already.keys.body,
    });
    expect(response.statusCode, response.body).toBe(204);
    const rows = await rowsOf(agent.person.id);
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.endpoint_hash).equals(endpointHash(already.endpoint))).toBe(true);
    expect(rows[0]!.id).not.toBe(old.id);
    expect(rows[0]!.id).not.toBe(already.id);
  });

  it('refuses a malformed body or a new subscription Filet would not store, translated, nothing changed', async () => {
    const agent = await t.as('police_analyst');
    const old = await subscribed(agent);
    const before = await rowsOf(agent.person.id);
    const audits = await auditCount();
    const proof = { oldEndpoint: old.endpoint, oldAuth: old.keys.body.auth };
    const https = () => `${service.origin}/send/${randomBytes(8).toString('hex')}`;
    const cases: Array<[unknown, string, string]> = [
      [{ ...proof, endpoint: https() }, 'keys', 'required'],
      [
        { ...proof, endpoint: https(), keys: browserKeys().body, deviceLabel: 'x' },
        'deviceLabel',
        'unknown_field',
      ],
      [{ oldEndpoint: old.endpoint, endpoint: https(), keys: browserKeys().body }, 'oldAuth', 'required'],
      [
        { ...proof, oldAuth: 'pas un secret!', endpoint: https(), keys: browserKeys().body },
        'oldAuth',
        'pattern',
      ],
      [{ ...proof, endpoint: 'x'.repeat(1001), keys: browserKeys().body }, 'endpoint', 'too_long'],
      [
        { ...proof, endpoint: 'http://push.exemple.test/x', keys: browserKeys().body },
        'endpoint',
        'push_endpoint_https',
      ],
      [
        { ...proof, endpoint: 'https://moi:secret@push.exemple.test/x', keys: browserKeys().body },
        'endpoint',
        'push_endpoint_https',
      ],
      [
        {
          ...proof,
          endpoint: https(),
          keys: { ...browserKeys().body, p256dh: randomBytes(65).toString('base64url') },
        },
        'keys.p256dh',
        'push_key_invalid',
      ],
      [
        {
          ...proof,
          endpoint: https(),
          keys: { ...browserKeys().body, auth: randomBytes(8).toString('base64url') },
        },
        'keys.auth',
        'push_key_invalid',
      ],
      [
        { ...proof, endpoint: https(), keys: { ...browserKeys().body, extra: 'x' } },
        'keys.extra',
        'unknown_field',
      ],
    ];
    for (const [payload, field, rule] of cases) {
      for (const locale of ['fr-CA', 'en-CA'] as const) {
        const response = await renew(payload, locale);
        expect(response.statusCode, `${field} ${rule}: ${response.body}`).toBe(400);
        const [detail] = response.json().error.details as Array<{
          field: string;
          rule: string;
          message: string;
        }>;
        expect(detail).toMatchObject({ field, rule });
        expect(detail!.message).not.toMatch(/push_|validation\.|fields\./);
      }
    }
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/push/renew',
      headers: { 'content-type': 'application/json' },
      payload: '{"oldEndpoint": ',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('invalid_json');
    expect(await rowsOf(agent.person.id)).toEqual(before);
    expect(await auditCount()).toBe(audits);
  });

  it('refuses renewals when push is off on this server', async () => {
    const response = await disabled.app.inject({
      method: 'POST',
      url: '/api/push/renew',
      payload: {
        oldEndpoint: 'https://push.exemple.test/ancien',
        oldAuth: randomBytes(16).toString('base64url'),
        endpoint: 'https://push.exemple.test/nouveau',
        keys: browserKeys().body,
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0]).toMatchObject({ field: 'endpoint', rule: 'push_disabled' });
  });
});
