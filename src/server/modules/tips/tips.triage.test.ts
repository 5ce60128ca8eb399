import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { jpegWithXmp } from '../../../../test/support/files.js';
import { pdfText } from '../../../../test/support/pdf.js';
import { openTipLine } from '../../../../test/support/tips.factories.js';
import { submitPublicTip } from './intake.service.js';
import { destroyExpiredTips } from './retention.service.js';

/**
 * The second increment of the triage desk: retention periods set by the police, internal notes, the
 * closing disposition, channel questions, unit management and the PDF export. One police service
 * (the one receiving the public line) and a second one to prove scoping.
 */

let clock = new Date('2026-03-10T14:23:17Z');
let t: TestApp;
let service: string;
let otherService: string;
let analyst: Agent;
let investigator: Agent;
let foreignAnalyst: Agent;
let unitId: string;

const DAY = 86_400_000;
const PURPOSE = `purpose=${encodeURIComponent('Enquête fictive')}`;

beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  service = await t.createOrganisation({ type: 'police', name: 'A — Police fictive de la ligne' });
  otherService = await t.createOrganisation({ type: 'police', name: 'B — Autre police fictive' });
  await openTipLine(t, service);
  analyst = await t.as('police_analyst', { organisationId: service });
  investigator = await t.as('investigator', { organisationId: service });
  foreignAnalyst = await t.as('police_analyst', { organisationId: otherService });
  const unit = await analyst.inject({
    method: 'POST',
    url: '/api/tips/units',
    payload: { name: 'Unité fictive des mœurs', memberIds: [investigator.person.id] },
  });
  unitId = unit.json().id;
});
afterAll(async () => {
  await t.close();
});

/** Runs `work` with the clock moved `days` ahead, then puts the clock back (sessions stay valid). */
async function later<T>(days: number, work: () => Promise<T>): Promise<T> {
  const saved = clock;
  clock = new Date(clock.getTime() + days * DAY);
  try {
    return await work();
  } finally {
    clock = saved;
  }
}

async function phoneTip(payload: Record<string, unknown> = {}) {
  const response = await analyst.inject({
    method: 'POST',
    url: '/api/tips',
    payload: { channel: 'place', facts: 'Appel fictif au sujet d’un motel.', ...payload },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; receipt: string };
}

async function count(
  table: 'tips' | 'tip_messages' | 'tip_identities' | 'tip_notes' | 'tip_attachments' | 'files',
) {
  return (
    await t.platform.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  ).n;
}

describe('retention periods set by the police', () => {
  it('lists each channel with its default, refuses other roles and bad periods', async () => {
    const list = await analyst.inject({ method: 'GET', url: '/api/tips/retention' });
    expect(list.statusCode).toBe(200);
    const other = list.json().items.find((i: { channel: string }) => i.channel === 'other');
    expect(other).toEqual({ channel: 'other', days: 365, defaultDays: 365, updatedAt: null });
    expect((await investigator.inject({ method: 'GET', url: '/api/tips/retention' })).statusCode).toBe(403);
    const tooShort = await analyst.inject({
      method: 'PUT',
      url: '/api/tips/retention/other',
      payload: { retentionDays: 5, applyToExisting: false },
    });
    expect(tooShort.statusCode).toBe(400);
    const noChoice = await analyst.inject({
      method: 'PUT',
      url: '/api/tips/retention/other',
      payload: { retentionDays: 60 },
    });
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.json().error.details[0].field).toBe('applyToExisting');
  });

  it('keeps existing tips when not applied, destroys them on the next run when applied (no row or file left)', async () => {
    // A public youth-at-risk tip with a picture, an identity, a note and a dialogue.
    const { receipt } = await submitPublicTip(t.platform, {
      channel: 'youth_at_risk',
      facts: 'Récit fictif à détruire.',
      contact: 'joindre@exemple.test',
      answers: { seenWhere: 'Terminus fictif' },
      attachments: [await jpegWithXmp()],
    });
    expect(receipt).toMatch(/^\d{16}$/);
    const tip = await t.platform.db
      .selectFrom('tips')
      .select(['id', 'expires_at'])
      .where('channel', '=', 'youth_at_risk')
      .executeTakeFirstOrThrow();
    await analyst.inject({
      method: 'POST',
      url: `/api/tips/${tip.id}/notes`,
      payload: { noteText: 'Note fictive.' },
    });
    await analyst.inject({
      method: 'POST',
      url: `/api/tips/${tip.id}/questions`,
      payload: { body: 'Question fictive?' },
    });
    const keepTip = await phoneTip({ channel: 'other' });

    // Shortened, not applied: the tip keeps its date; only new tips take the new period.
    const notApplied = await analyst.inject({
      method: 'PUT',
      url: '/api/tips/retention/youth_at_risk',
      payload: { retentionDays: 30, applyToExisting: false },
    });
    expect(notApplied.statusCode, notApplied.body).toBe(200);
    expect(notApplied.json()).toMatchObject({ period: { days: 30 }, updatedTips: 0 });
    const unchanged = await t.platform.db
      .selectFrom('tips')
      .select('expires_at')
      .where('id', '=', tip.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.expires_at).toBe(tip.expires_at);
    const fresh = await phoneTip({ channel: 'youth_at_risk' });
    const freshRow = await t.platform.db
      .selectFrom('tips')
      .select('expires_at')
      .where('id', '=', fresh.id)
      .executeTakeFirstOrThrow();
    expect(freshRow.expires_at).toBe('2026-04-09');

    const before = await count('tips');
    // 60 days later, the run destroys the new one (30 days) but not the old one (its period stayed).
    expect(await later(60, () => destroyExpiredTips(t.platform))).toBe(1);
    expect(await count('tips')).toBe(before - 1);
    expect(
      await t.platform.db.selectFrom('tips').select('id').where('id', '=', tip.id).executeTakeFirst(),
    ).toBeDefined();

    // Applied to existing tips: the next run destroys it with everything it had.
    const applied = await analyst.inject({
      method: 'PUT',
      url: '/api/tips/retention/youth_at_risk',
      payload: { retentionDays: 30, applyToExisting: true },
    });
    expect(applied.statusCode).toBe(200);
    expect(applied.json().updatedTips).toBe(1);
    const files = await count('files');
    expect(files).toBeGreaterThan(0);
    expect(await later(60, () => destroyExpiredTips(t.platform))).toBe(1);
    expect(
      await t.platform.db.selectFrom('tips').select('id').where('id', '=', tip.id).executeTakeFirst(),
    ).toBeUndefined();
    for (const table of ['tip_messages', 'tip_identities', 'tip_notes', 'tip_attachments'] as const) {
      const left = await t.platform.db
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as('n'))
        .where('tip_id', '=', tip.id)
        .executeTakeFirstOrThrow();
      expect(left.n, table).toBe(0);
    }
    expect(await count('files')).toBe(files - 1);
    // Another channel's tip was not touched.
    expect(
      await t.platform.db.selectFrom('tips').select('id').where('id', '=', keepTip.id).executeTakeFirst(),
    ).toBeDefined();
    const audit = await t.platform.db
      .selectFrom('audit_log')
      .select('entry')
      .where('action', '=', 'tips.retention.set')
      .orderBy('seq')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => JSON.parse(a.entry).meta.applyToExisting)).toEqual([false, true]);
    // Another service's periods are its own.
    const foreign = await foreignAnalyst.inject({ method: 'GET', url: '/api/tips/retention' });
    expect(foreign.json().items.find((i: { channel: string }) => i.channel === 'youth_at_risk').days).toBe(
      730,
    );
  });
});

describe('notes, disposition and channel questions', () => {
  it('keeps internal notes encrypted, audited, shown to readers of the tip only', async () => {
    const { id } = await phoneTip();
    await analyst.inject({ method: 'PATCH', url: `/api/tips/${id}`, payload: { unitId } });
    const note = await investigator.inject({
      method: 'POST',
      url: `/api/tips/${id}/notes`,
      payload: { noteText: 'Note-canari-interne: vérifier le motel fictif.' },
    });
    expect(note.statusCode, note.body).toBe(204);
    expect(
      (
        await foreignAnalyst.inject({
          method: 'POST',
          url: `/api/tips/${id}/notes`,
          payload: { noteText: 'Intrus' },
        })
      ).statusCode,
    ).toBe(404);
    const blank = await analyst.inject({
      method: 'POST',
      url: `/api/tips/${id}/notes`,
      payload: { noteText: '   ' },
    });
    expect(blank.statusCode).toBe(400);
    const detail = (await analyst.inject({ method: 'GET', url: `/api/tips/${id}?${PURPOSE}` })).json();
    expect(detail.notes).toHaveLength(1);
    expect(detail.notes[0]).toMatchObject({
      body: 'Note-canari-interne: vérifier le motel fictif.',
      authorName: 'Test Fictif',
    });
    const stored = await t.platform.db
      .selectFrom('tip_notes')
      .select('body')
      .where('tip_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.body).not.toContain('canari');
    const audit = await t.platform.db
      .selectFrom('audit_log')
      .select('entry')
      .where('action', '=', 'tips.note.add')
      .where('target_id', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('canari');
  });

  it('requires a disposition to close or mark unfounded, and clears it when the tip is reopened', async () => {
    const { id } = await phoneTip();
    const patch = (payload: Record<string, unknown>) =>
      analyst.inject({ method: 'PATCH', url: `/api/tips/${id}`, payload });
    const missing = await patch({ status: 'closed' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toBe('disposition');
    const otherWithoutText = await patch({ status: 'unfounded', disposition: 'other' });
    expect(otherWithoutText.statusCode).toBe(400);
    expect(otherWithoutText.json().error.details[0].field).toBe('dispositionNote');
    const notClosing = await patch({ status: 'triaged', disposition: 'duplicate' });
    expect(notClosing.statusCode).toBe(400);
    expect(
      (await t.platform.db.selectFrom('tips').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status,
    ).toBe('new');

    const closed = await patch({
      status: 'closed',
      disposition: 'referred_investigation',
      dispositionNote: 'Dossier fictif 2026-001',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    // Other triage changes of a closed tip keep its disposition.
    expect((await patch({ priority: 'high' })).statusCode).toBe(200);
    let detail = (await analyst.inject({ method: 'GET', url: `/api/tips/${id}?${PURPOSE}` })).json();
    expect(detail).toMatchObject({
      status: 'closed',
      disposition: 'referred_investigation',
      dispositionNote: 'Dossier fictif 2026-001',
    });
    const row = await t.platform.db
      .selectFrom('tips')
      .select('disposition_note')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.disposition_note).not.toContain('2026-001');
    expect((await patch({ status: 'assigned' })).statusCode).toBe(200);
    detail = (await analyst.inject({ method: 'GET', url: `/api/tips/${id}?${PURPOSE}` })).json();
    expect(detail.disposition).toBeNull();
    expect(detail.dispositionNote).toBeNull();
  });

  it('stores the channel’s own answers encrypted and refuses another channel’s questions', async () => {
    const { id } = await phoneTip({
      channel: 'pimp_network',
      answers: { nickname: 'Surnom-canari', vehicles: 'Berline grise fictive', places: '' },
    });
    const detail = (await analyst.inject({ method: 'GET', url: `/api/tips/${id}?${PURPOSE}` })).json();
    expect(detail.content.answers).toEqual({ nickname: 'Surnom-canari', vehicles: 'Berline grise fictive' });
    const row = await t.platform.db
      .selectFrom('tips')
      .select('content')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.content).not.toContain('canari');
    const before = await count('tips');
    const wrong = await analyst.inject({
      method: 'POST',
      url: '/api/tips',
      payload: { channel: 'place', facts: 'Des faits', answers: { nickname: 'x' } },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0]).toMatchObject({
      field: 'answers.nickname',
      rule: 'tips_question_other_channel',
    });
    expect(await count('tips')).toBe(before);
  });

  it('flags a tip not actioned within the set delay', async () => {
    const { id } = await phoneTip();
    const flagged = async () =>
      (await analyst.inject({ method: 'GET', url: '/api/tips' }))
        .json()
        .items.find((i: { id: string }) => i.id === id).overdue;
    expect(await flagged()).toBe(false);
    const flaggedLater = () =>
      later(8, async () => {
        const fresh = await t.as('police_analyst', { organisationId: service });
        const items = (await fresh.inject({ method: 'GET', url: '/api/tips' })).json().items;
        return items.find((i: { id: string }) => i.id === id).overdue as boolean;
      });
    // Eight days later (sessions do not last that long: a new sign-in reads the queue).
    expect(await flaggedLater()).toBe(true);
    // Assigned to a unit is not actioned yet: still flagged; actioned: no longer.
    await analyst.inject({ method: 'PATCH', url: `/api/tips/${id}`, payload: { unitId } });
    expect(await flaggedLater()).toBe(true);
    await analyst.inject({ method: 'PATCH', url: `/api/tips/${id}`, payload: { status: 'actioned' } });
    expect(await flaggedLater()).toBe(false);
  });
});

describe('units', () => {
  it('renames a unit and replaces its members with people of the service only', async () => {
    const people = await analyst.inject({ method: 'GET', url: '/api/tips/units/people' });
    expect(people.statusCode).toBe(200);
    const ids = people.json().items.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining([analyst.person.id, investigator.person.id]));
    expect(ids).not.toContain(foreignAnalyst.person.id);

    const renamed = await analyst.inject({
      method: 'PATCH',
      url: `/api/tips/units/${unitId}`,
      payload: { name: 'Unité fictive renommée', memberIds: [investigator.person.id, analyst.person.id] },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().name).toBe('Unité fictive renommée');
    expect(renamed.json().memberIds.sort()).toEqual([investigator.person.id, analyst.person.id].sort());

    const foreignMember = await analyst.inject({
      method: 'PATCH',
      url: `/api/tips/units/${unitId}`,
      payload: { memberIds: [foreignAnalyst.person.id] },
    });
    expect(foreignMember.statusCode).toBe(400);
    expect(foreignMember.json().error.details[0].field).toBe('memberIds.0');
    const second = await analyst.inject({
      method: 'POST',
      url: '/api/tips/units',
      payload: { name: 'Deuxième unité fictive', memberIds: [] },
    });
    const taken = await analyst.inject({
      method: 'PATCH',
      url: `/api/tips/units/${second.json().id}`,
      payload: { name: 'Unité fictive renommée' },
    });
    expect(taken.statusCode).toBe(400);
    expect(
      (
        await foreignAnalyst.inject({
          method: 'PATCH',
          url: `/api/tips/units/${unitId}`,
          payload: { name: 'Prise de contrôle' },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await investigator.inject({
          method: 'PATCH',
          url: `/api/tips/units/${unitId}`,
          payload: { name: 'Non' },
        })
      ).statusCode,
    ).toBe(403);
    const audit = await t.platform.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'tips.unit.update')
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe('PDF export for an investigation file', () => {
  it('holds content, triage, answers, notes and the attachment list, never the vault unless asked for', async () => {
    await submitPublicTip(t.platform, {
      channel: 'place',
      facts: 'Récit PDF fictif : activité la nuit au motel.',
      answers: { placeType: 'Motel fictif', hours: 'La nuit' },
      contact: 'Coordonnées-canari 555-0199',
      attachments: [await jpegWithXmp()],
    });
    const row = await t.platform.db
      .selectFrom('tips')
      .select('id')
      .where('has_identity', '=', true)
      .where('channel', '=', 'place')
      .orderBy('received_at', 'desc')
      .executeTakeFirstOrThrow();
    const id = row.id;
    await analyst.inject({
      method: 'POST',
      url: `/api/tips/${id}/notes`,
      payload: { noteText: 'Note pour le dossier fictif.' },
    });
    // Text the standard PDF fonts cannot draw goes through toWinAnsi instead of failing the export.
    await analyst.inject({
      method: 'POST',
      url: `/api/tips/${id}/notes`,
      payload: { noteText: 'Deuxième note 🙂 avec 12\u202f000 $ et « guillemets »' },
    });
    await analyst.inject({
      method: 'PATCH',
      url: `/api/tips/${id}`,
      payload: { unitId, priority: 'urgent' },
    });

    const response = await analyst.inject({ method: 'GET', url: `/api/tips/${id}/pdf?${PURPOSE}` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(response.rawPayload);
    const unitName = (await analyst.inject({ method: 'GET', url: '/api/tips/units' }))
      .json()
      .items.find((u: { id: string }) => u.id === unitId).name as string;
    for (const expected of [
      'Récit PDF fictif',
      'Motel fictif',
      'Note pour le dossier fictif.',
      'Urgente',
      unitName,
      'image/jpeg',
      'Deuxième note ? avec 12 000 $ et « guillemets »',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text).not.toContain('Coordonnées-canari');

    // The vault: only analysts, only on request; investigators are refused.
    const withVault = await analyst.inject({
      method: 'GET',
      url: `/api/tips/${id}/pdf?${PURPOSE}&includeIdentity=true`,
    });
    expect(await pdfText(withVault.rawPayload)).toContain('Coordonnées-canari');
    expect(
      (
        await investigator.inject({
          method: 'GET',
          url: `/api/tips/${id}/pdf?${PURPOSE}&includeIdentity=true`,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await investigator.inject({ method: 'GET', url: `/api/tips/${id}/pdf?${PURPOSE}` })).statusCode,
    ).toBe(200);
    expect(
      (await foreignAnalyst.inject({ method: 'GET', url: `/api/tips/${id}/pdf?${PURPOSE}` })).statusCode,
    ).toBe(404);
    expect((await analyst.inject({ method: 'GET', url: `/api/tips/${id}/pdf` })).statusCode).toBe(400);

    const audit = await t.platform.db
      .selectFrom('audit_log')
      .select('entry')
      .where('action', '=', 'tips.tip.export_pdf')
      .where('target_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit).toHaveLength(3);
    const entries = audit.map((a) => JSON.parse(a.entry));
    expect(entries.every((e) => e.purpose === 'Enquête fictive')).toBe(true);
    expect(entries.map((e) => e.meta.identity)).toEqual([false, true, false]);
    expect(JSON.stringify(audit)).not.toContain('canari');
  });
});
