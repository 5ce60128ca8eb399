import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors } from '../../platform/errors.js';
import { csvCell } from '../../platform/http/csv.js';
import { t } from '../../platform/i18n/i18n.js';
import type { Platform } from '../../platform/platform.js';
import { canReadAccessReview } from './access.policy.js';
import * as access from './access.repository.js';
import * as repo from './accounts.repository.js';
import { openJustification } from './emergency.service.js';
import { tellApprovers } from './grants.service.js';

/** An organisation attests who holds which role at least this often. */
export const REVIEW_EVERY_DAYS = 90;
/** While an attestation is overdue, its reminder comes back this often. */
const REMIND_EVERY_DAYS = 14;
/** Decided proposals and emergency accesses stay in the review this long. */
const HISTORY_DAYS = 365;

const DAY_MS = 86_400_000;

export interface AccessReview {
  organisation: repo.OrganisationRow;
  holdings: access.HoldingRow[];
  requests: access.RequestRow[];
  emergencies: Array<access.EmergencyRow & { justificationText: string }>;
  bootstrap: Awaited<ReturnType<typeof access.bootstrapOf>> | null;
  lastAttestation: access.AttestationRow | null;
  dueAt: Date;
}

/**
 * An organisation's access review: every role held by its people with who granted and who approved
 * it, the proposals waiting for its consent and those decided in the last year, the emergency
 * accesses opened into it, its bootstrap grant and its last attestation. For its coordinators and
 * privacy officers only. Throws forbidden or not_found.
 */
export async function accessReview(
  platform: Platform,
  actor: Actor,
  organisationId: string,
): Promise<AccessReview> {
  authorize(canReadAccessReview(actor, organisationId), { hide: false });
  const db = platform.db;
  const organisation = await repo.findOrganisation(db, organisationId);
  if (!organisation) throw Errors.notFound();
  const since = new Date(platform.now().getTime() - HISTORY_DAYS * DAY_MS);
  const [holdings, requests, emergencies, bootstrap, lastAttestation] = await Promise.all([
    access.holdings(db, organisationId),
    access.requestsOfOrganisation(db, organisationId, since),
    access.emergenciesOfOrganisation(db, organisationId, since),
    access.bootstrapOf(db, organisationId),
    access.lastAttestation(db, organisationId),
  ]);
  const reference = lastAttestation?.attested_at ?? (await repo.organisationCreatedAt(db, organisationId));
  return {
    organisation,
    holdings,
    requests,
    emergencies: emergencies.map((e) => ({ ...e, justificationText: openJustification(platform, e) })),
    bootstrap: bootstrap?.bootstrap_person_id ? bootstrap : null,
    lastAttestation: lastAttestation ?? null,
    dueAt: new Date((reference ?? platform.now()).getTime() + REVIEW_EVERY_DAYS * DAY_MS),
  };
}

/**
 * The access review as CSV (roles in force, then proposals waiting), in the reader's language. The
 * export is audited. Throws forbidden or not_found.
 */
export async function accessReviewCsv(
  platform: Platform,
  actor: Actor,
  organisationId: string,
  locale: Locale,
): Promise<string> {
  const review = await accessReview(platform, actor, organisationId);
  const label = (key: string) => t(locale, `access.csv.${key}`);
  const role = (value: string) => t(locale, `access.roles.${value}`);
  const when = (value: Date | null) => (value ? value.toISOString() : '');
  const header = [
    'person',
    'status',
    'role',
    'state',
    'consent',
    'since',
    'grantedBy',
    'approvedBy',
    'approvedAt',
  ];
  const lines = [header.map((key) => csvCell(label(key))).join(',')];
  for (const h of review.holdings) {
    lines.push(
      [
        `${h.given_name} ${h.family_name}`,
        t(locale, `access.statuses.${h.status}`),
        role(h.role),
        label('inForce'),
        t(locale, `access.consents.${h.consent}`),
        when(h.granted_at),
        h.granted_by_name ?? '',
        h.approved_by_name ?? '',
        when(h.approved_at),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  for (const r of review.requests.filter((q) => q.status === 'pending')) {
    lines.push(
      [
        r.person_name ?? '',
        '',
        role(r.role),
        label('pending'),
        '',
        when(r.proposed_at),
        r.proposed_by_name ?? '',
        '',
        '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  await platform.db.transaction().execute(async (trx) => {
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.access_review.export',
      targetType: 'organisation',
      targetId: organisationId,
      meta: { rows: lines.length - 1 },
    });
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Records that the organisation checked its access review as it stands now (coordinators and privacy
 * officers), which starts the next 90-day period. Throws forbidden or not_found.
 */
export async function attestAccessReview(
  platform: Platform,
  actor: Actor,
  organisationId: string,
): Promise<void> {
  authorize(canReadAccessReview(actor, organisationId), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.findOrganisation(trx, organisationId))) throw Errors.notFound();
    const holdings = (await access.holdings(trx, organisationId)).length;
    await access.insertAttestation(trx, {
      organisation_id: organisationId,
      attested_by: actor.personId,
      attested_at: platform.now(),
      holdings,
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'accounts.access_review.attest',
      targetType: 'organisation',
      targetId: organisationId,
      meta: { holdings },
    });
  });
}

/**
 * The daily reminder: each active organisation whose review was last attested more than 90 days ago
 * (or never) is reminded, then again every two weeks while it stays overdue. A reminder is stamped
 * with a conditional update, so two nodes running the job send one. Returns the organisations reminded.
 */
export async function remindAccessReviews(platform: Platform): Promise<number> {
  const now = platform.now();
  const due = await access.reviewsDue(platform.db, now, REVIEW_EVERY_DAYS, REMIND_EVERY_DAYS);
  let reminded = 0;
  for (const { organisation_id } of due) {
    await platform.db.transaction().execute(async (trx) => {
      const before = new Date(now.getTime() - REMIND_EVERY_DAYS * DAY_MS);
      if (!(await access.markReminded(trx, organisation_id, now, before))) return;
      const approvers = await access.approversOf(trx, organisation_id);
      if (approvers.length === 0) return;
      await tellApprovers(platform, trx, organisation_id, approvers, 'access_review_due');
      reminded++;
    });
  }
  return reminded;
}
