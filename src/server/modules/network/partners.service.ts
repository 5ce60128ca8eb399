// A partner organisation's record in the network: its page (profile, agreement, contacts, pivots,
// coverage, warnings), the mandates and functions it contributes, its pivot target, its signed agreement.
import type { Static } from '@sinclair/typebox';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import {
  type OrganisationFacts as OrganisationRow,
  organisationById,
  personById,
} from '../accounts/index.js';
import { listContacts } from './contacts.repository.js';
import {
  type AbsenceRow,
  absencesOf,
  type MandateWithPerson,
  mandatesOfOrganisation,
} from './mandates.repository.js';
import { canEditNetwork, canSeeWarnings } from './network.policy.js';
import { regionToday } from './network.rules.js';
import type { AgreementBody, ContributionsBody } from './network.schemas.js';
import * as repo from './partners.repository.js';
import { openWarnings, type WarningRow } from './warnings.repository.js';
import { coverageOf, refreshWarnings } from './warnings.service.js';

const TEN_MIB = 10 * 1024 * 1024;

/** An organisation, active or not (`lock` holds its row until the transaction ends). Throws not_found. */
export async function loadOrganisation(
  db: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<OrganisationRow> {
  const organisation = await organisationById(db, id, options);
  if (!organisation) throw Errors.notFound();
  return organisation;
}

export interface OrganisationNetwork {
  organisation: OrganisationRow;
  profile: { mandates: string[]; functions: string[]; pivotTarget: number | null };
  agreement: Awaited<ReturnType<typeof repo.findAgreement>> | null;
  contacts: Awaited<ReturnType<typeof listContacts>>;
  mandates: Array<MandateWithPerson & { absences: AbsenceRow[]; trained: boolean }>;
  coverage: { active: number; trained: number; target: number | null };
  warnings: WarningRow[];
  today: string;
}

/** Everything the network knows about one partner; warnings only for those who are warned. Throws not_found. */
export async function getOrganisationNetwork(
  platform: Platform,
  actor: Actor,
  organisationId: string,
): Promise<OrganisationNetwork> {
  const db = platform.db;
  const organisation = await loadOrganisation(db, organisationId);
  const day = regionToday(platform);
  const profile = await repo.findProfile(db, organisationId);
  const mandates = await mandatesOfOrganisation(db, organisationId);
  const absences = await absencesOf(
    db,
    mandates.map((m) => m.id),
  );
  const coverage = (await coverageOf(db, [organisationId], day)).get(organisationId)!;
  return {
    organisation,
    profile: {
      mandates: profile?.mandates ?? [],
      functions: profile?.functions ?? [],
      pivotTarget: profile?.pivot_target ?? null,
    },
    agreement: (await repo.findAgreement(db, organisationId)) ?? null,
    contacts: await listContacts(db, organisationId),
    mandates: mandates.map((m) => ({
      ...m,
      absences: absences.filter((a) => a.mandate_id === m.id),
      trained: coverage.trainedPersonIds.has(m.person_id) || m.prerequisite_completed_on !== null,
    })),
    coverage: { active: coverage.active, trained: coverage.trained, target: profile?.pivot_target ?? null },
    warnings: canSeeWarnings(actor, organisationId) ? await openWarnings(db, organisationId) : [],
    today: day,
  };
}

/** Sets which of the table's mandates and which functions of the net a partner covers. Coordination only. */
export async function setContributions(
  platform: Platform,
  actor: Actor,
  organisationId: string,
  input: Static<typeof ContributionsBody>,
): Promise<void> {
  authorize(canEditNetwork(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    await loadOrganisation(trx, organisationId);
    const mandates = [...new Set(input.mandates)];
    const functions = [...new Set(input.functions)];
    await repo.upsertProfile(trx, organisationId, { mandates, functions }, platform.now());
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.contributions.set',
      targetType: 'organisation',
      targetId: organisationId,
      meta: { mandates, functions },
    });
  });
}

/** Sets an organisation's target of trained active pivots (null: no target). Coordination only. */
export async function setPivotTarget(
  platform: Platform,
  actor: Actor,
  organisationId: string,
  target: number | null,
): Promise<void> {
  authorize(canEditNetwork(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    await loadOrganisation(trx, organisationId);
    await repo.upsertProfile(trx, organisationId, { pivot_target: target }, platform.now());
    await refreshWarnings(platform, trx, [organisationId]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.target.set',
      targetType: 'organisation',
      targetId: organisationId,
      meta: { target },
    });
  });
}

/** An agreement as the route hands it over: the PDF decoded from its base64 text. */
export type AgreementInput = Omit<Static<typeof AgreementBody>, 'document'> & {
  document?: { filename: string; content: Buffer } | undefined;
};

/**
 * Records (or renews) the signed partnership agreement of a partner, with its PDF when given (the
 * previous document is replaced). The released person must belong to that organisation. Coordination
 * only. Saves of one partner's agreement at the same moment go one after the other (the partner's row
 * is locked), so each replaces the previous document and none is left behind.
 */
export async function saveAgreement(
  platform: Platform,
  actor: Actor,
  organisationId: string,
  input: AgreementInput,
): Promise<void> {
  authorize(canEditNetwork(actor), { hide: false });
  if (input.renewalOn !== null && input.renewalOn < input.signedOn) {
    throw Errors.field('renewalOn', 'renewal_before_signature');
  }
  await platform.db.transaction().execute(async (trx) => {
    await loadOrganisation(trx, organisationId, { lock: true });
    if (input.releasedPersonId !== null) {
      const person = await personById(trx, input.releasedPersonId);
      if (!person) throw Errors.field('releasedPersonId', 'unknown');
      if (person.organisation_id !== organisationId) {
        throw Errors.field('releasedPersonId', 'person_other_organisation');
      }
    }
    const previous = await repo.findAgreement(trx, organisationId);
    let fileId = previous?.document_file_id ?? null;
    if (input.document) {
      const stored = await platform.files.save(trx, {
        filename: input.document.filename,
        content: input.document.content,
        accept: ['application/pdf'],
        maxBytes: TEN_MIB,
        createdBy: actor.personId,
        field: 'document',
      });
      fileId = stored.id;
    }
    await repo.upsertAgreement(
      trx,
      {
        organisation_id: organisationId,
        signed_on: input.signedOn,
        signatories: input.signatories.trim(),
        released_person_id: input.releasedPersonId,
        commitment: input.commitment.trim(),
        renewal_on: input.renewalOn,
        document_file_id: fileId,
        updated_by: actor.personId,
      },
      platform.now(),
    );
    if (input.document && previous?.document_file_id)
      await platform.files.remove(trx, previous.document_file_id);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: previous ? 'network.agreement.update' : 'network.agreement.create',
      targetType: 'organisation',
      targetId: organisationId,
      meta: { document: Boolean(input.document) },
    });
  });
}

/** The agreement's signed document, for every member of the table. Throws not_found when there is none. */
export async function readAgreementDocument(platform: Platform, organisationId: string) {
  const agreement = await repo.findAgreement(platform.db, organisationId);
  if (!agreement?.document_file_id) throw Errors.notFound();
  return platform.files.read(platform.db, agreement.document_file_id);
}
