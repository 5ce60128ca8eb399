import { describe, expect, it } from 'vitest';
import { REGION_TIME_ZONE } from '../../../shared/time-zone.js';
import { csvCell } from '../../platform/http/csv.js';
import {
  addDays,
  coverageHoles,
  endsSoon,
  localDate,
  mandateStatus,
  rangesOverlap,
} from './network.rules.js';

describe('network rules', () => {
  it('derives a mandate status from its inclusive dates', () => {
    expect(mandateStatus({ start_on: '2026-07-01', end_on: null }, '2026-06-15')).toBe('planned');
    expect(mandateStatus({ start_on: '2026-01-01', end_on: null }, '2026-06-15')).toBe('active');
    expect(mandateStatus({ start_on: '2026-01-01', end_on: '2026-06-15' }, '2026-06-15')).toBe('active');
    expect(mandateStatus({ start_on: '2026-01-01', end_on: '2026-06-14' }, '2026-06-15')).toBe('ended');
  });

  it('finds overlapping ranges, open ends included', () => {
    expect(
      rangesOverlap({ from: '2026-01-01', to: '2026-01-10' }, { from: '2026-01-10', to: '2026-01-12' }),
    ).toBe(true);
    expect(rangesOverlap({ from: '2026-01-01', to: '2026-01-09' }, { from: '2026-01-10', to: null })).toBe(
      false,
    );
    expect(rangesOverlap({ from: '2026-01-01', to: null }, { from: '2030-01-10', to: null })).toBe(true);
    expect(rangesOverlap({ from: '2026-02-01', to: null }, { from: '2026-01-01', to: '2026-01-31' })).toBe(
      false,
    );
  });

  it('warns for an end within 60 days, today and the 60th day included', () => {
    expect(endsSoon({ end_on: '2026-06-15' }, '2026-06-15')).toBe(true);
    expect(endsSoon({ end_on: addDays('2026-06-15', 60) }, '2026-06-15')).toBe(true);
    expect(endsSoon({ end_on: addDays('2026-06-15', 61) }, '2026-06-15')).toBe(false);
    expect(endsSoon({ end_on: '2026-06-14' }, '2026-06-15')).toBe(false);
    expect(endsSoon({ end_on: null }, '2026-06-15')).toBe(false);
  });

  it('takes the calendar day in the region, not in UTC', () => {
    expect(localDate(new Date('2026-06-16T02:30:00Z'), REGION_TIME_ZONE)).toBe('2026-06-15');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('finds the holes of the coverage matrix', () => {
    const holes = coverageHoles([
      { organisationId: 'a', mandates: ['action_plan'], functions: ['prevention', 'detection'] },
      { organisationId: 'b', mandates: [], functions: [] },
    ]);
    expect(holes.uncoveredMandates).toEqual(['contribution_zones', 'training_content', 'service_trajectory']);
    expect(holes.uncoveredFunctions).toEqual(['intervention', 'accompaniment']);
    expect(holes.organisationsCoveringNothing).toEqual(['b']);
  });

  it('quotes CSV cells and neutralises formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell(3)).toBe('3');
  });
});
