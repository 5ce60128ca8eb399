import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../test/support/app.js';
import { openDemo } from '../../../../test/support/demo.js';
import { REGION_TIME_ZONE } from '../../../shared/time-zone.js';

let demo: TestApp;
beforeAll(async () => {
  demo = await openDemo({ now: new Date('2026-11-20T15:00:00Z') });
});
afterAll(async () => {
  await demo.close();
});

describe('governance demo data', () => {
  it('has the four mandates with means and actions, some overdue, and rolled-up progress', async () => {
    const coordinator = await demo.as('table_coordinator');
    const plan = (await coordinator.inject({ method: 'GET', url: '/api/governance/plan' })).json();
    const mandates = plan.items.filter((i: { kind: string }) => i.kind === 'mandate');
    expect(mandates).toHaveLength(4);
    expect(plan.items.filter((i: { kind: string }) => i.kind === 'means').length).toBeGreaterThanOrEqual(8);
    expect(plan.items.some((i: { overdue: boolean }) => i.overdue)).toBe(true);
    expect(mandates.every((m: { progress: number }) => m.progress > 0 && m.progress < 100)).toBe(true);
  });

  it('has a year of meetings with attendance, approved minutes and decisions, and announcements read in part', async () => {
    const coordinator = await demo.as('table_coordinator');
    const meetings = (await coordinator.inject({ method: 'GET', url: '/api/governance/meetings' })).json()
      .items;
    const closed = meetings.filter((m: { status: string }) => m.status === 'closed');
    expect(closed.length).toBeGreaterThanOrEqual(10);
    expect(closed.filter((m: { minutesApproved: boolean }) => m.minutesApproved).length).toBe(
      closed.length - 1,
    );
    expect(meetings.some((m: { status: string }) => m.status === 'planned')).toBe(true);
    const detail = (
      await coordinator.inject({ method: 'GET', url: `/api/governance/meetings/${closed[0].id}` })
    ).json();
    expect(detail.decisions.length).toBeGreaterThan(0);
    expect(detail.organisationsPresent.length).toBeGreaterThan(0);

    const sent = (
      await coordinator.inject({ method: 'GET', url: '/api/governance/announcements/sent' })
    ).json().items;
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(
      sent.some(
        (a: { readCount: number; recipientCount: number }) =>
          a.readCount > 0 && a.readCount < a.recipientCount,
      ),
    ).toBe(true);

    const sections = await demo.platform.annualReport.compute(demo.platform.db, {
      year: 2026,
      locale: 'fr-CA',
      timeZone: REGION_TIME_ZONE,
    });
    const section = sections.find((s) => s.key === 'governance')!;
    expect(section.figures[0]!.value).toBeGreaterThanOrEqual(8);
    expect(section.charts[0]!.categories).toHaveLength(4);
  });
});
