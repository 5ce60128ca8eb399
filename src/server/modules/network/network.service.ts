import type { Transaction } from 'kysely';
import type { OrganisationType, Role } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, Errors } from '../../platform/errors.js';
import { csvCell } from '../../platform/http/csv.js';
import type { Platform } from '../../platform/platform.js';
import { setPersonRoles } from '../accounts/accounts.service.js';
import { canEditNetwork, canManageOrganisationPivots, canSeeWarnings } from './network.policy.js';
import * as repo from './network.repository.js';
import {
  type AbsenceReason,
  coverageHoles,
  localDate,
  mandateStatus,
  rangesOverlap,
} from './network.rules.js';
import { coverageOf, refreshWarnings } from './network.warnings.js';

const TEN_MIB = 10 * 1024 * 1024;

function today(platform: Platform): string {
  return localDate(platform.now(), platform.config.timeZone);
}

async function loadOrganisation(
  db: Executor,
  id: string,
  options: { lock?: boolean } = {},
): Promise<repo.OrganisationRow> {
  const organisation = await repo.findOrganisation(db, id, options);
  if (!organisation) throw Errors.notFound();
  return organisation;
}

// ---------------------------------------------------------------- the organisation's network page

export interface OrganisationNetwork {
  organisation: repo.OrganisationRow;
  profile: { mandates: string[]; functions: string[]; pivotTarget: number | null };
  agreement: Awaited<ReturnType<typeof repo.findAgreement>> | null;
  contacts: Awaited<ReturnType<typeof repo.listContacts>>;
  mandates: Array<repo.MandateWithPerson & { absences: repo.AbsenceRow[]; trained: boolean }>;
  coverage: { active: number; trained: number; target: number | null };
  warnings: repo.WarningRow[];
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
  const day = today(platform);
  const profile = await repo.findProfile(db, organisationId);
  const mandates = await repo.mandatesOfOrganisation(db, organisationId);
  const absences = await repo.absencesOf(
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
    contacts: await repo.listContacts(db, organisationId),
    mandates: mandates.map((m) => ({
      ...m,
      absences: absences.filter((a) => a.mandate_id === m.id),
      trained: coverage.trainedPersonIds.has(m.person_id) || m.prerequisite_completed_on !== null,
    })),
    coverage: { active: coverage.active, trained: coverage.trained, target: profile?.pivot_target ?? null },
    warnings: canSeeWarnings(actor, organisationId) ? await repo.openWarnings(db, organisationId) : [],
    today: day,
  };
}

/** Sets which of the table's mandates and which functions of the net a partner covers. Coordination only. */
export async function setContributions(
  platform: Platform,
  actor: Actor,
  organisationId: string,
  input: { mandates: string[]; functions: string[] },
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

export interface AgreementInput {
  signedOn: string;
  signatories: string;
  releasedPersonId: string | null;
  commitment: string;
  renewalOn: string | null;
  document?: { filename: string; content: Buffer } | undefined;
}

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
      const person = await repo.findPerson(trx, input.releasedPersonId);
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

// ---------------------------------------------------------------- contacts

export interface ContactInput {
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
}

/** Adds a contact to a partner: coordination, or that organisation's coordinator. */
export async function addContact(
  platform: Platform,
  actor: Actor,
  organisationId: string,
  input: ContactInput,
): Promise<string> {
  authorize(canManageOrganisationPivots(actor, organisationId), { hide: false });
  return platform.db.transaction().execute(async (trx) => {
    await loadOrganisation(trx, organisationId);
    const id = await repo.insertContact(trx, {
      organisation_id: organisationId,
      name: input.name.trim(),
      role: input.role.trim(),
      email: input.email?.trim().toLowerCase() || null,
      phone: input.phone?.trim() || null,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.contact.create',
      targetType: 'network_contact',
      targetId: id,
      meta: { organisation: organisationId },
    });
    return id;
  });
}

/** Updates a contact; returns its organisation. Throws not_found, forbidden. */
export async function updateContact(
  platform: Platform,
  actor: Actor,
  contactId: string,
  input: Partial<ContactInput>,
): Promise<string> {
  return platform.db.transaction().execute(async (trx) => {
    const contact = await repo.findContact(trx, contactId);
    if (!contact) throw Errors.notFound();
    authorize(canManageOrganisationPivots(actor, contact.organisation_id), { hide: false });
    await repo.updateContact(
      trx,
      contactId,
      {
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.role !== undefined ? { role: input.role.trim() } : {}),
        ...(input.email !== undefined ? { email: input.email?.trim().toLowerCase() || null } : {}),
        ...(input.phone !== undefined ? { phone: input.phone?.trim() || null } : {}),
      },
      platform.now(),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.contact.update',
      targetType: 'network_contact',
      targetId: contactId,
      meta: { fields: Object.keys(input) },
    });
    return contact.organisation_id;
  });
}

/**
 * Removes a contact entry (a contact is not a person: people are never deleted). Throws not_found,
 * also to a removal that came second at the same moment (the entry is gone: one audit entry).
 */
export async function removeContact(platform: Platform, actor: Actor, contactId: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const contact = await repo.findContact(trx, contactId);
    if (!contact) throw Errors.notFound();
    authorize(canManageOrganisationPivots(actor, contact.organisation_id), { hide: false });
    if (!(await repo.deleteContact(trx, contactId))) throw Errors.notFound();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.contact.delete',
      targetType: 'network_contact',
      targetId: contactId,
      meta: { organisation: contact.organisation_id },
    });
  });
}

// ---------------------------------------------------------------- pivot mandates

export interface MandateInput {
  personId: string;
  organisationId: string;
  startOn: string;
  endOn: string | null;
  expertise: string[];
  languages: string[];
  prerequisiteCompletedOn: string | null;
}

/**
 * Checks that a person may hold a new mandate over [startOn, endOn] in an organisation: they belong to
 * it and hold no overlapping mandate, here or elsewhere. Their row stays locked until the caller's
 * transaction ends, so a mandate given to them at the same moment is seen here. Throws field errors
 * on `field`.
 */
async function checkCandidate(
  trx: Transaction<DB>,
  field: string,
  candidate: { personId: string; organisationId: string; startOn: string; endOn: string | null },
  exceptMandateId?: string,
): Promise<repo.PersonRow> {
  const person = await repo.findPerson(trx, candidate.personId, { lock: true });
  if (!person) throw Errors.field(field, 'unknown');
  if (person.organisation_id !== candidate.organisationId)
    throw Errors.field(field, 'person_other_organisation');
  if (person.status === 'disabled') throw Errors.field(field, 'person_disabled');
  const others = (await repo.mandatesOfPerson(trx, person.id)).filter(
    (m) =>
      m.id !== exceptMandateId &&
      rangesOverlap({ from: m.start_on, to: m.end_on }, { from: candidate.startOn, to: candidate.endOn }),
  );
  if (others.some((m) => m.organisation_id !== candidate.organisationId)) {
    throw Errors.field(field, 'pivot_elsewhere');
  }
  if (others.length > 0) throw Errors.field(field, 'pivot_already');
  return person;
}

function dedupe(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim().toLowerCase()))];
}

/**
 * Names a pivot: opens a mandate for a person of the organisation. Refuses (400) an end before the
 * start, a person of another organisation, and a person already pivot here or in another organisation
 * over the same days. Then gives the person the `pivot` role through the accounts service when the
 * actor may (roles outside the actor's reach are left untouched). Returns the mandate's id.
 */
export async function namePivot(platform: Platform, actor: Actor, input: MandateInput): Promise<string> {
  authorize(canManageOrganisationPivots(actor, input.organisationId), { hide: false });
  if (input.endOn !== null && input.endOn < input.startOn) throw Errors.field('endOn', 'end_before_start');
  const id = await platform.db.transaction().execute(async (trx) => {
    const organisation = await repo.findOrganisation(trx, input.organisationId);
    if (!organisation) throw Errors.field('organisationId', 'unknown');
    await checkCandidate(trx, 'personId', input);
    const mandateId = await repo.insertMandate(trx, {
      person_id: input.personId,
      organisation_id: input.organisationId,
      start_on: input.startOn,
      end_on: input.endOn,
      expertise: [...new Set(input.expertise)],
      languages: dedupe(input.languages),
      prerequisite_completed_on: input.prerequisiteCompletedOn,
      created_by: actor.personId,
    });
    await refreshWarnings(platform, trx, [input.organisationId]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.pivot.name',
      targetType: 'pivot_mandate',
      targetId: mandateId,
      meta: { person: input.personId, organisation: input.organisationId },
    });
    await syncPivotRole(platform, trx, actor, input.personId);
    return mandateId;
  });
  return id;
}

async function loadMandateForManagement(trx: Transaction<DB>, actor: Actor, mandateId: string) {
  const mandate = await repo.findMandate(trx, mandateId, { forUpdate: true });
  if (!mandate) throw Errors.notFound();
  authorize(canManageOrganisationPivots(actor, mandate.organisation_id), { hide: false });
  return mandate;
}

/** Updates a mandate's expertise, languages, prerequisite date or end date. Returns the organisation. */
export async function updateMandate(
  platform: Platform,
  actor: Actor,
  mandateId: string,
  input: Partial<{
    endOn: string | null;
    expertise: string[];
    languages: string[];
    prerequisiteCompletedOn: string | null;
  }>,
): Promise<string> {
  const mandate = await platform.db.transaction().execute(async (trx) => {
    const mandate = await loadMandateForManagement(trx, actor, mandateId);
    if (input.endOn !== undefined) {
      if (input.endOn !== null && input.endOn < mandate.start_on)
        throw Errors.field('endOn', 'end_before_start');
      if (input.endOn === null || (mandate.end_on !== null && input.endOn > mandate.end_on)) {
        // Extending a mandate must not make it overlap another one of the same person.
        await checkCandidate(
          trx,
          'endOn',
          {
            personId: mandate.person_id,
            organisationId: mandate.organisation_id,
            startOn: mandate.start_on,
            endOn: input.endOn,
          },
          mandate.id,
        );
      }
    }
    await repo.updateMandate(
      trx,
      mandateId,
      {
        ...(input.endOn !== undefined ? { end_on: input.endOn } : {}),
        ...(input.expertise !== undefined ? { expertise: [...new Set(input.expertise)] } : {}),
        ...(input.languages !== undefined ? { languages: dedupe(input.languages) } : {}),
        ...(input.prerequisiteCompletedOn !== undefined
          ? { prerequisite_completed_on: input.prerequisiteCompletedOn }
          : {}),
      },
      platform.now(),
    );
    await refreshWarnings(platform, trx, [mandate.organisation_id]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.pivot.update',
      targetType: 'pivot_mandate',
      targetId: mandateId,
      meta: { fields: Object.keys(input) },
    });
    await syncPivotRole(platform, trx, actor, mandate.person_id);
    return mandate;
  });
  return mandate.organisation_id;
}

/**
 * Ends a mandate on a date (kept with its history), decided on its locked row. A mandate that already
 * ends on that day or earlier has nothing to end (an extension is an update, checked for overlaps):
 * conflict, so of several ends at once one goes through. Throws end_before_start, not_found,
 * forbidden, conflict.
 */
export async function endMandate(
  platform: Platform,
  actor: Actor,
  mandateId: string,
  endOn: string,
): Promise<string> {
  const mandate = await platform.db.transaction().execute(async (trx) => {
    const mandate = await loadMandateForManagement(trx, actor, mandateId);
    if (endOn < mandate.start_on) throw Errors.field('endOn', 'end_before_start');
    if (mandate.end_on !== null && (mandate.end_on < today(platform) || mandate.end_on <= endOn)) {
      throw new AppError('conflict', 409);
    }
    await repo.updateMandate(trx, mandateId, { end_on: endOn }, platform.now());
    await refreshWarnings(platform, trx, [mandate.organisation_id]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.pivot.end',
      targetType: 'pivot_mandate',
      targetId: mandateId,
      meta: { endOn },
    });
    await syncPivotRole(platform, trx, actor, mandate.person_id);
    return mandate;
  });
  return mandate.organisation_id;
}

export interface ReplaceResult {
  organisationId: string;
  successorMandateId: string;
  handedOver: Record<string, number>;
}

/**
 * Replaces a pivot in one step: ends their mandate on `endDate`, opens the successor's mandate from
 * that day (same expertise and languages), and — with `handover` — moves everything open assigned to
 * the leaving pivot to the successor through the platform's hand-over registry, all in one transaction.
 * The successor is checked like any new pivot. Decided on the mandate's locked row: a mandate already
 * replaced (or ended) is a conflict, so of several replacements at once one goes through, with one
 * hand-over. Throws not_found, forbidden, conflict, field errors.
 */
export async function replacePivot(
  platform: Platform,
  actor: Actor,
  input: { mandateId: string; successorPersonId: string; endDate: string; handover: boolean },
): Promise<ReplaceResult> {
  const result = await platform.db.transaction().execute(async (trx) => {
    const mandate = await loadMandateForManagement(trx, actor, input.mandateId);
    if (mandate.successor_mandate_id !== null) throw new AppError('conflict', 409);
    if (mandate.end_on !== null && mandate.end_on < today(platform)) throw new AppError('conflict', 409);
    if (input.endDate < mandate.start_on) throw Errors.field('endDate', 'end_before_start');
    if (input.successorPersonId === mandate.person_id) throw Errors.field('successorPersonId', 'same_person');
    await checkCandidate(trx, 'successorPersonId', {
      personId: input.successorPersonId,
      organisationId: mandate.organisation_id,
      startOn: input.endDate,
      endOn: null,
    });
    const successorMandateId = await repo.insertMandate(trx, {
      person_id: input.successorPersonId,
      organisation_id: mandate.organisation_id,
      start_on: input.endDate,
      end_on: null,
      expertise: mandate.expertise,
      languages: mandate.languages,
      prerequisite_completed_on: null,
      created_by: actor.personId,
    });
    await repo.updateMandate(
      trx,
      mandate.id,
      { end_on: input.endDate, successor_mandate_id: successorMandateId },
      platform.now(),
    );
    const handedOver = input.handover
      ? await platform.handover.transferAll(trx, {
          fromPersonId: mandate.person_id,
          toPersonId: input.successorPersonId,
          actorId: actor.personId,
        })
      : {};
    await refreshWarnings(platform, trx, [mandate.organisation_id]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.pivot.replace',
      targetType: 'pivot_mandate',
      targetId: mandate.id,
      meta: {
        successorMandate: successorMandateId,
        successor: input.successorPersonId,
        endDate: input.endDate,
        handover: Object.entries(handedOver).map(([key, count]) => `${key}:${count}`),
      },
    });
    await syncPivotRole(platform, trx, actor, mandate.person_id);
    await syncPivotRole(platform, trx, actor, input.successorPersonId);
    return {
      organisationId: mandate.organisation_id,
      successorMandateId,
      handedOver,
    };
  });
  return {
    organisationId: result.organisationId,
    successorMandateId: result.successorMandateId,
    handedOver: result.handedOver,
  };
}

/** What the pivot of a mandate holds open in each module, shown before a hand-over. */
export async function openWorkOfMandate(platform: Platform, actor: Actor, mandateId: string) {
  const mandate = await repo.findMandate(platform.db, mandateId);
  if (!mandate) throw Errors.notFound();
  authorize(canManageOrganisationPivots(actor, mandate.organisation_id), { hide: false });
  return platform.handover.openWork(platform.db, mandate.person_id);
}

/** Records an absence of a pivot; refuses one overlapping another absence of the same mandate. */
export async function addAbsence(
  platform: Platform,
  actor: Actor,
  mandateId: string,
  input: { fromOn: string; toOn: string; reason: AbsenceReason },
): Promise<string> {
  if (input.toOn < input.fromOn) throw Errors.field('toOn', 'end_before_start');
  return platform.db.transaction().execute(async (trx) => {
    const mandate = await loadMandateForManagement(trx, actor, mandateId);
    const existing = await repo.absencesOf(trx, [mandateId]);
    if (
      existing.some((a) =>
        rangesOverlap({ from: a.from_on, to: a.to_on }, { from: input.fromOn, to: input.toOn }),
      )
    ) {
      throw Errors.field('fromOn', 'absence_overlap');
    }
    const id = await repo.insertAbsence(trx, {
      mandate_id: mandateId,
      from_on: input.fromOn,
      to_on: input.toOn,
      reason: input.reason,
      created_by: actor.personId,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'network.pivot.absence',
      targetType: 'pivot_mandate',
      targetId: mandate.id,
      meta: { absence: id, reason: input.reason },
    });
    return mandate.organisation_id;
  });
}

/**
 * Keeps the `pivot` role in step with the mandates, through the accounts service (which audits it and
 * leaves roles outside the actor's reach untouched), inside the mandate's own transaction. When the
 * actor may not manage the person's account (the person holds roles beyond the actor's reach, or is
 * the actor), the role is left as it is: the mandate is what makes someone a pivot for the network.
 */
async function syncPivotRole(
  platform: Platform,
  trx: Transaction<DB>,
  actor: Actor,
  personId: string,
): Promise<void> {
  const person = await repo.findPerson(trx, personId);
  if (!person) return;
  const day = today(platform);
  const active = (await repo.mandatesOfPerson(trx, personId)).some((m) => mandateStatus(m, day) === 'active');
  const holds = person.roles.includes('pivot');
  if (active === holds) return;
  const roles: Role[] = active ? [...person.roles, 'pivot'] : person.roles.filter((r) => r !== 'pivot');
  try {
    await setPersonRoles(platform, actor, personId, roles, { trx });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    platform.logger.info({ personId, code: error.code }, 'network: pivot role left unchanged');
  }
}

// ---------------------------------------------------------------- coverage matrix

export interface CoverageMatrix {
  organisations: Array<{
    id: string;
    name: string;
    type: OrganisationType;
    mandates: string[];
    functions: string[];
    activePivots: number;
    trainedPivots: number;
    target: number | null;
  }>;
  holes: ReturnType<typeof coverageHoles>;
}

/** Active organisations × (mandates + functions), with pivots against targets and the holes. */
export async function coverageMatrix(platform: Platform): Promise<CoverageMatrix> {
  const db = platform.db;
  const organisations = await repo.listActiveOrganisations(db);
  const profiles = new Map((await repo.listProfiles(db)).map((p) => [p.organisation_id, p]));
  const coverage = await coverageOf(
    db,
    organisations.map((o) => o.id),
    today(platform),
  );
  const rows = organisations.map((o) => {
    const profile = profiles.get(o.id);
    const c = coverage.get(o.id);
    return {
      id: o.id,
      name: o.name,
      type: o.type,
      mandates: profile?.mandates ?? [],
      functions: profile?.functions ?? [],
      activePivots: c?.active ?? 0,
      trainedPivots: c?.trained ?? 0,
      target: profile?.pivot_target ?? null,
    };
  });
  return {
    organisations: rows,
    holes: coverageHoles(
      rows.map((r) => ({ organisationId: r.id, mandates: r.mandates, functions: r.functions })),
    ),
  };
}

/** The coverage matrix as CSV (header labels given by the caller, already translated). */
export function coverageCsv(
  matrix: CoverageMatrix,
  labels: {
    organisation: string;
    columns: Array<{ key: string; label: string }>;
    activePivots: string;
    trainedPivots: string;
    target: string;
    yes: string;
  },
): string {
  const header = [
    labels.organisation,
    ...labels.columns.map((c) => c.label),
    labels.activePivots,
    labels.trainedPivots,
    labels.target,
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const row of matrix.organisations) {
    const covered = new Set([...row.mandates, ...row.functions]);
    lines.push(
      [
        row.name,
        ...labels.columns.map((c) => (covered.has(c.key) ? labels.yes : '')),
        row.activePivots,
        row.trainedPivots,
        row.target ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------- directory

/** Searches the directory of partners and of the pivots active today (everyone signed in). */
export async function searchDirectory(
  db: Executor,
  input: Omit<repo.DirectoryFilter, 'limit' | 'offset'> & { page: number; pageSize: number; today: string },
) {
  const filter = { ...input, limit: input.pageSize, offset: (input.page - 1) * input.pageSize };
  const organisations = await repo.searchOrganisations(db, filter, input.today);
  const pivots = await repo.searchPivots(db, filter, input.today);
  const contacts = await repo.listContactsOf(db, [
    ...new Set([...organisations.rows.map((o) => o.id), ...pivots.rows.map((p) => p.organisation_id)]),
  ]);
  return { organisations, pivots, contacts };
}

/** Today's date in the region, for callers of `searchDirectory`. */
export function regionToday(platform: Platform): string {
  return today(platform);
}

export function directoryRegions(platform: Platform) {
  return repo.regions(platform.db);
}

// ---------------------------------------------------------------- organisations and people read by other modules

/** One organisation, active or not (undefined when unknown). */
export function organisationById(db: Executor, id: string): Promise<repo.OrganisationRow | undefined> {
  return repo.findOrganisation(db, id);
}

/** The table's active partner organisations, by name. */
export function activeOrganisations(db: Executor): Promise<repo.OrganisationRow[]> {
  return repo.listActiveOrganisations(db);
}

/** Active people holding a role, in one organisation or everywhere, with what a message to them needs. */
export function peopleWithRole(db: Executor, role: Role, organisationId?: string) {
  return repo.peopleWithRole(db, role, organisationId);
}

/** The active accounts among these ids, with what a message to them needs. */
export function activePeopleByIds(db: Executor, ids: string[]) {
  return repo.activePeopleByIds(db, ids);
}

/** Whether the person holds a pivot mandate in the organisation active on `day` (YYYY-MM-DD). */
export async function holdsActiveMandate(
  db: Executor,
  personId: string,
  organisationId: string,
  day: string,
): Promise<boolean> {
  return (await repo.mandatesOfPerson(db, personId)).some(
    (m) => m.organisation_id === organisationId && mandateStatus(m, day) === 'active',
  );
}

export type ReachRules = repo.ReachRules;

/**
 * The active people recipient rules reach on `day` (people holding given roles in an organisation;
 * pivots of given organisations: the pivot role and a mandate active that day in their own
 * organisation), each once, read in one query.
 */
export function peopleReached(db: Executor, rules: ReachRules, day: string): Promise<string[]> {
  return repo.idsReached(db, rules, day);
}

// ---------------------------------------------------------------- pivots read by other modules

/** A pivot active today, as the training figures read it (which pivots are trained). */
export interface ActivePivot {
  personId: string;
  name: string;
  organisationId: string;
  organisationName: string;
  organisationType: OrganisationType;
}

/** The pivots whose mandate is active today in an active organisation, by organisation then name. */
export async function activePivots(platform: Platform): Promise<ActivePivot[]> {
  const db = platform.db;
  const organisations = new Map((await repo.listActiveOrganisations(db)).map((o) => [o.id, o]));
  const mandates = (await repo.activeMandates(db, today(platform))).filter((m) =>
    organisations.has(m.organisation_id),
  );
  const names = await repo.personNames(db, [...new Set(mandates.map((m) => m.person_id))]);
  return mandates
    .map((m) => {
      const organisation = organisations.get(m.organisation_id)!;
      return {
        personId: m.person_id,
        name: names.get(m.person_id) ?? '',
        organisationId: organisation.id,
        organisationName: organisation.name,
        organisationType: organisation.type,
      };
    })
    .sort(
      (a, b) =>
        a.organisationName.localeCompare(b.organisationName, 'fr') || a.name.localeCompare(b.name, 'fr'),
    );
}
