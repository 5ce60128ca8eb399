import { describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/roles.js';
import { canCorrectParticipant, type Viewer } from './training.policy.js';

const viewer = (personId: string, ...roles: Role[]): Viewer => ({
  personId,
  organisationId: 'org',
  roles: new Set(roles),
});

describe('who corrects an outside participant', () => {
  const theirs = { source: 'invited' as const, sessionTrainerIds: ['trainer-a'] };

  it('is the table for anyone, and a trainer for the people of the sessions they give', () => {
    expect(canCorrectParticipant(viewer('c', 'table_coordinator'), theirs)).toBe(true);
    expect(canCorrectParticipant(viewer('admin', 'admin'), theirs)).toBe(true);
    expect(canCorrectParticipant(viewer('trainer-a', 'trainer'), theirs)).toBe(true);
    expect(canCorrectParticipant(viewer('trainer-b', 'trainer'), theirs)).toBe(false);
    // Giving the session is not enough without the role (a former trainer), nor is any other role.
    expect(canCorrectParticipant(viewer('trainer-a', 'worker'), theirs)).toBe(false);
    for (const role of ['org_coordinator', 'worker', 'pivot', 'privacy_officer'] as const) {
      expect(canCorrectParticipant(viewer('x', role), theirs), role).toBe(false);
    }
  });

  it('is nobody for a member or a participant of past years', () => {
    for (const source of ['member', 'history'] as const) {
      const record = { source, sessionTrainerIds: ['trainer-a'] };
      expect(canCorrectParticipant(viewer('c', 'table_coordinator'), record)).toBe(false);
      expect(canCorrectParticipant(viewer('trainer-a', 'trainer'), record)).toBe(false);
    }
  });
});
