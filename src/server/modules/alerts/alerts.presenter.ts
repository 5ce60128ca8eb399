import type { AlertDetail, AlertListItem } from './alert-reading.service.js';
import type { ProfileDetail, ProfileSummary } from './profiles.service.js';
import type { DisclosureView } from './register.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentProfileSummary(p: ProfileSummary) {
  return {
    id: p.id,
    displayName: p.displayName,
    unit: p.unit,
    hasPhoto: p.hasPhoto,
    episodeCount: p.episodeCount,
    reviewedAt: p.reviewedAt.toISOString(),
    reviewDue: p.reviewDue,
    openAlertId: p.openAlertId,
    archivedAt: iso(p.archivedAt),
    archiveReason: p.archiveReason,
    destroyAfter: iso(p.destroyAfter),
  };
}

export function presentProfile(p: ProfileDetail) {
  return {
    ...presentProfileSummary(p),
    organisationId: p.organisationId,
    content: p.content,
    archiveReasonDetail: p.archiveReasonDetail,
    canEdit: p.canEdit,
    can: p.can,
  };
}

export function presentAlertItem(item: AlertListItem) {
  const a = item.alert;
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    raisedAt: a.raised_at.toISOString(),
    lastSeenAt: a.last_seen_at.toISOString(),
    ownerOrganisationName: a.owner_name,
    acknowledged: item.acknowledged,
    escalated: a.escalated_at !== null,
  };
}

export function presentAlert(d: AlertDetail) {
  const a = d.alert;
  const found = a.found_at;
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    view: d.view,
    raisedAt: a.raised_at.toISOString(),
    lastSeenAt: a.last_seen_at.toISOString(),
    ownerOrganisationId: a.owner_organisation_id,
    ownerOrganisationName: a.owner_name,
    profileId: d.view === 'owner' ? a.profile_id : null,
    legalBasis: a.legal_basis,
    withoutConsent: a.without_consent,
    escalatedAt: iso(a.escalated_at),
    closedAt: iso(a.closed_at),
    outcome: a.outcome,
    placeType: a.place_type as never,
    minutesMissing: found
      ? Math.max(0, Math.round((found.getTime() - a.last_seen_at.getTime()) / 60_000))
      : null,
    content: d.content,
    recipients: d.recipients.map((r) => ({
      organisationId: r.organisation_id,
      organisationName: r.name,
      view: r.view,
      acknowledgedAt: iso(r.acknowledged_at),
    })),
    timeline: d.timeline.map((e) => ({ ...e, at: e.at.toISOString() })),
    returnInterview: d.interview
      ? {
          dueAt: d.interview.due_at.toISOString(),
          status: d.interview.status,
          doneAt: iso(d.interview.done_at),
          exploitationRisksScreened: d.interview.exploitation_risks_screened,
          outcome: d.interview.outcomeText,
        }
      : null,
    can: d.can,
  };
}

export function presentDisclosure(d: DisclosureView) {
  return { ...d, disclosedAt: d.disclosedAt.toISOString(), reviewedAt: iso(d.reviewedAt) };
}
