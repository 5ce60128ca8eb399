import type { Actor } from '../../platform/authz/actor.js';
import type { searchDirectory } from './directory.service.js';
import { canEditNetwork, canManageOrganisationPivots, canSeeContactDetails } from './network.policy.js';
import { endsSoon, mandateStatus } from './network.rules.js';
import type { OrganisationNetwork } from './partners.service.js';
import type { WarningRow } from './warnings.repository.js';

type ContactRow = {
  id: string;
  organisation_id: string;
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
};

/** A contact as the actor may see it: e-mail and phone only for coordination and that organisation's coordinator. */
export function presentContact(actor: Actor, row: ContactRow) {
  const details = canSeeContactDetails(actor, { organisationId: row.organisation_id });
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    ...(details ? { email: row.email, phone: row.phone } : {}),
  };
}

function presentPersonRef(
  actor: Actor,
  row: {
    person_id: string;
    organisation_id: string;
    given_name: string;
    family_name: string;
    email: string;
    phone: string | null;
  },
) {
  const details = canSeeContactDetails(actor, {
    organisationId: row.organisation_id,
    personId: row.person_id,
  });
  return {
    id: row.person_id,
    name: `${row.given_name} ${row.family_name}`,
    ...(details ? { email: row.email, phone: row.phone } : {}),
  };
}

export function presentOrganisationNetwork(actor: Actor, data: OrganisationNetwork) {
  const { organisation, agreement, today } = data;
  return {
    organisation: {
      id: organisation.id,
      name: organisation.name,
      shortName: organisation.short_name,
      type: organisation.type,
      region: organisation.region,
      active: organisation.active,
    },
    contributions: { mandates: data.profile.mandates, functions: data.profile.functions },
    coverage: data.coverage,
    agreement: agreement
      ? {
          signedOn: agreement.signed_on,
          signatories: agreement.signatories,
          releasedPerson:
            agreement.released_person_id && agreement.released_given_name
              ? {
                  id: agreement.released_person_id,
                  name: `${agreement.released_given_name} ${agreement.released_family_name ?? ''}`.trim(),
                }
              : null,
          commitment: agreement.commitment,
          renewalOn: agreement.renewal_on,
          document:
            agreement.document_file_id && agreement.document_filename
              ? { filename: agreement.document_filename, sizeBytes: Number(agreement.document_size ?? 0) }
              : null,
        }
      : null,
    contacts: data.contacts.map((c) => presentContact(actor, c)),
    pivots: data.mandates.map((m) => {
      const absence = m.absences.find((a) => a.from_on <= today && a.to_on >= today);
      return {
        id: m.id,
        person: presentPersonRef(actor, m),
        startOn: m.start_on,
        endOn: m.end_on,
        status: mandateStatus(m, today),
        endingSoon: endsSoon(m, today),
        expertise: m.expertise,
        languages: m.languages,
        prerequisiteCompletedOn: m.prerequisite_completed_on,
        trained: m.trained,
        absentUntil: absence?.to_on ?? null,
        absences: m.absences.map((a) => ({ id: a.id, fromOn: a.from_on, toOn: a.to_on, reason: a.reason })),
        successorMandateId: m.successor_mandate_id,
      };
    }),
    warnings: data.warnings.map((w: WarningRow) => ({
      id: w.id,
      kind: w.kind,
      params: w.params,
      openedAt: w.opened_at.toISOString(),
    })),
    today,
    permissions: {
      edit: canEditNetwork(actor),
      managePivots: canManageOrganisationPivots(actor, organisation.id),
      seeContacts: canSeeContactDetails(actor, { organisationId: organisation.id }),
    },
  };
}

export function presentDirectory(
  actor: Actor,
  result: Awaited<ReturnType<typeof searchDirectory>>,
  regions: string[],
  page: { page: number; pageSize: number },
) {
  const contactsOf = (organisationId: string) =>
    result.contacts.filter((c) => c.organisation_id === organisationId).map((c) => presentContact(actor, c));
  return {
    organisations: {
      total: result.organisations.total,
      items: result.organisations.rows.map((o) => ({
        id: o.id,
        name: o.name,
        shortName: o.short_name,
        type: o.type,
        region: o.region,
        activePivots: Number(o.active_pivots),
        contacts: contactsOf(o.id),
      })),
    },
    pivots: {
      total: result.pivots.total,
      items: result.pivots.rows.map((p) => ({
        mandateId: p.id,
        person: presentPersonRef(actor, p),
        organisation: { id: p.organisation_id, name: p.organisation_name },
        expertise: p.expertise,
        languages: p.languages,
        endOn: p.end_on,
        absentUntil: p.absent_until,
        organisationContacts: contactsOf(p.organisation_id),
      })),
    },
    regions,
    ...page,
  };
}
