import type { Actor } from '../../platform/authz/actor.js';
import { canDecideRequest, canReviewEmergency } from './access.policy.js';
import type { EmergencyRow, RequestRow } from './access.repository.js';
import type { AccessReview } from './access-review.service.js';

const ref = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

export function presentRequest(actor: Actor, r: RequestRow) {
  return {
    id: r.id,
    person: ref(r.person_id, r.person_name),
    role: r.role,
    status: r.status,
    proposedBy: ref(r.proposed_by, r.proposed_by_name),
    proposedAt: r.proposed_at.toISOString(),
    decidedBy: ref(r.decided_by, r.decided_by_name),
    decidedAt: r.decided_at?.toISOString() ?? null,
    canDecide: r.status === 'pending' && canDecideRequest(actor, r),
  };
}

export function presentPendingRole(r: RequestRow) {
  return {
    id: r.id,
    role: r.role,
    proposedBy: ref(r.proposed_by, r.proposed_by_name),
    proposedAt: r.proposed_at.toISOString(),
  };
}

export function presentEmergency(actor: Actor, e: EmergencyRow & { justificationText: string }, now: Date) {
  const endedAt = e.ended_at ?? (e.expires_at <= now ? e.expires_at : null);
  return {
    id: e.id,
    administrator: ref(e.person_id, e.person_name),
    organisation: { id: e.organisation_id, name: e.organisation_name },
    roles: e.roles,
    justification: e.justificationText,
    startedAt: e.started_at.toISOString(),
    expiresAt: e.expires_at.toISOString(),
    endedAt: endedAt?.toISOString() ?? null,
    active: endedAt === null,
    actions: e.actions,
    review: {
      status: e.review_status,
      by: ref(e.reviewed_by, e.reviewed_by_name),
      at: e.reviewed_at?.toISOString() ?? null,
    },
    canReview: e.review_status === 'pending' && canReviewEmergency(actor, e),
  };
}

export function presentAccessReview(actor: Actor, review: AccessReview, now: Date) {
  return {
    organisation: {
      id: review.organisation.id,
      name: review.organisation.name,
      type: review.organisation.type,
    },
    holdings: review.holdings.map((h) => ({
      person: { id: h.person_id, name: `${h.given_name} ${h.family_name}`, status: h.status },
      role: h.role,
      consent: h.consent,
      since: h.granted_at.toISOString(),
      grantedBy: ref(h.granted_by, h.granted_by_name),
      approvedBy: ref(h.approved_by, h.approved_by_name),
      approvedAt: h.approved_at?.toISOString() ?? null,
    })),
    requests: review.requests.map((r) => presentRequest(actor, r)),
    emergencies: review.emergencies.map((e) => presentEmergency(actor, e, now)),
    bootstrap:
      review.bootstrap?.bootstrap_at && review.bootstrap.bootstrap_person_id
        ? {
            person: ref(review.bootstrap.bootstrap_person_id, review.bootstrap.bootstrap_person_name),
            by: ref(review.bootstrap.bootstrap_by, review.bootstrap.bootstrap_by_name),
            at: review.bootstrap.bootstrap_at.toISOString(),
          }
        : null,
    lastAttestation: review.lastAttestation
      ? {
          by: ref(review.lastAttestation.attested_by, review.lastAttestation.attested_by_name),
          at: review.lastAttestation.attested_at.toISOString(),
          holdings: review.lastAttestation.holdings,
        }
      : null,
    dueAt: review.dueAt.toISOString(),
    overdue: review.dueAt <= now,
  };
}
