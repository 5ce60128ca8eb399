import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { openFollowUp } from './follow-up.service.js';

let t: TestApp;
let service: string;
let otherService: string;
let analyst: Agent;
let foreignAnalyst: Agent;

beforeAll(async () => {
  t = await createTestApp();
  service = await t.createOrganisation({ type: 'police', name: 'Police fictive A' });
  otherService = await t.createOrganisation({ type: 'police', name: 'Police fictive B' });
  analyst = await t.as('police_analyst', { organisationId: service });
  foreignAnalyst = await t.as('police_analyst', { organisationId: otherService });
});
afterAll(async () => {
  await t.close();
});

async function phoneTip(agent: Agent, payload: Record<string, unknown> = {}) {
  const response = await agent.inject({
    method: 'POST',
    url: '/api/tips',
    payload: { channel: 'place', facts: 'Un appel fictif au sujet d’un motel.', ...payload },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; receipt: string };
}

describe('tips API', () => {
  it('lets a call-taker enter a phone tip with a receipt the caller can follow up with', async () => {
    const { id, receipt } = await phoneTip(analyst, { contact: 'Rappeler au 555-0100 (fictif)' });
    expect(receipt).toMatch(/^\d{16}$/);
    const view = await openFollowUp(t.platform, receipt);
    expect(view.questions).toEqual([]);
    const row = await t.platform.db
      .selectFrom('tips')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.content).not.toContain('motel');
    expect(row.receipt_hash).not.toContain(receipt);
    expect(row.source).toBe('phone');
  });

  it('refuses bad input with field problems and stores nothing', async () => {
    const response = await analyst.inject({
      method: 'POST',
      url: '/api/tips',
      payload: { channel: 'place', facts: 'x', online: 'https://exemple.test', surprise: 1 },
    });
    expect(response.statusCode).toBe(400);
    const wrongOnline = await analyst.inject({
      method: 'POST',
      url: '/api/tips',
      payload: { channel: 'place', facts: 'Des faits', online: 'https://exemple.test' },
    });
    expect(wrongOnline.statusCode).toBe(400);
    expect(wrongOnline.json().error.details[0].field).toBe('online');
    const blank = await analyst.inject({
      method: 'POST',
      url: '/api/tips',
      payload: { channel: 'other', facts: '   ' },
    });
    expect(blank.statusCode).toBe(400);
  });

  it('scopes the queue: the service for analysts, their units for investigators, nothing for others', async () => {
    const { id: assigned } = await phoneTip(analyst);
    const { id: unassigned } = await phoneTip(analyst);
    const investigator = await t.as('investigator', { organisationId: service });
    const unit = await analyst.inject({
      method: 'POST',
      url: '/api/tips/units',
      payload: { name: 'Unité exploitation fictive', memberIds: [investigator.person.id] },
    });
    expect(unit.statusCode, unit.body).toBe(201);
    const unitId = unit.json().id as string;
    const triage = await analyst.inject({
      method: 'PATCH',
      url: `/api/tips/${assigned}`,
      payload: { unitId, priority: 'high', category: 'pimp_network' },
    });
    expect(triage.statusCode, triage.body).toBe(200);
    expect(triage.json()).toMatchObject({
      status: 'assigned',
      priority: 'high',
      category: 'pimp_network',
      unitId,
    });

    const analystQueue = (await analyst.inject({ method: 'GET', url: '/api/tips' }))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(analystQueue).toEqual(expect.arrayContaining([assigned, unassigned]));
    const investigatorQueue = (await investigator.inject({ method: 'GET', url: '/api/tips' })).json().items;
    expect(investigatorQueue.map((i: { id: string }) => i.id)).toEqual([assigned]);
    expect(investigatorQueue[0]).not.toHaveProperty('content');
    expect((await foreignAnalyst.inject({ method: 'GET', url: '/api/tips' })).json().items).toEqual([]);

    const purpose = '?purpose=Enqu%C3%AAte%20fictive';
    expect(
      (await investigator.inject({ method: 'GET', url: `/api/tips/${assigned}${purpose}` })).statusCode,
    ).toBe(200);
    expect(
      (await investigator.inject({ method: 'GET', url: `/api/tips/${unassigned}${purpose}` })).statusCode,
    ).toBe(404);
    expect(
      (await foreignAnalyst.inject({ method: 'GET', url: `/api/tips/${assigned}${purpose}` })).statusCode,
    ).toBe(404);
    // Investigators read and ask, but do not triage.
    expect(
      (
        await investigator.inject({
          method: 'PATCH',
          url: `/api/tips/${assigned}`,
          payload: { priority: 'low' },
        })
      ).statusCode,
    ).toBe(403);
    const worker = await t.as('worker', { organisationId: service });
    expect((await worker.inject({ method: 'GET', url: '/api/tips' })).statusCode).toBe(403);
    const coordinator = await t.as('table_coordinator');
    expect(
      (await coordinator.inject({ method: 'GET', url: `/api/tips/${assigned}${purpose}` })).statusCode,
    ).toBe(403);
  });

  it('requires a purpose to read, and audits every read with it (no content in the audit)', async () => {
    const { id } = await phoneTip(analyst, { facts: 'Texte-témoin-audit fictif.' });
    expect((await analyst.inject({ method: 'GET', url: `/api/tips/${id}` })).statusCode).toBe(400);
    const read = await analyst.inject({ method: 'GET', url: `/api/tips/${id}?purpose=Triage%20du%20matin` });
    expect(read.statusCode).toBe(200);
    expect(read.json().content.facts).toBe('Texte-témoin-audit fictif.');
    const entries = await t.platform.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', id)
      .where('action', '=', 'tips.tip.read')
      .execute();
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.entry).purpose).toBe('Triage du matin');
    expect(JSON.stringify(entries)).not.toContain('Texte-témoin-audit');
  });

  it('opens the identity vault only for the service’s analysts, with a purpose, audited', async () => {
    const { id } = await phoneTip(analyst, { contact: 'Coordonnées fictives 555-0199' });
    const investigator = await t.as('investigator', { organisationId: service });
    expect(
      (
        await investigator.inject({
          method: 'POST',
          url: `/api/tips/${id}/identity`,
          payload: { purpose: 'Rappel' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await foreignAnalyst.inject({
          method: 'POST',
          url: `/api/tips/${id}/identity`,
          payload: { purpose: 'Rappel' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await analyst.inject({ method: 'POST', url: `/api/tips/${id}/identity`, payload: {} })).statusCode,
    ).toBe(400);
    const opened = await analyst.inject({
      method: 'POST',
      url: `/api/tips/${id}/identity`,
      payload: { purpose: 'Rappeler la personne pour préciser le lieu' },
    });
    expect(opened.json()).toEqual({ contact: 'Coordonnées fictives 555-0199' });
    const stored = await t.platform.db
      .selectFrom('tip_identities')
      .selectAll()
      .where('tip_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.contact).not.toContain('555-0199');
    const audit = await t.platform.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', id)
      .where('action', '=', 'tips.identity.read')
      .execute();
    expect(audit.map((a) => JSON.parse(a.entry).purpose)).toEqual([
      'Rappeler la personne pour préciser le lieu',
    ]);
  });

  it('links tips of the same service and refuses foreign units, foreign tips and self-links', async () => {
    const { id: a } = await phoneTip(analyst);
    const { id: b } = await phoneTip(analyst);
    const { id: foreign } = await phoneTip(foreignAnalyst);
    expect(
      (await analyst.inject({ method: 'POST', url: `/api/tips/${a}/links`, payload: { otherId: b } }))
        .statusCode,
    ).toBe(204);
    expect(
      (await analyst.inject({ method: 'POST', url: `/api/tips/${a}/links`, payload: { otherId: a } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await analyst.inject({ method: 'POST', url: `/api/tips/${a}/links`, payload: { otherId: foreign } }))
        .statusCode,
    ).toBe(400);
    const detail = await analyst.inject({ method: 'GET', url: `/api/tips/${b}?purpose=Liens` });
    expect(detail.json().linkedTipIds).toEqual([a]);
    const foreignUnit = await foreignAnalyst.inject({
      method: 'POST',
      url: '/api/tips/units',
      payload: { name: 'Unité B', memberIds: [] },
    });
    const bad = await analyst.inject({
      method: 'PATCH',
      url: `/api/tips/${a}`,
      payload: { unitId: foreignUnit.json().id },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('unitId');
    const badMember = await analyst.inject({
      method: 'POST',
      url: '/api/tips/units',
      payload: { name: 'Unité C', memberIds: [foreignAnalyst.person.id] },
    });
    expect(badMember.statusCode).toBe(400);
  });

  it('gives the web app its permissions', async () => {
    const session = await analyst.inject({ method: 'GET', url: '/api/auth/session' });
    expect(session.json().permissions).toMatchObject({ 'tips.queue': true, 'tips.triage': true });
  });
});
