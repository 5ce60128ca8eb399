// The register of referral disclosures (privacy officers) and the table's de-identified figures on
// referrals (counts under the small-cell threshold are never shown), also in the annual report.

import { sql } from 'kysely';
import type {
  ReferralDisclosureList,
  ReferralDisclosureQuery,
  ReferralFigures,
  ReferralFiguresQuery,
} from '../../../shared/contracts/referrals.js';
import {
  REFERRAL_OUTCOMES,
  type ReferralOutcome,
  type ResourceTaxonomy,
} from '../../../shared/contracts/resources.values.js';
import { median } from '../../../shared/report.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import { Errors } from '../../platform/errors.js';
import { t } from '../../platform/i18n/i18n.js';
import type { Platform } from '../../platform/platform.js';
import type { ReportContributor } from '../../platform/reports/annual-report.js';
import {
  complement,
  complementEach,
  roundedCount,
  roundedShare,
  SMALL_COUNT,
  wholeMonths,
} from '../../platform/reports/small-counts.js';
import { justificationContext } from './referrals.fields.js';
import { readsFigures, readsRegister } from './referrals.policy.js';
import * as repo from './referrals.repository.js';
import { today } from './subjects.service.js';

// ── Register of disclosures ──────────────────────────────────────────────────────────────────────

/** The shares made by or to the privacy officer's organisation; reading it is audited. */
export async function listDisclosures(
  platform: Platform,
  actor: Actor,
  query: ReferralDisclosureQuery,
): Promise<ReferralDisclosureList> {
  authorize(readsRegister(actor), { hide: false });
  const { rows, total } = await repo.disclosuresFor(platform.db, actor.organisationId, {
    flagged: query.flagged,
    limit: query.limit ?? 50,
    offset: query.offset ?? 0,
  });
  await platform.db.transaction().execute((trx) =>
    platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.referral_register.read',
      meta: { shown: rows.length, flagged: query.flagged ?? null },
    }),
  );
  return {
    total,
    items: rows.map((row) => ({
      id: row.id,
      referralId: row.referral_id,
      consentId: row.consent_id,
      disclosedAt: row.disclosed_at.toISOString(),
      disclosedByName: row.disclosed_by_name ?? '',
      fromOrganisationName: row.from_organisation_name,
      toOrganisationName: row.to_organisation_name,
      fields: row.fields,
      legalBasis: row.legal_basis,
      flagged: row.flagged,
      // The justification stays with the organisation that wrote it.
      justification:
        row.sealed_justification && row.consent_id && row.from_organisation_id === actor.organisationId
          ? platform.keyring.decrypt(row.sealed_justification, justificationContext(row.consent_id))
          : null,
      reviewedAt: row.reviewed_at?.toISOString() ?? null,
      mayReview:
        row.flagged &&
        row.reviewed_at === null &&
        row.consent_id !== null &&
        row.from_organisation_id === actor.organisationId,
    })),
  };
}

/** The sender organisation's privacy officer marks a share without consent as reviewed. */
export async function reviewOverride(platform: Platform, actor: Actor, consentId: string): Promise<void> {
  authorize(readsRegister(actor), { hide: false });
  const consent = await repo.findConsent(platform.db, consentId);
  if (!consent || consent.organisation_id !== actor.organisationId || !consent.flagged)
    throw Errors.notFound();
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.reviewConsent(trx, consentId, actor.personId, platform.now()))) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.consent.review',
      targetType: 'referral_consent',
      targetId: consentId,
    });
  });
}

// ── Figures ──────────────────────────────────────────────────────────────────────────────────────

function factsBetween(db: Executor, from: string, to: string, timeZone: string) {
  return db
    .selectFrom('referrals as r')
    .select([
      sql<string>`to_char(r.sent_at at time zone ${timeZone}, 'YYYY-MM')`.as('month'),
      sql<string>`to_char(r.sent_at at time zone ${timeZone}, 'YYYY-MM-DD')`.as('sent_on'),
      'r.taxonomy',
      'r.logged',
      'r.outcome',
      'r.decline_reason',
      'r.due_at',
      'r.answered_at',
      'r.closed_at',
      'r.first_contact_on',
      'r.service_name',
    ])
    .where(sql<boolean>`(r.sent_at at time zone ${timeZone})::date between ${from}::date and ${to}::date`)
    .execute();
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The figures of a span (both days included), computed from the referrals without any person. */
export async function computeFigures(
  db: Executor,
  span: { from: string; to: string; timeZone: string; now: Date },
): Promise<ReferralFigures> {
  const facts = await factsBetween(db, span.from, span.to, span.timeZone);
  const byMonth = new Map<string, number>();
  const byTerm = new Map<ResourceTaxonomy, number>();
  for (const fact of facts) for (const term of fact.taxonomy) byTerm.set(term, (byTerm.get(term) ?? 0) + 1);
  for (const fact of facts)
    for (const term of fact.taxonomy)
      byMonth.set(`${fact.month}|${term}`, (byMonth.get(`${fact.month}|${term}`) ?? 0) + 1);
  const due = facts.filter(
    (f) => !f.logged && f.due_at !== null && (f.answered_at !== null || f.due_at < span.now),
  );
  const onTime = due.filter((f) => f.answered_at !== null && f.answered_at <= f.due_at!).length;
  const outcomes = new Map<ReferralOutcome, number>();
  for (const fact of facts)
    if (fact.outcome) outcomes.set(fact.outcome, (outcomes.get(fact.outcome) ?? 0) + 1);
  const noCapacity = new Map<string, number>();
  // Only referrals through Filet, answered by the service itself: a logged one is the sender's word.
  for (const fact of facts)
    if (!fact.logged && (fact.decline_reason === 'no_capacity' || fact.outcome === 'no_capacity'))
      noCapacity.set(fact.service_name, (noCapacity.get(fact.service_name) ?? 0) + 1);
  const firstContact = facts
    .filter((f) => f.first_contact_on !== null)
    .map((f) => daysBetween(f.sent_on, f.first_contact_on!));
  return {
    from: span.from,
    to: span.to,
    smallCell: SMALL_COUNT,
    total: roundedCount(facts.length),
    byTaxonomy: complement(
      [...byTerm.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([taxonomy, count]) => ({ taxonomy, referrals: roundedCount(count) })),
      (row) => row.referrals,
      (row) => ({ ...row, referrals: null }),
    ),
    byMonth: complementEach(
      [...byMonth.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, count]) => {
          const [month, taxonomy] = key.split('|') as [string, ResourceTaxonomy];
          return { month, taxonomy, referrals: roundedCount(count) };
        }),
      (row) => row.month,
      (row) => row.referrals,
      (row) => ({ ...row, referrals: null }),
    ),
    answeredOnTime: roundedShare(onTime, due.length),
    outcomes: complement(
      REFERRAL_OUTCOMES.filter((outcome) => outcomes.has(outcome)).map((outcome) => ({
        outcome,
        referrals: roundedCount(outcomes.get(outcome) ?? 0),
      })),
      (row) => row.referrals,
      (row) => ({ ...row, referrals: null }),
    ),
    withoutCapacity: [...noCapacity.entries()]
      .filter(([, count]) => count >= SMALL_COUNT)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, 10)
      .map(([serviceName, referrals]) => ({ serviceName, referrals: roundedCount(referrals)! })),
    medianDaysToFirstContact: firstContact.length >= SMALL_COUNT ? median(firstContact) : null,
  };
}

/**
 * The table's figures on referrals, over whole months only (the last twelve and this one unless a span
 * is given): two spans a day apart would tell a suppressed count by their difference.
 */
export async function readFigures(
  platform: Platform,
  actor: Actor,
  query: ReferralFiguresQuery,
): Promise<ReferralFigures> {
  authorize(readsFigures(actor), { hide: false });
  const { from, to } = wholeMonths(query, today(platform));
  return computeFigures(platform.db, { from, to, timeZone: platform.config.timeZone, now: platform.now() });
}

/** Referrals in the table's annual report, with the same suppression of small counts. */
export const referralsReportContributor: ReportContributor = {
  key: 'referrals',
  order: 55,
  async compute(db, { year, locale, timeZone, now }) {
    const label = (key: string, params?: Record<string, string | number>) =>
      t(locale, `report.referrals.${key}`, params);
    const figures = await computeFigures(db, {
      from: `${year}-01-01`,
      to: `${year}-12-31`,
      timeZone,
      now: now ?? new Date(),
    });
    const shown = (value: number | null) => (value === null ? label('fewer', { count: SMALL_COUNT }) : value);
    return {
      key: 'referrals',
      title: label('title'),
      figures: [
        ...(figures.total !== null ? [{ label: label('total'), value: figures.total }] : []),
        ...(figures.answeredOnTime !== null
          ? [{ label: label('on_time'), value: Math.round(figures.answeredOnTime * 100), unit: '%' }]
          : []),
        ...(figures.medianDaysToFirstContact !== null
          ? [{ label: label('first_contact'), value: figures.medianDaysToFirstContact, unit: label('days') }]
          : []),
      ],
      charts: [],
      tables: [
        {
          title: label('by_taxonomy'),
          columns: [label('taxonomy'), label('referrals')],
          rows: figures.byTaxonomy.map((row) => [
            t(locale, `hsds.terms.${row.taxonomy}`),
            shown(row.referrals),
          ]),
        },
        {
          title: label('outcomes'),
          columns: [label('outcome'), label('referrals')],
          rows: figures.outcomes.map((o) => [label(`outcome_${o.outcome}`), shown(o.referrals)]),
        },
      ],
    };
  },
};
