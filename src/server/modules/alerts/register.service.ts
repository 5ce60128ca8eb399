import { randomUUID } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors } from '../../platform/errors.js';
import { csvCell } from '../../platform/http/csv.js';
import type { Platform } from '../../platform/platform.js';
import { justificationContext, seal, unseal } from './alerts.content.js';
import { canReadRegister } from './alerts.policy.js';
import { type LegalBasis, type SharedField, sharedFields } from './alerts.rules.js';
import type { DisclosureQuery } from './alerts.schemas.js';
import * as registerRepo from './register.repository.js';

/**
 * The register of disclosures: each share of an alert's fields is written there as it happens (raise,
 * escalation); privacy officers read it, export it as CSV and review the shares made without consent.
 */

/**
 * Writes one register row per recipient organisation: which fields its view shares, on what legal
 * basis, with the justification sealed; shares without consent are flagged for the privacy officer.
 */
export async function recordDisclosures(
  platform: Platform,
  trx: Transaction<DB>,
  input: {
    alertId: string;
    actor: Actor | null;
    fromOrganisationId?: string;
    at: Date;
    legalBasis: LegalBasis;
    withoutConsent: boolean;
    justification: string;
    present: ReadonlySet<SharedField>;
    organisations: Array<{ organisationId: string; view: 'police' | 'pivot' }>;
  },
): Promise<void> {
  await registerRepo.insertDisclosures(
    trx,
    input.organisations.map((o) => {
      const id = randomUUID();
      return {
        id,
        alert_id: input.alertId,
        disclosed_at: input.at,
        disclosed_by: input.actor?.personId ?? null,
        from_organisation_id: input.fromOrganisationId ?? input.actor!.organisationId,
        to_organisation_id: o.organisationId,
        view: o.view,
        fields: sharedFields(o.view, input.present),
        legal_basis: input.legalBasis,
        without_consent: input.withoutConsent,
        justification: input.justification
          ? seal(platform, input.justification, justificationContext(id))
          : null,
        flagged: input.withoutConsent,
      };
    }),
  );
}

export interface DisclosureView {
  id: string;
  alertId: string | null;
  disclosedAt: Date;
  disclosedByName: string;
  fromOrganisationName: string;
  toOrganisationName: string;
  view: 'police' | 'pivot';
  fields: string[];
  legalBasis: LegalBasis;
  withoutConsent: boolean;
  justification: string | null;
  flagged: boolean;
  reviewedAt: Date | null;
}

/** The register of disclosures made by or to the privacy officer's organisation; reading it is audited. */
export async function listDisclosures(
  platform: Platform,
  actor: Actor,
  filter: Static<typeof DisclosureQuery>,
  purpose = 'register',
): Promise<DisclosureView[]> {
  authorize(canReadRegister(actor), { hide: false });
  const rows = await registerRepo.listDisclosures(platform.db, actor.organisationId, filter);
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.register.read',
      targetType: 'alert_disclosures',
      targetId: null,
      purpose,
      meta: { count: rows.length },
    });
  });
  return rows.map((r) => ({
    id: r.id,
    alertId: r.alert_id,
    disclosedAt: r.disclosed_at,
    disclosedByName: r.by_name,
    fromOrganisationName: r.from_name,
    toOrganisationName: r.to_name,
    view: r.view,
    fields: r.fields,
    legalBasis: r.legal_basis,
    withoutConsent: r.without_consent,
    justification: r.justification ? unseal(platform, r.justification, justificationContext(r.id)) : null,
    flagged: r.flagged,
    reviewedAt: r.reviewed_at,
  }));
}

const CSV_HEADER = [
  'disclosed_at',
  'disclosed_by',
  'from',
  'to',
  'view',
  'fields',
  'legal_basis',
  'without_consent',
  'justification',
  'flagged',
  'reviewed_at',
];

/** The register as CSV (cells neutralised against formula injection). */
export async function disclosuresCsv(platform: Platform, actor: Actor): Promise<string> {
  const rows = await listDisclosures(platform, actor, {}, 'register_export');
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    lines.push(
      [
        r.disclosedAt.toISOString(),
        r.disclosedByName,
        r.fromOrganisationName,
        r.toOrganisationName,
        r.view,
        r.fields.join(' '),
        r.legalBasis,
        r.withoutConsent ? 'yes' : 'no',
        r.justification ?? '',
        r.flagged ? 'yes' : 'no',
        r.reviewedAt ? r.reviewedAt.toISOString() : '',
      ]
        .map((cell) => csvCell(cell))
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Marks a flagged disclosure of the officer's organisation reviewed, once (a conditional update).
 * Throws not_found when there is no such flagged disclosure, conflict when it was reviewed already.
 */
export async function reviewDisclosure(platform: Platform, actor: Actor, id: string): Promise<void> {
  authorize(canReadRegister(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    if (
      !(await registerRepo.markDisclosureReviewed(
        trx,
        id,
        actor.organisationId,
        actor.personId,
        platform.now(),
      ))
    ) {
      throw (await registerRepo.disclosureReviewed(trx, id, actor.organisationId))
        ? Errors.conflict()
        : Errors.notFound();
    }
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'alerts.disclosure.review',
      targetType: 'alert_disclosure',
      targetId: id,
    });
  });
}
