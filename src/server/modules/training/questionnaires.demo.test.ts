import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/support/app.js';
import { openDemo } from '../../../../test/support/demo.js';

let demo: TestApp;
beforeAll(async () => {
  demo = await openDemo({ now: new Date('2026-11-20T15:00:00Z') });
});
afterAll(async () => {
  await demo.close();
});

describe('questionnaire demo data', () => {
  it('has a default evaluation answered for the sessions already given', async () => {
    const coordinator = await demo.as('table_coordinator');
    const list = (await coordinator.inject({ method: 'GET', url: '/api/training/questionnaires' })).json()
      .items;
    expect(list.filter((q: { isDefault: boolean }) => q.isDefault)).toHaveLength(1);
    const sessions = (
      await coordinator.inject({ method: 'GET', url: '/api/training/evaluations/results' })
    ).json().items as Array<{ session: { id: string }; responses: number }>;
    const answered = sessions.find((s) => s.responses >= 3);
    expect(answered).toBeDefined();
    const results = await coordinator.inject({
      method: 'GET',
      url: `/api/training/evaluations/results/sessions/${answered!.session.id}`,
    });
    expect(results.json().blocks[0]).toMatchObject({ detailed: true });
  });

  it('has a closed needs survey with results by organisation type and an open one', async () => {
    const coordinator = await demo.as('table_coordinator');
    const surveys = (
      await coordinator.inject({ method: 'GET', url: '/api/training/questionnaires?kind=survey' })
    ).json().items as Array<{ id: string; state: string; responseCount: number }>;
    expect(surveys.map((s) => s.state).sort()).toEqual(['closed', 'open']);
    const closed = surveys.find((s) => s.state === 'closed')!;
    expect(closed.responseCount).toBeGreaterThanOrEqual(10);
    const results = (
      await coordinator.inject({ method: 'GET', url: `/api/training/surveys/${closed.id}/results` })
    ).json();
    expect(results.byType.length).toBeGreaterThanOrEqual(3);
  });

  it('shows more than 1,000 people trained since the start in the figures and the annual report', async () => {
    const researcher = await demo.as('researcher');
    const figures = (await researcher.inject({ method: 'GET', url: '/api/training/figures' })).json();
    expect(figures.total).toBeGreaterThan(1000);
    expect(figures.years.at(-1).cumulative).toBe(figures.total);
    expect(figures.years.length).toBeGreaterThanOrEqual(15);
    const coordinator = await demo.as('table_coordinator');
    const full = (await coordinator.inject({ method: 'GET', url: '/api/training/figures' })).json();
    expect(full.pivots.trained).toBeGreaterThan(0);
    expect(full.pivots.people.length).toBe(full.pivots.active);
    const report = (await coordinator.inject({ method: 'GET', url: '/api/reports/annual/2025' })).json();
    const section = report.sections.find((s: { key: string }) => s.key === 'training');
    expect(section.figures[2].value).toBeGreaterThan(1000);
  });
});
