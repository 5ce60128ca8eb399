import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { lastAuditEntry } from '../../../../test/support/audit.js';
import { parseCsv } from '../../../../test/support/csv.js';
import { REGION_TIME_ZONE, zonedMidnightUtc } from '../../../shared/time-zone.js';
import { csvCell } from '../http/csv.js';
import { t as translate } from '../i18n/i18n.js';
import { type AuditEvent, createAuditWriter } from './audit.js';
import { verifyAuditChain } from './verify.js';

let t: TestApp;
let admin: Agent;
let privacy: Agent;
let worker: Agent;
const TARGET = '6f1c1d4e-3b1a-4c55-9a0e-2d8f3e5b7a10';

/** Writes an event at a chosen instant with the platform's own chain key. */
/** Writes an entry at a given moment; its action may be any name an entry was ever written with. */
async function eventAt(iso: string, event: Omit<AuditEvent, 'action'> & { action: string }) {
  const writer = createAuditWriter(
    () => t.platform.keyring.auditChainKey(),
    () => new Date(iso),
  );
  return t.platform.db.transaction().execute((trx) => writer.append(trx, event as AuditEvent));
}

beforeAll(async () => {
  t = await createTestApp({ now: () => new Date('2026-11-22T15:00:00Z') });
  admin = await t.as('admin');
  privacy = await t.as('privacy_officer');
  worker = await t.as(['worker', 'pivot', 'table_coordinator']);
  // Evening of Feb 28 and just after midnight on Mar 1, Toronto time (UTC-5 in winter).
  await eventAt('2025-03-01T04:30:00.000Z', {
    actor: worker.person.id,
    action: 'alert.read',
    targetType: 'alert',
    targetId: TARGET,
    purpose: 'suivi',
  });
  await eventAt('2025-03-01T05:30:00.000Z', {
    actor: worker.person.id,
    action: 'alert.share',
    targetType: 'alert',
    targetId: TARGET,
  });
  await eventAt('2025-07-01T12:00:00.000Z', {
    actor: null,
    action: 'tip.triage',
    purpose: '=HYPERLINK("http://evil.test","clic")',
    meta: { note: 'virgule, "guillemets"\nligne', count: 2 },
  });
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/audit', () => {
  it('is refused to other roles and to the public', async () => {
    expect((await worker.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(403);
    expect((await worker.inject({ method: 'GET', url: '/api/audit/export.csv' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/audit/export.csv' })).statusCode).toBe(401);
  });

  it('lists entries newest first with the actor’s name, and journals the search', async () => {
    const response = await admin.inject({ method: 'GET', url: `/api/audit?targetId=${TARGET}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((i: { action: string }) => i.action)).toEqual(['alert.share', 'alert.read']);
    expect(body.items[1]).toEqual({
      seq: expect.any(Number),
      at: '2025-03-01T04:30:00.000Z',
      actorId: worker.person.id,
      actorName: 'Test Fictif',
      action: 'alert.read',
      targetType: 'alert',
      targetId: TARGET,
      outcome: 'success',
      purpose: 'suivi',
      meta: {},
    });
    const journal = await lastAuditEntry(t.platform.db, 'audit.log.search');
    expect(journal.actorId).toBe(admin.person.id);
    expect(journal.entry.meta).toEqual({ targetId: TARGET, count: 2 });
  });

  it('filters by actor, action prefix and local dates in the region’s time zone', async () => {
    const byDay = await privacy.inject({ method: 'GET', url: '/api/audit?from=2025-03-01&to=2025-03-01' });
    expect(byDay.statusCode).toBe(200);
    expect(byDay.json().items.map((i: { action: string }) => i.action)).toEqual(['alert.share']);
    const dayBefore = await privacy.inject({
      method: 'GET',
      url: '/api/audit?from=2025-02-28&to=2025-02-28',
    });
    expect(dayBefore.json().items.map((i: { action: string }) => i.action)).toEqual(['alert.read']);
    const byPrefix = await privacy.inject({
      method: 'GET',
      url: `/api/audit?action=alert.&actorId=${worker.person.id}`,
    });
    expect(byPrefix.json().items).toHaveLength(2);
    const tip = await privacy.inject({ method: 'GET', url: '/api/audit?action=tip' });
    expect(tip.json().items).toMatchObject([
      {
        action: 'tip.triage',
        actorId: null,
        actorName: null,
        meta: { note: 'virgule, "guillemets"\nligne', count: 2 },
      },
    ]);
    const none = await privacy.inject({ method: 'GET', url: '/api/audit?action=alert_' });
    expect(none.json().items).toHaveLength(0);
  });

  it('pages by cursor without overlap', async () => {
    for (let i = 0; i < 60; i++)
      await eventAt('2025-08-01T12:00:00.000Z', { actor: null, action: 'test.page', meta: { i } });
    const first = (await admin.inject({ method: 'GET', url: '/api/audit?action=test.page' })).json();
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).toBe(first.items[49].seq);
    const second = (
      await admin.inject({ method: 'GET', url: `/api/audit?action=test.page&cursor=${first.nextCursor}` })
    ).json();
    expect(second.items).toHaveLength(10);
    expect(second.nextCursor).toBeNull();
    const seqs = [...first.items, ...second.items].map((i: { seq: number }) => i.seq);
    expect(new Set(seqs).size).toBe(60);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it('answers 400 to malformed filters', async () => {
    for (const query of [
      'actorId=not-a-uuid',
      'targetId=123',
      'from=2025-3-1',
      'to=2025-02-30',
      'cursor=0',
      // Beyond what a sequence number can be: these once reached SQL and answered 500.
      'cursor=1e20',
      'cursor=1e308',
      'cursor=Infinity',
      'to=9999-12-31',
      'from=0000-01-01',
      'action=DROP%20TABLE',
      'unknown=1',
    ]) {
      const response = await admin.inject({ method: 'GET', url: `/api/audit?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.code).toBe('validation_failed');
    }
    expect(
      (await admin.inject({ method: 'GET', url: '/api/audit/export.csv?from=yesterday' })).statusCode,
    ).toBe(400);
  });
});

describe('GET /api/audit/export.csv', () => {
  it('exports the filtered journal as CSV with translated headers, quoting and a formula guard', async () => {
    // Headers follow the person's chosen language, whatever the browser sends.
    const english = await t.signIn(await t.createPerson({ roles: ['privacy_officer'], locale: 'en-CA' }));
    const response = await english.inject({
      method: 'GET',
      url: '/api/audit/export.csv?from=2025-02-01&to=2025-07-31',
      headers: { 'accept-language': 'fr-CA' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="journal-audit-2026-11-22.csv"',
    );
    const rows = parseCsv(response.body.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(
      [
        'seq',
        'at',
        'actorId',
        'actorName',
        'action',
        'targetType',
        'targetId',
        'outcome',
        'purpose',
        'meta',
      ].map((c) => translate('en-CA', `audit.csv.${c}`)),
    );
    const data = rows.slice(1);
    expect(data.map((r) => r[4])).toEqual(['tip.triage', 'alert.share', 'alert.read']);
    const [tip, share, read] = data as [string[], string[], string[]];
    expect(tip[8]).toBe('\'=HYPERLINK("http://evil.test","clic")');
    expect(JSON.parse(tip[9]!)).toEqual({ note: 'virgule, "guillemets"\nligne', count: 2 });
    expect(tip[1]).toBe('2025-07-01T08:00:00-04:00');
    expect(share[1]).toBe('2025-03-01T00:30:00-05:00');
    expect(read[3]).toBe('Test Fictif');
    expect(read[2]).toBe(worker.person.id);

    const journal = await lastAuditEntry(t.platform.db, 'audit.log.export');
    expect(journal.entry.meta).toEqual({ from: '2025-02-01', to: '2025-07-31', count: 3 });
  });

  it('leaves the chain intact after searches and exports', async () => {
    expect((await verifyAuditChain(t.platform.db, t.platform.keyring.auditChainKey())).ok).toBe(true);
  });
});

describe('helpers', () => {
  it('quotes CSV cells and defuses formulas', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(12)).toBe('12');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+33')).toBe("'+33");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=A1,B1')).toBe('"\'=A1,B1"');
  });

  it('finds local midnight in America/Toronto across daylight saving time', () => {
    expect(zonedMidnightUtc('2025-01-15', REGION_TIME_ZONE).toISOString()).toBe('2025-01-15T05:00:00.000Z');
    expect(zonedMidnightUtc('2025-07-15', REGION_TIME_ZONE).toISOString()).toBe('2025-07-15T04:00:00.000Z');
    expect(zonedMidnightUtc('2025-03-09', REGION_TIME_ZONE).toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(zonedMidnightUtc('2025-03-10', REGION_TIME_ZONE).toISOString()).toBe('2025-03-10T04:00:00.000Z');
    expect(zonedMidnightUtc('2025-11-02', REGION_TIME_ZONE).toISOString()).toBe('2025-11-02T04:00:00.000Z');
  });
});

// Last: its entries would show in the searches above.
describe('older action names', () => {
  it('shows an entry written under an older action name under its name of today, and finds it by either', async () => {
    const target = '5c1c0f52-3f4d-4d1e-9a43-0d5c1e0b7a21';
    // Written before the catalogue named actions `module.noun.verb`; the chain keeps the old name.
    await eventAt('2025-09-01T12:00:00.000Z', {
      actor: null,
      action: 'tips.read',
      targetType: 'tip',
      targetId: target,
    });
    await eventAt('2025-09-02T12:00:00.000Z', {
      actor: null,
      action: 'tips.tip.read',
      targetType: 'tip',
      targetId: target,
    });
    for (const action of ['tips.tip.read', 'tips.tip.', 'tips.', 'tips.read']) {
      const found = await privacy.inject({
        method: 'GET',
        url: `/api/audit?targetId=${target}&action=${action}`,
      });
      expect(found.statusCode).toBe(200);
      const expected = action === 'tips.read' ? ['tips.tip.read'] : ['tips.tip.read', 'tips.tip.read'];
      expect(
        found.json().items.map((i: { action: string }) => i.action),
        action,
      ).toEqual(expected);
    }
    const other = await privacy.inject({
      method: 'GET',
      url: `/api/audit?targetId=${target}&action=tips.note.`,
    });
    expect(other.json().items).toEqual([]);
    // The CSV export is the journal's record: each entry under the name it was written with.
    const csv = await privacy.inject({ method: 'GET', url: `/api/audit/export.csv?targetId=${target}` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(',tips.read,');
    expect(csv.body).toContain(',tips.tip.read,');
  });
});
