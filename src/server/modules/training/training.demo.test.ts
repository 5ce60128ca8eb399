import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/support/app.js';
import { openDemo } from '../../../../test/support/demo.js';
import { prerequisiteTrainingSource } from '../network/index.js';

let demo: TestApp;
beforeAll(async () => {
  demo = await openDemo({ now: new Date('2026-11-20T15:00:00Z') });
});
afterAll(async () => {
  await demo.close();
});

describe('training demo data', () => {
  it('has the programme: course 1 required by 2 and 3, train-the-trainer requiring 1–3, an open course, information sessions', async () => {
    const worker = await demo.as('worker');
    const courses = (await worker.inject({ method: 'GET', url: '/api/training/courses' })).json().items;
    const byCode = new Map(courses.map((c: { code: string; id: string }) => [c.code, c]));
    const c1 = byCode.get('PIJ-101') as { id: string; durationDays: number; networkPrerequisite: boolean };
    expect(c1).toMatchObject({ durationDays: 2, networkPrerequisite: true });
    for (const code of ['CYB-201', 'GAR-301']) {
      expect((byCode.get(code) as { prerequisiteIds: string[] }).prerequisiteIds).toEqual([c1.id]);
    }
    expect((byCode.get('FDF-401') as { prerequisiteIds: string[] }).prerequisiteIds).toHaveLength(3);
    expect(byCode.get('PRX-501')).toMatchObject({ openToOutside: true });
    expect(
      courses.filter((c: { kind: string }) => c.kind === 'information_session').length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('has more than 1,000 people trained over about fifteen years, across organisation types', async () => {
    const row = await demo.platform.db
      .selectFrom('training_completions')
      .select([
        sql<number>`count(distinct participant_id)::int`.as('people'),
        sql<string>`min(completed_on)::text`.as('first'),
        sql<number>`count(distinct extract(year from completed_on))::int`.as('years'),
        sql<number>`count(distinct organisation_type)::int`.as('types'),
      ])
      .executeTakeFirstOrThrow();
    expect(row.people).toBeGreaterThan(1000);
    expect(row.first.slice(0, 4)).toBe('2011');
    expect(row.years).toBeGreaterThanOrEqual(15);
    expect(row.types).toBeGreaterThanOrEqual(8);
  });

  it('has upcoming sessions with a wait list, and trained pivots for the network', async () => {
    const worker = await demo.as('worker');
    const sessions = (
      await worker.inject({ method: 'GET', url: '/api/training/sessions?from=2026-11-20T00:00:00Z' })
    ).json().items;
    expect(sessions.length).toBeGreaterThanOrEqual(4);
    expect(
      sessions.some((s: { waitlisted: number; seatsLeft: number }) => s.waitlisted > 0 && s.seatsLeft === 0),
    ).toBe(true);
    const pivots = await demo.platform.db
      .selectFrom('person_roles')
      .select('person_id')
      .where('role', '=', 'pivot')
      .execute();
    const trained = await prerequisiteTrainingSource().completedPrerequisite(
      demo.platform.db,
      pivots.map((p) => p.person_id),
    );
    expect(trained.size).toBeGreaterThan(pivots.length / 2);
  });
});
