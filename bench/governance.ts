import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { computeGovernanceSection } from '../src/server/modules/governance/governance.report.js';
import * as meetings from '../src/server/modules/governance/meetings.repository.js';
import * as plan from '../src/server/modules/governance/plan.repository.js';
import { rollUp } from '../src/server/modules/governance/plan.rules.js';
import type { Database } from '../src/server/platform/db/database.js';
import { REGION_TIME_ZONE } from '../src/shared/time-zone.js';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function time(runs: number, work: () => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return {
    p50: Math.round(percentile(samples, 50) * 10) / 10,
    p99: Math.round(percentile(samples, 99) * 10) / 10,
  };
}

/**
 * Fills an empty database with a large action plan (4 mandates × `meansPer` means × `actionsPer`
 * actions) and five years of monthly meetings with 40 invitees each, then times the plan tree with
 * its weighted roll-up and the governance section of the annual report (milliseconds, p50/p99).
 */
export async function benchGovernance(
  database: Database,
  options: { meansPer?: number; actionsPer?: number; runs?: number } = {},
) {
  const { db } = database;
  const meansPer = options.meansPer ?? 10;
  const actionsPer = options.actionsPer ?? 50;
  const runs = options.runs ?? 30;
  const org = await db
    .insertInto('organisations')
    .values({ name: 'Organisation de mesure', type: 'community', region: 'Région de mesure' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const people = await db
    .insertInto('people')
    .values(
      Array.from({ length: 40 }, (_, i) => ({
        organisation_id: org.id,
        given_name: 'Mesure',
        family_name: `Personne ${i}`,
        email: `mesure-${i}@bench.test`,
        status: 'active' as const,
      })),
    )
    .returning('id')
    .execute();
  let items = 0;
  for (let m = 0; m < 4; m += 1) {
    const mandate = await plan.insertPlanItem(db, {
      parent_id: null,
      kind: 'mandate',
      title_fr: `Mandat ${m}`,
      title_en: `Mandate ${m}`,
      description: null,
      start_date: '2022-01-01',
      due_date: '2027-12-31',
      status: 'in_progress',
      progress: 0,
      weight: 1,
      position: m,
    });
    items += 1;
    for (let n = 0; n < meansPer; n += 1) {
      const means = await plan.insertPlanItem(db, {
        parent_id: mandate,
        kind: 'means',
        title_fr: `Moyen ${m}.${n}`,
        title_en: `Means ${m}.${n}`,
        description: null,
        start_date: '2022-01-01',
        due_date: '2027-06-30',
        status: 'in_progress',
        progress: 0,
        weight: 1 + (n % 3),
        position: n,
      });
      items += 1;
      const progress = Array.from({ length: actionsPer }, (_, a) => (a * 37 + n * 11) % 101);
      await sql`
        insert into gov_plan_items (parent_id, kind, title_fr, title_en, start_date, due_date, status, progress, weight, position)
        select ${means}::uuid, 'action', 'Action ' || i, 'Action ' || i, date '2022-01-01', date '2024-01-01' + (i * 13 % 1500),
               case when p = 100 then 'done' else 'in_progress' end, p, 1 + i % 2, i
        from unnest(${progress}::int[]) with ordinality as t(p, n), lateral (select n::int as i) as x`.execute(
        db,
      );
      items += actionsPer;
    }
  }
  for (let month = 0; month < 60; month += 1) {
    const starts = new Date(Date.UTC(2022, month, 12, 17, 30));
    const id = await meetings.insertMeeting(db, {
      title: `Rencontre ${month}`,
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 2 * 3_600_000),
      place: 'Salle',
      video_url: null,
      restricted: false,
      created_by: people[0]!.id,
    });
    await meetings.setInvitations(
      db,
      id,
      people.map((p) => p.id),
    );
    await sql`update gov_invitations set attendance = case when random() < 0.8 then 'present' else 'absent' end where meeting_id = ${id}`.execute(
      db,
    );
    await db
      .updateTable('gov_meetings')
      .set({ status: 'closed', minutes: 'PV' })
      .where('id', '=', id)
      .execute();
    await meetings.insertDecision(db, {
      meeting_id: id,
      text: 'Décision',
      plan_item_id: null,
      created_by: people[0]!.id,
    });
  }
  const tree = await time(runs, async () => {
    const rows = await plan.listPlanItems(db);
    return rollUp(
      rows.map((r) => ({
        id: r.id,
        parentId: r.parent_id,
        weight: r.weight,
        progress: r.progress,
        status: r.status,
      })),
    );
  });
  const report = await time(runs, () =>
    computeGovernanceSection(db, {
      year: 2024,
      locale: 'fr-CA',
      timeZone: REGION_TIME_ZONE,
      now: new Date('2026-11-22T12:00:00Z'),
    }),
  );
  return { planItems: items, meetings: 60, planTreeMs: tree, annualReportSectionMs: report };
}
