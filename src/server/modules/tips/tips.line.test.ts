import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { AppError } from '../../platform/errors.js';
import { submitPublicTip } from './intake.service.js';

/**
 * The police service receiving the public line is a setting of the table: named by the table
 * coordination or the administration, checked, audited, shown to the police desk. Until it is set the
 * public form is closed and stores nothing.
 */

let t: TestApp;
let coordination: Agent;
let municipal: string;
let provincial: string;

beforeAll(async () => {
  t = await createTestApp();
  coordination = await t.as('table_coordinator');
  // By name, the municipal service comes first; the table names the provincial police on purpose.
  municipal = await t.createOrganisation({ type: 'police', name: 'A — Service de police fictif' });
  provincial = await t.createOrganisation({ type: 'provincial_police', name: 'Z — Sûreté fictive' });
});
afterAll(async () => {
  await t.close();
});

async function count(table: 'tips' | 'tip_form_tokens_spent' | 'tip_receipt_tickets'): Promise<number> {
  const row = await t.platform.db
    .selectFrom(table)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

const setLine = (agent: Agent, receivingServiceId: string) =>
  agent.inject({ method: 'PUT', url: '/api/tips/line', payload: { receivingServiceId } });

describe('a line with no receiving police service', () => {
  it('says so on the public pages, in both languages, and stores nothing', async () => {
    const french = await t.app.inject({ method: 'GET', url: '/signalement' });
    expect(french.statusCode).toBe(200);
    expect(french.body).toContain('La ligne de signalement n’est pas encore ouverte');
    expect(french.body).toContain('911');
    expect(french.body).not.toContain('<form');
    const english = await t.app.inject({ method: 'GET', url: '/en/report' });
    expect(english.body).toContain('The tip line is not open yet');
    expect(english.body).toContain('Cybertip.ca');

    const sent = await t.app.inject({
      method: 'POST',
      url: '/signalement',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'token=tip.abc.def.ghi&channel=other&facts=Un+r%C3%A9cit+fictif.',
    });
    expect(sent.statusCode).toBe(409);
    expect(sent.body).toContain('La ligne de signalement n’est pas encore ouverte');
    await expect(submitPublicTip(t.platform, { channel: 'other', facts: 'Récit fictif.' })).rejects.toSatisfy(
      (error) => error instanceof AppError && error.status === 409,
    );
    expect(await count('tips')).toBe(0);
    expect(await count('tip_form_tokens_spent')).toBe(0);
    expect(await count('tip_receipt_tickets')).toBe(0);
    // Following up on tips received before stays possible.
    expect((await t.app.inject({ method: 'GET', url: '/signalement/suivi' })).statusCode).toBe(200);
  });

  it('is shown as closed on the police desk', async () => {
    const analyst = await t.as('police_analyst', { organisationId: municipal });
    const line = await analyst.inject({ method: 'GET', url: '/api/tips/line' });
    expect(line.statusCode).toBe(200);
    expect(line.json()).toEqual({ receivingService: null, updatedAt: null, canEdit: false, candidates: [] });
  });
});

describe('naming the receiving police service', () => {
  it('is for the table coordination and the administration only', async () => {
    for (const role of ['police_analyst', 'investigator', 'org_coordinator', 'worker'] as const) {
      const agent = await t.as(role, { organisationId: municipal });
      expect((await setLine(agent, municipal)).statusCode, role).toBe(403);
    }
    const session = await coordination.inject({ method: 'GET', url: '/api/auth/session' });
    expect(session.json().permissions['tips.line']).toBe(true);
  });

  it('takes only an active police or provincial police organisation, with a translated message', async () => {
    const community = await t.createOrganisation({ type: 'community' });
    const closedService = await t.createOrganisation({ type: 'police', name: 'Police fictive fermée' });
    await t.platform.db
      .updateTable('organisations')
      .set({ active: false })
      .where('id', '=', closedService)
      .execute();
    for (const id of [community, closedService, '00000000-0000-4000-8000-000000000000']) {
      const refused = await setLine(coordination, id);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.details[0]).toMatchObject({ field: 'receivingServiceId' });
      expect(refused.json().error.details[0].message).toContain(
        'choisissez une organisation active de type police ou police provinciale',
      );
    }
    const englishSpeaker = await t.signIn(
      await t.createPerson({ roles: ['table_coordinator'], locale: 'en-CA' }),
    );
    const english = await setLine(englishSpeaker, community);
    expect(english.json().error.details[0].message).toContain(
      'choose an active organisation of type police or provincial police',
    );
    expect(await t.platform.db.selectFrom('tip_line_settings').selectAll().execute()).toEqual([]);
    const candidates = (await coordination.inject({ method: 'GET', url: '/api/tips/line' })).json()
      .candidates;
    expect(candidates.map((c: { id: string }) => c.id)).toEqual([municipal, provincial]);
  });

  it('is audited, shown to the police desk, and receives the tips of the public form', async () => {
    const set = await setLine(coordination, provincial);
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({
      receivingService: { id: provincial, name: 'Z — Sûreté fictive', active: true },
      canEdit: true,
    });
    const admin = await t.as('admin');
    expect((await setLine(admin, municipal)).statusCode).toBe(200);
    expect((await setLine(admin, provincial)).statusCode).toBe(200);
    const audit = await t.platform.db
      .selectFrom('audit_log')
      .select(['actor_id', 'target_id', 'entry'])
      .where('action', '=', 'tips.receiving_service.set')
      .orderBy('seq')
      .execute();
    expect(audit.map((e) => [e.actor_id, e.target_id])).toEqual([
      [coordination.person.id, provincial],
      [admin.person.id, municipal],
      [admin.person.id, provincial],
    ]);
    expect(JSON.parse(audit[1]!.entry).meta).toEqual({ previous: provincial });

    const investigator = await t.as('investigator', { organisationId: provincial });
    const desk = await investigator.inject({ method: 'GET', url: '/api/tips/line' });
    expect(desk.json().receivingService).toEqual({
      id: provincial,
      name: 'Z — Sûreté fictive',
      active: true,
    });

    // The form is open, and a tip goes to the service the table named, not the first one by name.
    const form = await t.app.inject({ method: 'GET', url: '/signalement' });
    expect(form.body).toContain('name="token"');
    await submitPublicTip(t.platform, { channel: 'place', facts: 'Récit fictif pour la Sûreté.' });
    const tips = await t.platform.db.selectFrom('tips').select('service_id').execute();
    expect(tips).toEqual([{ service_id: provincial }]);
  });
});
