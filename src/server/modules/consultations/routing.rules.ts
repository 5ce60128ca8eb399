// Who a consultation is routed to: pure functions over the pivots on duty, so the ranking is tested
// without a database. The service reads the pivots (network module) and stores what comes out.

import type { ConsultationTarget } from '../../../shared/contracts/consultations.values.js';
import { CONSULTATION_MAX_RECIPIENTS } from '../../../shared/contracts/consultations.values.js';

/** A pivot on duty today, as routing reads it. */
export interface RoutingCandidate {
  personId: string;
  organisationId: string;
  region: string;
  expertise: readonly string[];
  /** Languages of the mandate; none recorded counts as French, the region's language. */
  languages: readonly string[];
  absent: boolean;
}

export interface RoutingRequest {
  askerPersonId: string;
  askerOrganisationId: string;
  askerRegion: string;
  language: string;
  target: ConsultationTarget;
  targetPersonId?: string | undefined;
  targetOrganisationId?: string | undefined;
  targetExpertise?: string | undefined;
  /** The subjects of the question: pivots who have more of them come first within a tier. */
  expertise: readonly string[];
}

export interface RankedRecipient {
  personId: string;
  organisationId: string;
  /** 1 for the first pivot asked. */
  rank: number;
}

export type RoutingResult =
  | { kind: 'routed'; recipients: RankedRecipient[] }
  /** Nobody fits: the consultation waits for the coordinators, who are told. */
  | { kind: 'unrouted' }
  /**
   * The pivot aimed at is absent, off duty or the asker (`language`: on duty, but not speaking the
   * language of the exchange): the asker must choose again.
   */
  | { kind: 'pivot_unavailable'; reason: 'off_duty' | 'language' }
  /** No pivot of the organisation aimed at is on duty, present and speaking the language. */
  | { kind: 'organisation_unavailable' };

const sameRegion = (a: string, b: string) =>
  a.trim().toLocaleLowerCase('fr') === b.trim().toLocaleLowerCase('fr');

export function speaks(candidate: Pick<RoutingCandidate, 'languages'>, language: string): boolean {
  return candidate.languages.length === 0 ? language === 'fr' : candidate.languages.includes(language);
}

/**
 * The pivots to ask, best first: never the asker, never an absent pivot, only those speaking the
 * language of the exchange; the asker's own organisation first, then organisations of the same region
 * (pivots of other regions are not asked); within a tier, the pivots with more of the question's
 * subjects first. A pivot aimed at is asked alone when available and speaking the language. An
 * organisation aimed at: its pivots (none on duty speaking the language: `organisation_unavailable`).
 * An expertise aimed at: only pivots who have it. At most `limit` pivots.
 */
export function routeConsultation(
  request: RoutingRequest,
  candidates: readonly RoutingCandidate[],
  limit: number = CONSULTATION_MAX_RECIPIENTS,
): RoutingResult {
  const available = candidates.filter((c) => !c.absent && c.personId !== request.askerPersonId);
  if (request.target === 'pivot') {
    const pivot = available.find((c) => c.personId === request.targetPersonId);
    if (!pivot) return { kind: 'pivot_unavailable', reason: 'off_duty' };
    if (!speaks(pivot, request.language)) return { kind: 'pivot_unavailable', reason: 'language' };
    return {
      kind: 'routed',
      recipients: [{ personId: pivot.personId, organisationId: pivot.organisationId, rank: 1 }],
    };
  }
  let pool = available.filter((c) => speaks(c, request.language));
  if (request.target === 'organisation') {
    pool = pool.filter((c) => c.organisationId === request.targetOrganisationId);
    // The asker chose that organisation: say so now rather than leave it waiting for the coordinators.
    if (pool.length === 0) return { kind: 'organisation_unavailable' };
  } else {
    pool = pool.filter(
      (c) => c.organisationId === request.askerOrganisationId || sameRegion(c.region, request.askerRegion),
    );
    if (request.target === 'expertise')
      pool = pool.filter(
        (c) => request.targetExpertise !== undefined && c.expertise.includes(request.targetExpertise),
      );
  }
  if (pool.length === 0) return { kind: 'unrouted' };
  const wanted = new Set(request.expertise);
  const tier = (c: RoutingCandidate) => (c.organisationId === request.askerOrganisationId ? 0 : 1);
  const matches = (c: RoutingCandidate) => c.expertise.filter((e) => wanted.has(e)).length;
  const ranked = [...pool].sort(
    (a, b) => tier(a) - tier(b) || matches(b) - matches(a) || a.personId.localeCompare(b.personId),
  );
  return {
    kind: 'routed',
    recipients: ranked.slice(0, limit).map((c, index) => ({
      personId: c.personId,
      organisationId: c.organisationId,
      rank: index + 1,
    })),
  };
}
