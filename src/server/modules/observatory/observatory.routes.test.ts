import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { auditEntries } from '../../../../test/support/audit.js';
import { race, rowCount } from '../../../../test/support/concurrency.js';
import { pdfText } from '../../../../test/support/pdf.js';
import { recomputable } from '../../../../test/support/suppression-check.js';
import type { Platform } from '../../platform/platform.js';
import { checkResearchYear } from './research.service.js';

// Monday 15 June 2026, 10:00 in Montréal: June 2026 is the current month, July is the future.
const now = new Date('2026-06-15T14:00:00Z');
let t: TestApp;

interface World {
  orgA: string;
  orgB: string;
  pivotA: Agent;
  pivotB: Agent;
  coordinatorA: Agent;
  coordinatorB: Agent;
  table: Agent;
  table2: Agent;
  researcher: Agent;
  researcher2: Agent;
  worker: Agent;
}
let w: World;

async function withMandate(agent: Agent): Promise<Agent> {
  await t.platform.db
    .insertInto('pivot_mandates')
    .values({
      person_id: agent.person.id,
      organisation_id: agent.person.organisationId,
      start_on: '2024-01-01',
    })
    .execute();
  return agent;
}

async function record(agent: Agent, body: Record<string, unknown> = {}) {
  const response = await agent.inject({
    method: 'POST',
    url: '/api/observatory/observations',
    payload: { month: '2026-05', placeType: 'school', recruitmentMethods: ['peer_friend'], ...body },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; textStatus: string; canEdit: boolean };
}

/** As if these observations had been recorded at `at` (their facets keep the creation too). */
async function backdate(ids: string[], at: string) {
  await t.platform.db
    .updateTable('observations')
    .set({ created_at: new Date(at) })
    .where('id', 'in', ids)
    .execute();
  await t.platform.db
    .updateTable('observation_facets')
    .set({ created_at: new Date(at) })
    .where('observation_id', 'in', ids)
    .execute();
}

const inFrench = (options: InjectOptions): InjectOptions => ({
  ...options,
  headers: { ...(options.headers ?? {}), 'accept-language': 'fr-CA' },
});
/** The same person's request, from a colleague who chose English (the session's locale wins). */
async function english(role: 'pivot' | 'table_coordinator', organisationId?: string): Promise<Agent> {
  const person = await t.createPerson({
    roles: [role],
    locale: 'en-CA',
    ...(organisationId ? { organisationId } : {}),
  });
  const agent = await t.signIn(person);
  return role === 'pivot' ? withMandate(agent) : agent;
}

beforeAll(async () => {
  t = await createTestApp({ now: () => now });
  const orgA = await t.createOrganisation({ type: 'community' });
  const orgB = await t.createOrganisation({ type: 'school_service_centre' });
  w = {
    orgA,
    orgB,
    pivotA: await withMandate(await t.as('pivot', { organisationId: orgA })),
    pivotB: await withMandate(await t.as('pivot', { organisationId: orgB })),
    coordinatorA: await t.as('org_coordinator', { organisationId: orgA }),
    coordinatorB: await t.as('org_coordinator', { organisationId: orgB }),
    table: await t.as('table_coordinator'),
    table2: await t.as('table_coordinator'),
    researcher: await t.as('researcher'),
    researcher2: await t.as('researcher'),
    worker: await t.as('worker', { organisationId: orgA }),
  };
});
afterAll(async () => {
  await t.close();
});

describe('recording observations', () => {
  it('records an observation with its facets, its sealed text pending review, and an audit entry', async () => {
    const text = 'Des jeunes de secondaire 3 parlent d’un recruteur qui offre des cadeaux.';
    const created = await record(w.pivotA, {
      ageRanges: ['14_15'],
      genders: ['girls', 'boys'],
      girlsSeen: 3,
      text,
    });
    expect(created.textStatus).toBe('pending');
    expect(created.canEdit).toBe(true);
    const row = await t.platform.db
      .selectFrom('observations')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.sealed_text).not.toContain('recruteur');
    expect(row.organisation_id).toBe(w.orgA);
    const facets = await t.platform.db
      .selectFrom('observation_facets')
      .select(['dimension', 'value'])
      .where('observation_id', '=', created.id)
      .execute();
    expect(facets.map((f) => `${f.dimension}:${f.value}`).sort()).toEqual(
      [
        'age_range:14_15',
        'all:',
        'gender:boys',
        'gender:girls',
        'method:peer_friend',
        'place_type:school',
      ].sort(),
    );
    const [entry] = await auditEntries(t.platform.db, {
      action: 'observatory.observation.record',
      targetId: created.id,
    });
    expect(entry?.actorId).toBe(w.pivotA.person.id);
    expect(entry?.raw).not.toContain('recruteur');
  });

  it('refuses a pivot without an active mandate, and roles that do not record', async () => {
    const noMandate = await t.as('pivot', { organisationId: w.orgA });
    const before = await rowCount(t, 'observations');
    const refused = await noMandate.inject({
      method: 'POST',
      url: '/api/observatory/observations',
      payload: { month: '2026-05', placeType: 'bar' },
    });
    expect(refused.statusCode).toBe(403);
    for (const agent of [w.coordinatorA, w.table, w.researcher, w.worker]) {
      const response = await agent.inject({
        method: 'POST',
        url: '/api/observatory/observations',
        payload: { month: '2026-05', placeType: 'bar' },
      });
      expect(response.statusCode).toBe(403);
    }
    expect(await rowCount(t, 'observations')).toBe(before);
  });

  it('refuses months PostgreSQL cannot keep (year 0000) or before 2000 with a 400, never a 500', async () => {
    const before = await rowCount(t, 'observations');
    for (const month of ['0000-01', '1900-01']) {
      const recorded = await w.pivotA.inject({
        method: 'POST',
        url: '/api/observatory/observations',
        payload: { month, placeType: 'bar' },
      });
      expect(recorded.statusCode, month).toBe(400);
      expect(recorded.json().error.details[0].field).toBe('month');
    }
    for (const url of [
      '/api/observatory/observations?from=0000-01',
      '/api/observatory/trends?dimension=method&from=0000-01&to=0000-12',
    ]) {
      const agent = url.includes('trends') ? w.table : w.pivotA;
      expect((await agent.inject({ method: 'GET', url })).statusCode, url).toBe(400);
    }
    const exported = await w.researcher.inject({
      method: 'POST',
      url: '/api/observatory/research/exports',
      payload: {
        purpose: 'Une étude fictive assez longue.',
        dimensions: ['gender'],
        from: '0000-01',
        to: '0000-12',
      },
    });
    expect(exported.statusCode).toBe(400);
    expect(await rowCount(t, 'observations')).toBe(before);
  });

  it('keeps an observation counted in a closed year as it was counted (409), and lets a late one change', async () => {
    // 2024 closed on 1 April 2025: an observation created in 2024 is counted in its exports.
    const counted = await record(w.pivotA, { month: '2024-05' });
    await backdate([counted.id], '2024-06-01T12:00:00Z');
    const edit = await w.pivotA.inject({
      method: 'PATCH',
      url: `/api/observatory/observations/${counted.id}`,
      payload: { placeType: 'hotel', version: counted.version },
      headers: { 'accept-language': 'fr-CA' },
    });
    expect(edit.statusCode, edit.body).toBe(409);
    expect(edit.json().error.details[0]).toMatchObject({ field: 'month', rule: 'observatory_year_closed' });
    expect(edit.json().error.details[0].message).toContain('année close');
    // Nor can a current one be moved into the closed year… unless it was recorded after the close
    // (then it is counted nowhere in that year's exports).
    const late = await record(w.pivotA, { month: '2026-04' });
    const moved = await w.pivotA.inject({
      method: 'PATCH',
      url: `/api/observatory/observations/${late.id}`,
      payload: { month: '2024-05', version: late.version },
    });
    expect(moved.statusCode, moved.body).toBe(200);
  });

  it('refuses a month in the future with a translated 400 and stores nothing', async () => {
    const before = await rowCount(t, 'observations');
    const request = {
      method: 'POST' as const,
      url: '/api/observatory/observations',
      payload: { month: '2026-07', placeType: 'hotel', codeWords: ['motfutur'] },
    };
    const fr = await w.pivotA.inject(inFrench(request));
    expect(fr.statusCode).toBe(400);
    expect(fr.json().error.details[0]).toMatchObject({ field: 'month', rule: 'observatory_month_future' });
    expect(fr.json().error.details[0].message).toContain('mois à venir');
    const en = await (await english('pivot', w.orgA)).inject(request);
    expect(en.json().error.details[0].message).toContain('month still to come');
    expect(await rowCount(t, 'observations')).toBe(before);
    const word = await t.platform.db
      .selectFrom('glossary_terms')
      .select('id')
      .where('term', '=', 'motfutur')
      .executeTakeFirst();
    expect(word).toBeUndefined();
  });

  it('refuses a count of 1000 with one translated message, the limit, never a wrong "format"', async () => {
    const response = await w.pivotA.inject(
      inFrench({
        method: 'POST',
        url: '/api/observatory/observations',
        payload: { month: '2026-05', placeType: 'school', girlsSeen: 1000 },
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      expect.objectContaining({ field: 'girlsSeen', rule: 'too_large' }),
    ]);
    expect(response.json().error.details[0].message).toContain('999');
    const text = await w.pivotA.inject({
      method: 'POST',
      url: '/api/observatory/observations',
      payload: { month: '2026-05', placeType: 'school', girlsSeen: 'beaucoup' },
    });
    expect(text.json().error.details).toHaveLength(1);
  });

  it('refuses a free text with a phone number, naming the kind, never echoing it, storing nothing', async () => {
    const before = await rowCount(t, 'observations');
    const auditBefore = await rowCount(t, 'audit_log');
    const request = {
      method: 'POST' as const,
      url: '/api/observatory/observations',
      payload: {
        month: '2026-05',
        placeType: 'online',
        text: 'Le recruteur donne son numéro, 514 555-0142, aux filles du parc.',
      },
    };
    const fr = await w.pivotA.inject(inFrench(request));
    expect(fr.statusCode).toBe(400);
    expect(fr.json().error.details).toEqual([
      expect.objectContaining({ field: 'text', rule: 'observatory_identifier_phone' }),
    ]);
    expect(fr.json().error.details[0].message).toContain('numéro de téléphone');
    expect(fr.body).not.toContain('555-0142');
    const en = await (await english('pivot', w.orgA)).inject(request);
    expect(en.json().error.details[0].message).toContain('phone number');
    expect(await rowCount(t, 'observations')).toBe(before);
    expect(await rowCount(t, 'audit_log')).toBe(auditBefore);
  });

  it('refuses a platform for a place that is not online, and an unknown platform', async () => {
    const created = await w.table.inject({
      method: 'POST',
      url: '/api/observatory/platforms',
      payload: { name: 'Réseau fictif' },
    });
    expect(created.statusCode).toBe(201);
    const notOnline = await w.pivotA.inject({
      method: 'POST',
      url: '/api/observatory/observations',
      payload: { month: '2026-05', placeType: 'school', platformId: created.json().id },
    });
    expect(notOnline.json().error.details[0].rule).toBe('observatory_platform_online_only');
    const unknown = await w.pivotA.inject({
      method: 'POST',
      url: '/api/observatory/observations',
      payload: { month: '2026-05', placeType: 'online', platformId: crypto.randomUUID() },
    });
    expect(unknown.json().error.details[0].rule).toBe('observatory_unknown_platform');
  });
});

describe('recording at once', () => {
  it('takes twenty observations of one organisation and month at the same time, counted exactly', async () => {
    const before = await rowCount(t, 'observations');
    const result = await race(t, 20, (i) =>
      w.pivotB.inject({
        method: 'POST',
        url: '/api/observatory/observations',
        payload: {
          month: '2021-06',
          placeType: 'street',
          recruitmentMethods: i % 2 === 0 ? ['gang', 'debt'] : ['debt', 'gang'],
          codeWords: ['mot-simultané'],
        },
      }),
    );
    expect(result.statuses).toEqual({ 201: 20 });
    expect(await rowCount(t, 'observations')).toBe(before + 20);
    const counts = await t.platform.db
      .selectFrom('observation_counts')
      .select(['value', 'n'])
      .where('dimension', '=', 'method')
      .where('month', '=', '2021-06-01')
      .where('organisation_id', '=', w.orgB)
      .orderBy('value')
      .execute();
    expect(counts).toEqual([
      { value: 'debt', n: 20 },
      { value: 'gang', n: 20 },
    ]);
    const term = await t.platform.db
      .selectFrom('glossary_terms')
      .select('sightings')
      .where('term_key', '=', 'mot-simultane')
      .execute();
    expect(term).toEqual([{ sightings: 20 }]);
  });
});

describe('who reads and edits observations', () => {
  it('keeps an observation to its organisation and the table', async () => {
    const { id } = await record(w.pivotA, { text: 'Texte interne à l’organisme A.' });
    for (const agent of [w.pivotA, w.coordinatorA, w.table]) {
      const response = await agent.inject({ method: 'GET', url: `/api/observatory/observations/${id}` });
      expect(response.statusCode).toBe(200);
      expect(response.json().text).toBe('Texte interne à l’organisme A.');
    }
    for (const agent of [w.pivotB, w.coordinatorB]) {
      const response = await agent.inject({ method: 'GET', url: `/api/observatory/observations/${id}` });
      expect(response.statusCode).toBe(404);
      const patch = await agent.inject({
        method: 'PATCH',
        url: `/api/observatory/observations/${id}`,
        payload: { boysSeen: 1, version: 1 },
      });
      expect(patch.statusCode).toBe(agent === w.pivotB ? 404 : 403);
    }
    for (const agent of [w.researcher, w.worker]) {
      const response = await agent.inject({ method: 'GET', url: `/api/observatory/observations/${id}` });
      expect(response.statusCode).toBe(403);
    }
  });

  it('lists only the organisation’s own observations, and all of them for the table', async () => {
    await record(w.pivotB, { placeType: 'transit' });
    const listA = (
      await w.coordinatorA.inject({ method: 'GET', url: '/api/observatory/observations' })
    ).json();
    expect(listA.items.length).toBeGreaterThan(0);
    expect(listA.items.every((o: { organisationId: string }) => o.organisationId === w.orgA)).toBe(true);
    // The organisation filter is the table's only.
    const forced = (
      await w.coordinatorA.inject({
        method: 'GET',
        url: `/api/observatory/observations?organisationId=${w.orgB}`,
      })
    ).json();
    expect(forced.items.every((o: { organisationId: string }) => o.organisationId === w.orgA)).toBe(true);
    const all = (
      await w.table.inject({ method: 'GET', url: '/api/observatory/observations?limit=100' })
    ).json();
    const organisations = new Set(all.items.map((o: { organisationId: string }) => o.organisationId));
    expect(organisations.has(w.orgA) && organisations.has(w.orgB)).toBe(true);
  });

  it('lets its pivots edit it until the table verifies it; a stale version gets 409', async () => {
    const { id, version } = await record(w.pivotA);
    const edited = await w.pivotA.inject({
      method: 'PATCH',
      url: `/api/observatory/observations/${id}`,
      payload: { modusOperandi: ['isolation'], text: 'Ajout d’un texte.', version },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      modusOperandi: ['isolation'],
      textStatus: 'pending',
      version: version + 1,
    });
    const stale = await w.pivotA.inject({
      method: 'PATCH',
      url: `/api/observatory/observations/${id}`,
      payload: { boysSeen: 4, version },
    });
    expect(stale.statusCode).toBe(409);
    const verified = await w.table.inject({
      method: 'POST',
      url: `/api/observatory/observations/${id}/verification`,
      payload: { status: 'verified', version: version + 1 },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().verification).toBe('verified');
    const read = await w.pivotA.inject({ method: 'GET', url: `/api/observatory/observations/${id}` });
    expect(read.json().canEdit).toBe(false);
    const late = await w.pivotA.inject({
      method: 'PATCH',
      url: `/api/observatory/observations/${id}`,
      payload: { boysSeen: 4, version: read.json().version },
    });
    expect(late.statusCode).toBe(409);
  });

  it('refuses a future month and an identifying text on edit too, changing nothing', async () => {
    const { id, version } = await record(w.pivotA, { text: 'Texte initial sans nom.' });
    const future = await w.pivotA.inject({
      method: 'PATCH',
      url: `/api/observatory/observations/${id}`,
      payload: { month: '2027-01', version },
    });
    expect(future.statusCode).toBe(400);
    const named = await w.pivotA.inject({
      method: 'PATCH',
      url: `/api/observatory/observations/${id}`,
      payload: { text: 'Écrire à jeune.fictive@example.com pour la joindre.', version },
    });
    expect(named.statusCode).toBe(400);
    expect(named.json().error.details[0].rule).toBe('observatory_identifier_email');
    const read = (
      await w.pivotA.inject({ method: 'GET', url: `/api/observatory/observations/${id}` })
    ).json();
    expect(read).toMatchObject({ month: '2026-05', text: 'Texte initial sans nom.', version });
  });
});

describe('reviewing free texts', () => {
  it('lets two reviews of one text race: one wins, the other gets 409, one audit entry', async () => {
    const { id, version } = await record(w.pivotA, { text: 'Texte à revoir par la table.' });
    const pending = (
      await w.table.inject({ method: 'GET', url: '/api/observatory/reviews?limit=100' })
    ).json();
    expect(pending.items.some((p: { observationId: string }) => p.observationId === id)).toBe(true);
    const reviewers = [w.table, w.table2];
    const result = await race(t, 2, (i) =>
      reviewers[i]!.inject({
        method: 'POST',
        url: `/api/observatory/observations/${id}/review`,
        payload:
          i === 0
            ? { decision: 'approve', version }
            : { decision: 'reject', reason: 'Trop précis sur le lieu.', version },
      }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 1 });
    expect(
      (await auditEntries(t.platform.db, { action: 'observatory.observation_text.review', targetId: id }))
        .length,
    ).toBe(1);
  });

  it('asks a reason for a rejection, and keeps the review to the table', async () => {
    const { id, version } = await record(w.pivotA, { text: 'Autre texte à revoir.' });
    const noReason = await w.table.inject({
      method: 'POST',
      url: `/api/observatory/observations/${id}/review`,
      payload: { decision: 'reject', version },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].rule).toBe('observatory_reject_reason');
    const byPivot = await w.pivotA.inject({
      method: 'POST',
      url: `/api/observatory/observations/${id}/review`,
      payload: { decision: 'approve', version },
    });
    expect(byPivot.statusCode).toBe(403);
    const rejected = await w.table.inject({
      method: 'POST',
      url: `/api/observatory/observations/${id}/review`,
      payload: { decision: 'reject', reason: 'Le lieu est trop précis.', version },
    });
    expect(rejected.json()).toMatchObject({
      textStatus: 'rejected',
      textRejectionReason: 'Le lieu est trop précis.',
    });
  });
});

describe('platforms', () => {
  it('retires a platform an observation names instead of deleting it', async () => {
    const created = (
      await w.table.inject({
        method: 'POST',
        url: '/api/observatory/platforms',
        payload: { name: 'Messagerie fictive' },
      })
    ).json();
    const twice = await w.table.inject({
      method: 'POST',
      url: '/api/observatory/platforms',
      payload: { name: 'MESSAGERIE fictive' },
    });
    expect(twice.statusCode).toBe(400);
    await record(w.pivotA, { placeType: 'online', platformId: created.id });
    const deleted = await w.table.inject({
      method: 'DELETE',
      url: `/api/observatory/platforms/${created.id}`,
    });
    expect(deleted.statusCode).toBe(409);
    const retired = await w.table.inject({
      method: 'PATCH',
      url: `/api/observatory/platforms/${created.id}`,
      payload: { status: 'retired', version: created.version },
    });
    expect(retired.json()).toMatchObject({ status: 'retired', observations: 1 });
    const listed = (await w.pivotA.inject({ method: 'GET', url: '/api/observatory/platforms' })).json();
    expect(listed.items.some((p: { id: string }) => p.id === created.id)).toBe(false);
    const refused = await w.pivotA.inject({
      method: 'POST',
      url: '/api/observatory/observations',
      payload: { month: '2026-05', placeType: 'online', platformId: created.id },
    });
    expect(refused.statusCode).toBe(400);
  });
});

describe('the glossary', () => {
  it('proposes code words once, matched ignoring case and accents, and extends when they were heard', async () => {
    await record(w.pivotA, { month: '2026-03', placeType: 'bar', codeWords: ['Bébé-Lune'] });
    await record(w.pivotB, { month: '2025-11', placeType: 'school', codeWords: ['bebe-lune', 'BEBE-LUNE'] });
    const rows = await t.platform.db
      .selectFrom('glossary_terms')
      .selectAll()
      .where('term_key', '=', 'bebe-lune')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      term: 'Bébé-Lune',
      status: 'proposed',
      sightings: 2,
      first_seen: '2025-11-01',
      last_seen: '2026-03-01',
      place_types: ['bar', 'school'],
    });
    // Words the database folds alike (œ and oe) in one observation: one term, no error.
    await record(w.pivotA, { codeWords: ['cœur-fictif', 'coeur-fictif'] });
    expect(
      await t.platform.db
        .selectFrom('glossary_terms')
        .select('sightings')
        .where('term_key', '=', 'coeur-fictif')
        .execute(),
    ).toEqual([{ sightings: 1 }]);
    // Proposed terms are the table's; members see published ones only.
    const before = (await w.worker.inject({ method: 'GET', url: '/api/observatory/glossary?q=bebe' })).json();
    expect(before.total).toBe(0);
    const read = await w.worker.inject({ method: 'GET', url: `/api/observatory/glossary/${rows[0]!.id}` });
    expect(read.statusCode).toBe(404);
    const noMeaning = await w.table.inject({
      method: 'PATCH',
      url: `/api/observatory/glossary/${rows[0]!.id}`,
      payload: { status: 'published', version: rows[0]!.version },
    });
    expect(noMeaning.statusCode).toBe(400);
    const published = await w.table.inject({
      method: 'PATCH',
      url: `/api/observatory/glossary/${rows[0]!.id}`,
      payload: {
        status: 'published',
        meaningFr: 'Terme fictif pour une jeune recrutée récemment.',
        meaningEn: 'Made-up term for a recently recruited girl.',
        version: rows[0]!.version,
      },
    });
    expect(published.statusCode, published.body).toBe(200);
    const found = (await w.worker.inject({ method: 'GET', url: '/api/observatory/glossary?q=BÉBÉ' })).json();
    expect(found.items.map((term: { term: string }) => term.term)).toEqual(['Bébé-Lune']);
    const byMeaning = (
      await w.worker.inject({ method: 'GET', url: '/api/observatory/glossary?q=recrutee' })
    ).json();
    expect(byMeaning.total).toBe(1);
    const pdf = await w.worker.inject({
      method: 'GET',
      url: '/api/observatory/glossary.pdf',
      headers: { 'accept-language': 'fr-CA' },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Bébé-Lune');
    expect(text).toContain('Terme fictif pour une jeune recrutée récemment.');
  });
});

describe('the glossary, what moves with recording, and deleting', () => {
  it('shows sightings and the last change to the table only, whose words move when an observation is recorded', async () => {
    await record(w.pivotA, { codeWords: ['mot-témoin'] });
    const [row] = await t.platform.db
      .selectFrom('glossary_terms')
      .selectAll()
      .where('term_key', '=', 'mot-temoin')
      .execute();
    const published = await w.table.inject({
      method: 'PATCH',
      url: `/api/observatory/glossary/${row!.id}`,
      payload: {
        status: 'published',
        meaningFr: 'Sens fictif.',
        meaningEn: 'Made-up.',
        version: row!.version,
      },
    });
    expect(published.json()).toMatchObject({ sightings: 1, canDelete: false });
    expect(published.json().updatedAt).toBeTypeOf('string');
    for (const agent of [w.worker, w.pivotA, w.coordinatorB, w.researcher]) {
      const one = (await agent.inject({ method: 'GET', url: `/api/observatory/glossary/${row!.id}` })).json();
      expect(one.term).toBe('mot-témoin');
      expect(Object.keys(one)).not.toContain('sightings');
      expect(Object.keys(one)).not.toContain('updatedAt');
      expect(Object.keys(one)).not.toContain('canDelete');
      const list = (
        await agent.inject({ method: 'GET', url: '/api/observatory/glossary?q=mot-temoin' })
      ).json();
      expect(list.items).toHaveLength(1);
      expect(list.items[0].sightings).toBeUndefined();
      expect(list.items[0].updatedAt).toBeUndefined();
    }
  });

  it('lets the table delete a term never published, audited without the term; never one published', async () => {
    await record(w.pivotA, { codeWords: ['Chez-Madame-Fictive'] });
    const [row] = await t.platform.db
      .selectFrom('glossary_terms')
      .selectAll()
      .where('term_key', '=', 'chez-madame-fictive')
      .execute();
    expect(
      (await w.table.inject({ method: 'GET', url: `/api/observatory/glossary/${row!.id}` })).json(),
    ).toMatchObject({
      canDelete: true,
    });
    const url = `/api/observatory/glossary/${row!.id}?version=${row!.version}`;
    expect((await w.pivotA.inject({ method: 'DELETE', url })).statusCode).toBe(403);
    expect(
      (
        await w.table.inject({
          method: 'DELETE',
          url: `/api/observatory/glossary/${row!.id}?version=${row!.version + 1}`,
        })
      ).statusCode,
    ).toBe(409);
    const result = await race(t, 2, (i) => [w.table, w.table2][i]!.inject({ method: 'DELETE', url }));
    // One deletes; the other finds it changed (409) or, once the winner committed, gone (404).
    expect(result.statuses[204]).toBe(1);
    expect(Object.keys(result.statuses).filter((code) => code !== '204')).toHaveLength(1);
    expect([404, 409]).toContain(Number(Object.keys(result.statuses).find((code) => code !== '204')));
    expect(
      await t.platform.db.selectFrom('glossary_terms').select('id').where('id', '=', row!.id).execute(),
    ).toEqual([]);
    const entries = await auditEntries(t.platform.db, {
      action: 'observatory.glossary_term.delete',
      targetId: row!.id,
    });
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0])).not.toContain('Madame');

    // Published once, even retired since: retired, never deleted.
    await record(w.pivotA, { codeWords: ['mot-publié-une-fois'] });
    const [term] = await t.platform.db
      .selectFrom('glossary_terms')
      .selectAll()
      .where('term_key', '=', 'mot-publie-une-fois')
      .execute();
    const published = (
      await w.table.inject({
        method: 'PATCH',
        url: `/api/observatory/glossary/${term!.id}`,
        payload: {
          status: 'published',
          meaningFr: 'Sens fictif.',
          meaningEn: 'Made-up.',
          version: term!.version,
        },
      })
    ).json();
    const retired = (
      await w.table.inject({
        method: 'PATCH',
        url: `/api/observatory/glossary/${term!.id}`,
        payload: { status: 'retired', version: published.version },
      })
    ).json();
    expect(retired.canDelete).toBe(false);
    const refused = await w.table.inject({
      method: 'DELETE',
      url: `/api/observatory/glossary/${term!.id}?version=${retired.version}`,
      headers: { 'accept-language': 'fr-CA' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].message).toContain('retirez-le plutôt');
  });
});

describe('trends', () => {
  it('counts observations by month and by quarter, split by a dimension, for the table and an organisation', async () => {
    const orgC = await t.createOrganisation({ type: 'community' });
    const pivotC = await withMandate(await t.as('pivot', { organisationId: orgC }));
    const coordinatorC = await t.as('org_coordinator', { organisationId: orgC });
    await record(pivotC, { month: '2024-01', recruitmentMethods: ['gang', 'debt'] });
    await record(pivotC, { month: '2024-02', recruitmentMethods: ['gang'] });
    const april = await record(pivotC, { month: '2024-05', recruitmentMethods: ['debt'] });
    // Changed afterwards: the counts follow (one off May's debt, one on April's nothing).
    const moved = await pivotC.inject({
      method: 'PATCH',
      url: `/api/observatory/observations/${april.id}`,
      payload: { month: '2024-04', recruitmentMethods: [], version: april.version },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const mine = (
      await coordinatorC.inject({
        method: 'GET',
        url: `/api/observatory/trends?dimension=method&period=quarter&from=2024-01&to=2024-06&organisationId=${w.orgA}`,
      })
    ).json();
    // An organisation's coordinator reads their own organisation's whatever they ask.
    expect(mine.organisationId).toBe(orgC);
    expect(mine.points).toEqual([
      expect.objectContaining({
        period: '2024-Q1',
        total: 2,
        counts: expect.objectContaining({ gang: 2, debt: 1 }),
      }),
      expect.objectContaining({ period: '2024-Q2', total: 1, counts: expect.objectContaining({ gang: 0 }) }),
    ]);
    const table = (
      await w.table.inject({
        method: 'GET',
        url: `/api/observatory/trends?dimension=method&from=2024-01&to=2024-02&organisationId=${orgC}`,
      })
    ).json();
    expect(table.points.map((p: { period: string; total: number }) => [p.period, p.total])).toEqual([
      ['2024-01', 1],
      ['2024-02', 1],
    ]);
    const csv = await w.table.inject({
      method: 'GET',
      url: `/api/observatory/trends.csv?dimension=method&period=quarter&from=2024-01&to=2024-06&organisationId=${orgC}`,
      headers: { 'accept-language': 'fr-CA' },
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toContain('Période,Observations');
    expect(lines[0]).toContain('Gang');
    expect(lines[1]).toMatch(/^2024-Q1,2,/);
    const future = await w.table.inject({
      method: 'GET',
      url: '/api/observatory/trends?dimension=gender&to=2026-09',
    });
    expect(future.statusCode).toBe(400);
    const researcher = await w.researcher.inject({
      method: 'GET',
      url: '/api/observatory/trends?dimension=gender',
    });
    expect(researcher.statusCode).toBe(403);
  });
});

describe('the annual report', () => {
  const section = async (year: number, at: Date = now) =>
    (
      await t.platform.annualReport.compute(t.platform.db, {
        year,
        locale: 'fr-CA',
        timeZone: t.platform.config.timeZone,
        now: at,
      })
    ).find((s) => s.key === 'observatory')!;

  it('publishes a closed year only, counting what was recorded before the close, every count suppressed', async () => {
    const orgF = await t.createOrganisation({ type: 'community' });
    const pivotF = await withMandate(await t.as('pivot', { organisationId: orgF }));
    const inTime: string[] = [];
    for (const [month, count] of [
      ['2019-02', 12],
      ['2019-05', 11],
      ['2019-08', 3],
      ['2019-11', 10],
    ] as const)
      for (let i = 0; i < count; i += 1)
        inTime.push((await record(pivotF, { month, placeType: 'hotel', recruitmentMethods: ['gang'] })).id);
    await backdate(inTime, '2020-01-15T12:00:00Z');
    // Recorded after the close (April 1, 2020): never in 2019's report.
    const late = [
      (await record(pivotF, { month: '2019-08', placeType: 'hotel' })).id,
      (await record(pivotF, { month: '2019-08', placeType: 'hotel' })).id,
    ];
    await backdate(late, '2020-04-01T04:00:00Z');
    const report = await section(2019);
    expect(report.note).toBeUndefined();
    expect(report.figures).toEqual([{ label: 'Observations consignées', value: 36 }]);
    // Three in the third quarter is hidden, and the fourth quarter's 10 with it (the total is released).
    expect(report.charts).toEqual([]);
    const quarters = report.tables.find((table) => table.title === 'Observations par trimestre')!;
    expect(quarters.rows).toEqual([
      ['2019-Q1', 12],
      ['2019-Q2', 11],
      ['2019-Q3', 'moins de 10'],
      ['2019-Q4', 'moins de 10'],
      ['Total de l’année', 36],
    ]);
    const hotel = report.tables[1]!.rows.find((row) => row[0] === 'Hôtel, motel')!;
    expect(hotel[1]).toBe(36);
  });

  it('says when a year not yet closed will be published, and shows no figure', async () => {
    const open = await section(2025, new Date('2026-03-31T15:00:00Z'));
    expect(open.note).toContain('une fois l’année close, le 2026-04-01');
    expect([open.figures, open.charts, open.tables]).toEqual([[], [], []]);
    expect((await section(2025, new Date('2026-04-01T04:00:00Z'))).note).toBeUndefined();
  });
});

describe('research', () => {
  it('refuses a threshold below 10 with a translated 400, and keeps the setting', async () => {
    const settings = (await w.table.inject({ method: 'GET', url: '/api/observatory/settings' })).json();
    const request = {
      method: 'PUT' as const,
      url: '/api/observatory/settings',
      payload: { suppressionThreshold: 9, version: settings.version },
    };
    const fr = await w.table.inject(inFrench(request));
    expect(fr.statusCode).toBe(400);
    expect(fr.json().error.details[0].message).toContain('au moins 10');
    const en = await (await english('table_coordinator')).inject(request);
    expect(en.json().error.details[0].message).toContain('at least 10');
    const after = (await w.table.inject({ method: 'GET', url: '/api/observatory/settings' })).json();
    expect(after).toEqual(settings);
  });

  it('exports a suppressed table, stores and audits it, and shows it to its researcher and the table only', async () => {
    const orgD = await t.createOrganisation({ type: 'community' });
    const pivotD = await withMandate(await t.as('pivot', { organisationId: orgD }));
    // 2023: 12 street observations of girls, 3 of boys; 11 online ones of girls, recorded that year.
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1)
      ids.push((await record(pivotD, { month: '2023-03', placeType: 'street', genders: ['girls'] })).id);
    for (let i = 0; i < 3; i += 1)
      ids.push((await record(pivotD, { month: '2023-04', placeType: 'street', genders: ['boys'] })).id);
    for (let i = 0; i < 11; i += 1)
      ids.push((await record(pivotD, { month: '2023-05', placeType: 'online', genders: ['girls'] })).id);
    await backdate(ids, '2023-06-01T12:00:00Z');
    const response = await w.researcher.inject({
      method: 'POST',
      url: '/api/observatory/research/exports',
      payload: {
        purpose: 'Comparer les lieux selon le genre (étude fictive).',
        dimensions: ['place_type', 'gender'],
        from: '2023-01',
        to: '2023-12',
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const exported = response.json();
    const { table } = exported;
    const cell = (row: string, column: string) =>
      table.cells[table.rows.indexOf(row)][table.columns.indexOf(column)];
    // 3 boys in the street is hidden; so are the cells and margins that would give it back (the street
    // row's 15 is released, so its girls' 12 goes too, and the online row's 11 with it; the boys' and
    // girls' totals too).
    expect(cell('street', 'boys')).toBeNull();
    expect(cell('street', 'girls')).toBeNull();
    expect(cell('online', 'girls')).toBeNull();
    expect(cell('school', 'girls')).toBe(0);
    expect(table.rowTotals[table.rows.indexOf('street')]).toBe(15);
    expect(table.columnTotals[table.columns.indexOf('boys')]).toBeNull();
    expect(table.total).toBe(26);
    const released = [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.total];
    expect(released.every((v: number | null) => v === null || v === 0 || v >= 10)).toBe(true);
    // Checked independently of suppressTable: no hidden value follows from the released ones.
    expect(recomputable({ ...table, primary: 0, complementary: 0 })).toEqual([]);
    const stored = await t.platform.db
      .selectFrom('research_exports')
      .selectAll()
      .where('id', '=', exported.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      researcher_id: w.researcher.person.id,
      threshold: 10,
      dimensions: ['place_type', 'gender'],
    });
    const [entry] = await auditEntries(t.platform.db, {
      action: 'observatory.research_export.create',
      targetId: exported.id,
    });
    expect(entry?.entry.purpose).toBe('Comparer les lieux selon le genre (étude fictive).');
    expect(
      (await w.researcher2.inject({ method: 'GET', url: `/api/observatory/research/exports/${exported.id}` }))
        .statusCode,
    ).toBe(404);
    expect(
      (await w.table.inject({ method: 'GET', url: `/api/observatory/research/exports/${exported.id}` }))
        .statusCode,
    ).toBe(200);
    const list = (
      await w.researcher2.inject({ method: 'GET', url: '/api/observatory/research/exports' })
    ).json();
    expect(list.items.some((e: { id: string }) => e.id === exported.id)).toBe(false);
    const all = (await w.table.inject({ method: 'GET', url: '/api/observatory/research/exports' })).json();
    expect(all.items.some((e: { id: string }) => e.id === exported.id)).toBe(true);
  });

  it('counts only what was recorded before the year closed (April 1 after it), so a repeated export never moves', async () => {
    const orgE = await t.createOrganisation({ type: 'community' });
    const pivotE = await withMandate(await t.as('pivot', { organisationId: orgE }));
    const inTime: string[] = [];
    for (let i = 0; i < 10; i += 1)
      inTime.push((await record(pivotE, { month: '2021-11', placeType: 'bar' })).id);
    // The last minute before the close in Montréal (March 31, 23:59 EDT) still counts.
    await backdate(inTime, '2022-04-01T03:59:00Z');
    const late = [(await record(pivotE, { month: '2021-12', placeType: 'bar' })).id];
    late.push((await record(pivotE, { month: '2021-12', placeType: 'bar' })).id);
    // Midnight in Montréal, April 1: the year has closed.
    await backdate(late, '2022-04-01T04:00:00Z');
    // And one recorded today, years later.
    await record(pivotE, { month: '2021-12', placeType: 'bar' });
    const table = (
      await w.researcher.inject({
        method: 'POST',
        url: '/api/observatory/research/exports',
        payload: {
          purpose: 'Les bars en 2021 (étude fictive).',
          dimensions: ['place_type'],
          from: '2021-01',
          to: '2021-12',
        },
      })
    ).json().table;
    expect(table.cells[table.rows.indexOf('bar')][0]).toBe(10);
  });

  it('opens a year to exports only once it has closed, three months after its end', async () => {
    const at = (iso: string) =>
      ({ now: () => new Date(iso), config: { timeZone: 'America/Toronto' } }) as unknown as Platform;
    expect(() => checkResearchYear(at('2026-01-15T15:00:00Z'), '2025-01', '2025-12')).toThrow(
      expect.objectContaining({
        details: [expect.objectContaining({ field: 'to', rule: 'observatory_research_year_closed' })],
      }),
    );
    expect(() => checkResearchYear(at('2026-04-01T03:59:00Z'), '2025-01', '2025-12')).toThrow();
    expect(checkResearchYear(at('2026-04-01T04:00:00Z'), '2025-01', '2025-12')).toEqual(
      new Date('2026-04-01T04:00:00Z'),
    );
    const fr = await w.researcher.inject({
      method: 'POST',
      url: '/api/observatory/research/exports',
      payload: {
        purpose: 'Une étude fictive assez longue.',
        dimensions: ['gender'],
        from: '2026-01',
        to: '2026-12',
      },
      headers: { 'accept-language': 'fr-CA' },
    });
    expect(fr.statusCode).toBe(400);
    expect(fr.json().error.details[0].message).toContain('trois mois après sa fin');
    expect(fr.json().error.details[0].message).toContain('2027-04-01');
  });

  it('refuses a short purpose and a span in the future, storing nothing', async () => {
    const before = await rowCount(t, 'research_exports');
    const short = await w.researcher.inject({
      method: 'POST',
      url: '/api/observatory/research/exports',
      payload: { purpose: 'court', dimensions: ['gender'], from: '2023-01', to: '2023-12' },
    });
    expect(short.statusCode).toBe(400);
    const future = await w.researcher.inject({
      method: 'POST',
      url: '/api/observatory/research/exports',
      payload: {
        purpose: 'Une étude fictive assez longue.',
        dimensions: ['gender'],
        from: '2026-01',
        to: '2026-12',
      },
    });
    expect(future.statusCode).toBe(400);
    // Only whole calendar years that have ended: spans a month apart would give a month by subtraction.
    for (const [from, to, field] of [
      ['2023-01', '2023-11', 'from'],
      ['2023-02', '2023-12', 'from'],
      ['2022-01', '2023-12', 'from'],
      ['2023-06', '2023-06', 'from'],
    ] as const) {
      const span = await w.researcher.inject({
        method: 'POST',
        url: '/api/observatory/research/exports',
        payload: { purpose: 'Une étude fictive assez longue.', dimensions: ['gender'], from, to },
        headers: { 'accept-language': 'fr-CA' },
      });
      expect(span.statusCode, `${from}…${to}`).toBe(400);
      expect(span.json().error.details[0]).toMatchObject({ field, rule: 'observatory_research_year' });
      expect(span.json().error.details[0].message).toContain('année civile entière');
    }
    expect(await rowCount(t, 'research_exports')).toBe(before);
  });

  it('gives approved free texts only, and only once the table allows them for the export', async () => {
    const approved = await record(w.pivotA, { month: '2022-02', text: 'Texte approuvé pour la recherche.' });
    const unseen = await record(w.pivotA, { month: '2022-02', text: 'Texte jamais revu.' });
    await backdate([approved.id, unseen.id], '2022-03-01T12:00:00Z');
    const review = await w.table.inject({
      method: 'POST',
      url: `/api/observatory/observations/${approved.id}/review`,
      payload: { decision: 'approve', version: approved.version },
    });
    expect(review.statusCode).toBe(200);
    const exported = (
      await w.researcher.inject({
        method: 'POST',
        url: '/api/observatory/research/exports',
        payload: {
          purpose: 'Lire les textes de 2022 (fictif).',
          dimensions: ['method'],
          from: '2022-01',
          to: '2022-12',
          includeText: true,
        },
      })
    ).json();
    expect(exported.textStatus).toBe('requested');
    const early = await w.researcher.inject({
      method: 'GET',
      url: `/api/observatory/research/exports/${exported.id}/texts`,
    });
    expect(early.statusCode).toBe(403);
    const allowed = await w.table.inject({
      method: 'POST',
      url: `/api/observatory/research/exports/${exported.id}/texts`,
      payload: { allow: true, version: exported.version },
    });
    expect(allowed.json().textStatus).toBe('allowed');
    const texts = await w.researcher.inject({
      method: 'GET',
      url: `/api/observatory/research/exports/${exported.id}/texts`,
    });
    expect(texts.json()).toEqual({ texts: ['Texte approuvé pour la recherche.'] });
    // A text approved after the table allowed the export's texts never joins them: a second reading
    // would tie it to the observation approved in between.
    const laterReview = await w.table.inject({
      method: 'POST',
      url: `/api/observatory/observations/${unseen.id}/review`,
      payload: { decision: 'approve', version: unseen.version },
    });
    expect(laterReview.statusCode).toBe(200);
    const again = await w.researcher.inject({
      method: 'GET',
      url: `/api/observatory/research/exports/${exported.id}/texts`,
    });
    expect(again.json()).toEqual({ texts: ['Texte approuvé pour la recherche.'] });
    const stored = await t.platform.db
      .selectFrom('research_exports')
      .select('text_observation_ids')
      .where('id', '=', exported.id)
      .executeTakeFirstOrThrow();
    expect(stored.text_observation_ids).toEqual([approved.id]);
    const other = await w.researcher2.inject({
      method: 'GET',
      url: `/api/observatory/research/exports/${exported.id}/texts`,
    });
    expect(other.statusCode).toBe(404);
  });

  it('refuses a question naming a person or a phone number, naming the kind and field, storing nothing', async () => {
    const before = await rowCount(t, 'research_questions');
    const auditBefore = await rowCount(t, 'audit_log');
    const response = await w.researcher.inject(
      inFrench({
        method: 'POST',
        url: '/api/observatory/research/questions',
        payload: {
          title: 'Le cas de Mme Julie Tremblay',
          text: 'Pourrait-on joindre la famille au 514 555-0142 pour compléter les observations ?',
        },
      }),
    );
    expect(response.statusCode).toBe(400);
    const details = response.json().error.details as Array<{ field: string; rule: string; message: string }>;
    expect(details.map((d) => [d.field, d.rule])).toEqual(
      expect.arrayContaining([
        ['title', 'observatory_identifier_name'],
        ['text', 'observatory_identifier_phone'],
      ]),
    );
    expect(details.find((d) => d.field === 'text')!.message).toContain('numéro de téléphone');
    expect(response.body).not.toContain('555-0142');
    expect(response.body).not.toContain('Tremblay');
    expect(await rowCount(t, 'research_questions')).toBe(before);
    expect(await rowCount(t, 'audit_log')).toBe(auditBefore);
  });

  it('takes a researcher’s question and the table’s answer once', async () => {
    const proposed = await w.researcher.inject({
      method: 'POST',
      url: '/api/observatory/research/questions',
      payload: { title: 'Saisonnalité', text: 'Le recrutement augmente-t-il pendant l’été ?' },
    });
    expect(proposed.statusCode).toBe(201);
    const { id, version } = proposed.json();
    const declineWithoutNote = await w.table.inject({
      method: 'POST',
      url: `/api/observatory/research/questions/${id}/answer`,
      payload: { decision: 'declined', version },
    });
    expect(declineWithoutNote.statusCode).toBe(400);
    const result = await race(t, 2, (i) =>
      [w.table, w.table2][i]!.inject({
        method: 'POST',
        url: `/api/observatory/research/questions/${id}/answer`,
        payload: { decision: 'accepted', note: 'À la prochaine rencontre.', version },
      }),
    );
    expect(result.statuses).toEqual({ 200: 1, 409: 1 });
    const theirs = (
      await w.researcher2.inject({ method: 'GET', url: '/api/observatory/research/questions' })
    ).json();
    expect(theirs.items.some((q: { id: string }) => q.id === id)).toBe(false);
  });
});

describe('the counts trends read', () => {
  it('equal the facets counted afresh, after every write of this file', async () => {
    const kept = await t.platform.db
      .selectFrom('observation_counts')
      .select(['dimension', 'month', 'value', 'organisation_id', 'n'])
      .where('n', '>', 0)
      .orderBy(['dimension', 'month', 'value', 'organisation_id'])
      .execute();
    const fresh = await t.platform.db
      .selectFrom('observation_facets')
      .select(['dimension', 'month', 'value', 'organisation_id', sql<number>`count(*)::int`.as('n')])
      .groupBy(['dimension', 'month', 'value', 'organisation_id'])
      .orderBy(['dimension', 'month', 'value', 'organisation_id'])
      .execute();
    expect(kept.length).toBeGreaterThan(30);
    expect(kept).toEqual(fresh);
  });
});
