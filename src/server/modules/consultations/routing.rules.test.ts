import { describe, expect, it } from 'vitest';
import { dueAt, identifyingProblems, isOverdue } from './consultations.rules.js';
import { type RoutingCandidate, type RoutingRequest, routeConsultation } from './routing.rules.js';

const OWN = 'org-own';
const NEAR = 'org-near';
const FAR = 'org-far';

function pivot(
  personId: string,
  organisationId: string,
  more: Partial<RoutingCandidate> = {},
): RoutingCandidate {
  return {
    personId,
    organisationId,
    region: organisationId === FAR ? 'Montréal' : 'Capitale-Nationale',
    expertise: [],
    languages: ['fr'],
    absent: false,
    ...more,
  };
}

function ask(more: Partial<RoutingRequest> = {}): RoutingRequest {
  return {
    askerPersonId: 'asker',
    askerOrganisationId: OWN,
    askerRegion: 'capitale-nationale ',
    language: 'fr',
    target: 'automatic',
    expertise: [],
    ...more,
  };
}

const ids = (result: ReturnType<typeof routeConsultation>) =>
  result.kind === 'routed' ? result.recipients.map((r) => r.personId) : result.kind;

describe('routing of a consultation', () => {
  it('asks the own organisation first, then the same region, never another region', () => {
    const result = routeConsultation(ask(), [
      pivot('c-near', NEAR),
      pivot('b-own', OWN),
      pivot('a-far', FAR),
    ]);
    expect(ids(result)).toEqual(['b-own', 'c-near']);
    expect(result.kind === 'routed' && result.recipients.map((r) => r.rank)).toEqual([1, 2]);
  });

  it('skips an absent pivot and never asks the asker', () => {
    const result = routeConsultation(ask({ askerPersonId: 'me' }), [
      pivot('me', OWN),
      pivot('away', OWN, { absent: true }),
      pivot('here', NEAR),
    ]);
    expect(ids(result)).toEqual(['here']);
  });

  it('matches the language of the exchange (no language recorded counts as French)', () => {
    const candidates = [
      pivot('fr-only', OWN),
      pivot('en-only', OWN, { languages: ['en'] }),
      pivot('both', NEAR, { languages: ['fr', 'en'] }),
      pivot('unrecorded', NEAR, { languages: [] }),
    ];
    expect(ids(routeConsultation(ask({ language: 'en' }), candidates))).toEqual(['en-only', 'both']);
    expect(ids(routeConsultation(ask({ language: 'fr' }), candidates))).toEqual([
      'fr-only',
      'both',
      'unrecorded',
    ]);
  });

  it('asks only pivots with an expertise aimed at, own organisation first', () => {
    const candidates = [
      pivot('near-boys', NEAR, { expertise: ['boys'] }),
      pivot('own-schools', OWN, { expertise: ['schools'] }),
      pivot('own-boys', OWN, { expertise: ['boys', 'legal'] }),
    ];
    expect(ids(routeConsultation(ask({ target: 'expertise', targetExpertise: 'boys' }), candidates))).toEqual(
      ['own-boys', 'near-boys'],
    );
  });

  it('puts pivots with more of the subjects first within a tier', () => {
    const candidates = [
      pivot('a-none', OWN),
      pivot('b-one', OWN, { expertise: ['hotels'] }),
      pivot('c-two', OWN, { expertise: ['hotels', 'online_exploitation'] }),
      pivot('d-near-two', NEAR, { expertise: ['hotels', 'online_exploitation'] }),
    ];
    expect(ids(routeConsultation(ask({ expertise: ['hotels', 'online_exploitation'] }), candidates))).toEqual(
      ['c-two', 'b-one', 'a-none', 'd-near-two'],
    );
  });

  it('asks the pivots of an organisation aimed at, even of another region', () => {
    const candidates = [pivot('own', OWN), pivot('far-1', FAR), pivot('far-2', FAR, { absent: true })];
    expect(
      ids(routeConsultation(ask({ target: 'organisation', targetOrganisationId: FAR }), candidates)),
    ).toEqual(['far-1']);
  });

  it('asks a pivot aimed at alone, or says they are unavailable', () => {
    const candidates = [pivot('chosen', FAR), pivot('other', OWN), pivot('away', OWN, { absent: true })];
    expect(ids(routeConsultation(ask({ target: 'pivot', targetPersonId: 'chosen' }), candidates))).toEqual([
      'chosen',
    ]);
    expect(ids(routeConsultation(ask({ target: 'pivot', targetPersonId: 'away' }), candidates))).toBe(
      'pivot_unavailable',
    );
    expect(ids(routeConsultation(ask({ target: 'pivot', targetPersonId: 'nobody' }), candidates))).toBe(
      'pivot_unavailable',
    );
    expect(
      ids(
        routeConsultation(ask({ target: 'pivot', targetPersonId: 'asker', askerPersonId: 'asker' }), [
          pivot('asker', OWN),
        ]),
      ),
    ).toBe('pivot_unavailable');
  });

  it('refuses a pivot aimed at who does not speak the language of the exchange', () => {
    const candidates = [pivot('french', OWN), pivot('both', OWN, { languages: ['fr', 'en'] })];
    expect(
      routeConsultation(ask({ target: 'pivot', targetPersonId: 'french', language: 'en' }), candidates),
    ).toEqual({ kind: 'pivot_unavailable', reason: 'language' });
    expect(
      ids(routeConsultation(ask({ target: 'pivot', targetPersonId: 'both', language: 'en' }), candidates)),
    ).toEqual(['both']);
    expect(
      routeConsultation(ask({ target: 'pivot', targetPersonId: 'nobody', language: 'en' }), candidates),
    ).toEqual({ kind: 'pivot_unavailable', reason: 'off_duty' });
  });

  it('says so when no pivot of an organisation aimed at is on duty speaking the language', () => {
    const candidates = [
      pivot('far-fr', FAR),
      pivot('far-away', FAR, { absent: true, languages: ['en'] }),
      pivot('own-en', OWN, { languages: ['en'] }),
    ];
    expect(
      routeConsultation(
        ask({ target: 'organisation', targetOrganisationId: FAR, language: 'en' }),
        candidates,
      ),
    ).toEqual({ kind: 'organisation_unavailable' });
    expect(
      routeConsultation(ask({ target: 'organisation', targetOrganisationId: NEAR }), candidates),
    ).toEqual({ kind: 'organisation_unavailable' });
  });

  it('leaves the consultation for the coordinators when nobody fits', () => {
    expect(routeConsultation(ask(), [])).toEqual({ kind: 'unrouted' });
    expect(routeConsultation(ask(), [pivot('far', FAR), pivot('away', OWN, { absent: true })])).toEqual({
      kind: 'unrouted',
    });
    expect(
      routeConsultation(ask({ target: 'expertise', targetExpertise: 'legal' }), [
        pivot('own', OWN, { expertise: ['boys'] }),
      ]),
    ).toEqual({ kind: 'unrouted' });
  });

  it('asks at most the limit, best first', () => {
    const candidates = Array.from({ length: 8 }, (_, i) => pivot(`p${i}`, i < 2 ? OWN : NEAR));
    expect(ids(routeConsultation(ask(), candidates, 3))).toEqual(['p0', 'p1', 'p2']);
  });
});

describe('due time of a consultation', () => {
  const settings = { urgentDueHours: 4, normalDueDays: 2 };
  const zone = 'America/Toronto';

  it('gives an urgent question 4 working hours of the region (Friday 15:00 → Monday 11:00)', () => {
    // Friday 5 June 2026, 15:00 in Québec City (EDT, UTC−4).
    expect(dueAt(new Date('2026-06-05T19:00:00Z'), 'urgent', settings, zone).toISOString()).toBe(
      '2026-06-08T15:00:00.000Z',
    );
  });

  it('gives a normal question 2 business days, skipping a Québec holiday', () => {
    // Friday 19 June 2026, 10:00; Wednesday 24 June is the Fête nationale: due at the end of Tuesday 23.
    expect(dueAt(new Date('2026-06-19T14:00:00Z'), 'normal', settings, zone).toISOString()).toBe(
      '2026-06-24T04:00:00.000Z',
    );
    // Monday 22 June: Tuesday 23, then Thursday 25 (the 24th is a holiday) → end of Thursday.
    expect(dueAt(new Date('2026-06-22T14:00:00Z'), 'normal', settings, zone).toISOString()).toBe(
      '2026-06-26T04:00:00.000Z',
    );
  });

  it('is overdue only while open or taken and unanswered past its due time', () => {
    const due = new Date('2026-06-08T15:00:00Z');
    const after = new Date('2026-06-08T16:00:00Z');
    expect(isOverdue({ status: 'open', due_at: due, first_answer_at: null }, after)).toBe(true);
    expect(isOverdue({ status: 'taken', due_at: due, first_answer_at: null }, after)).toBe(true);
    expect(isOverdue({ status: 'taken', due_at: due, first_answer_at: due }, after)).toBe(false);
    expect(isOverdue({ status: 'withdrawn', due_at: due, first_answer_at: null }, after)).toBe(false);
    expect(isOverdue({ status: 'open', due_at: due, first_answer_at: null }, due)).toBe(false);
  });
});

describe('de-identification of the texts', () => {
  it('names the field and the kinds found, never the excerpt', () => {
    const problems = identifyingProblems(
      {
        observed: 'Elle parle à un homme plus âgé sur Snapchat.',
        question: 'Son numéro est le 418 555-0199, snap: lea.b_2009',
        tried: '',
      },
      'fr-CA',
    );
    expect(problems).toEqual([
      {
        field: 'question',
        rule: 'consultations_identifying',
        params: { kinds: 'un numéro de téléphone, un pseudonyme de réseau social' },
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain('555');
  });
});
