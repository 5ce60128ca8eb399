// The network's warnings: opened, kept or closed each day from today's facts (coverage under target,
// pivots leaving soon) with in-app notices, and the weekly digest e-mailed to coordinators.
import type { Transaction } from 'kysely';
import { LOCALES, type Locale } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { t } from '../../platform/i18n/i18n.js';
import type { Platform } from '../../platform/platform.js';
import { activeOrganisations, peopleWithRole, personNames } from '../accounts/index.js';
import { activeMandates } from './mandates.repository.js';
import { endsSoon, localDate } from './network.rules.js';
import { listProfiles } from './partners.repository.js';
import { prerequisiteTrainingSource } from './training-source.js';
import * as repo from './warnings.repository.js';

export const NOTIFICATION_KINDS = {
  coverage: 'network.coverage_warning',
  pivot_ending: 'network.pivot_ending',
} as const;

interface WantedWarning {
  organisation_id: string;
  kind: 'coverage' | 'pivot_ending';
  mandate_id: string | null;
  subject_key: string;
  params: Record<string, string | number>;
}

/** An organisation's coverage today: active pivots, those who completed the prerequisite, the target. */
export async function coverageOf(
  db: Executor,
  organisationIds: string[],
  today: string,
): Promise<Map<string, { active: number; trained: number; trainedPersonIds: Set<string> }>> {
  const mandates = await activeMandates(db, today, organisationIds);
  const trained = await prerequisiteTrainingSource().completedPrerequisite(db, [
    ...new Set(mandates.map((m) => m.person_id)),
  ]);
  const result = new Map(
    organisationIds.map((id) => [id, { active: 0, trained: 0, trainedPersonIds: new Set<string>() }]),
  );
  for (const mandate of mandates) {
    const entry = result.get(mandate.organisation_id);
    if (!entry) continue;
    entry.active += 1;
    if (trained.has(mandate.person_id)) {
      entry.trained += 1;
      entry.trainedPersonIds.add(mandate.person_id);
    }
  }
  return result;
}

/**
 * Brings the open warnings of some organisations (all when omitted) in line with today's facts, inside
 * `trx`: a warning appears once when its condition starts (and its coordinators and the table
 * coordination are notified in the app), is kept quietly while the condition lasts, and is closed when
 * it ends. Returns how many new warnings were opened.
 */
export async function refreshWarnings(
  platform: Platform,
  trx: Transaction<DB>,
  organisationIds?: string[],
): Promise<number> {
  const today = localDate(platform.now(), platform.config.timeZone);
  const organisations = (await activeOrganisations(trx)).filter(
    (o) => !organisationIds || organisationIds.includes(o.id),
  );
  const ids = organisations.map((o) => o.id);
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const profiles = new Map((await listProfiles(trx)).map((p) => [p.organisation_id, p]));
  const coverage = await coverageOf(trx, ids, today);
  const mandates = await activeMandates(trx, today, ids);
  const ending = mandates.filter((m) => endsSoon(m, today));
  const people = await personNames(
    trx,
    ending.map((m) => m.person_id),
  );

  const wanted = new Map<string, WantedWarning>();
  for (const organisation of organisations) {
    const target = profiles.get(organisation.id)?.pivot_target ?? null;
    const trained = coverage.get(organisation.id)?.trained ?? 0;
    if (target !== null && trained < target) {
      const key = `coverage:${organisation.id}`;
      wanted.set(key, {
        organisation_id: organisation.id,
        kind: 'coverage',
        mandate_id: null,
        subject_key: key,
        params: { organisation: organisation.name, trained, target },
      });
    }
  }
  for (const mandate of ending) {
    const key = `pivot_ending:${mandate.id}`;
    wanted.set(key, {
      organisation_id: mandate.organisation_id,
      kind: 'pivot_ending',
      mandate_id: mandate.id,
      subject_key: key,
      params: {
        organisation: names.get(mandate.organisation_id) ?? '',
        person: people.get(mandate.person_id) ?? '',
        endOn: mandate.end_on ?? '',
      },
    });
  }

  const open = (await repo.openWarnings(trx)).filter((w) => ids.includes(w.organisation_id));
  const openKeys = new Map(open.map((w) => [w.subject_key, w]));
  await repo.closeWarnings(
    trx,
    open.filter((w) => !wanted.has(w.subject_key)).map((w) => w.id),
    platform.now(),
  );
  for (const [key, warning] of wanted) {
    const existing = openKeys.get(key);
    if (existing) {
      if (JSON.stringify(existing.params) !== JSON.stringify(warning.params))
        await repo.updateWarningParams(trx, existing.id, warning.params);
    }
  }
  const fresh = [...wanted.values()].filter((w) => !openKeys.has(w.subject_key));
  if (fresh.length === 0) return 0;
  const tableCoordinators = await peopleWithRole(trx, 'table_coordinator');
  for (const warning of fresh) {
    await repo.insertWarning(trx, warning);
    const orgCoordinators = await peopleWithRole(trx, 'org_coordinator', {
      organisationId: warning.organisation_id,
    });
    const recipients = new Set([...orgCoordinators, ...tableCoordinators].map((p) => p.id));
    for (const personId of recipients) {
      await platform.notifier.notify(trx, personId, {
        kind: NOTIFICATION_KINDS[warning.kind],
        params: warning.params,
        link: `/reseau/organisations/${warning.organisation_id}`,
      });
    }
  }
  return fresh.length;
}

function warningLine(locale: Locale, warning: repo.WarningRow): string {
  return t(locale, `email.network_digest.${warning.kind}`, warning.params);
}

/**
 * The weekly digest: one e-mail per coordinator with open warnings in their reach (an organisation
 * coordinator: their organisation's; the table coordination: all). Returns how many were queued.
 */
export async function queueDigests(platform: Platform): Promise<number> {
  return platform.db.transaction().execute(async (trx) => {
    const open = await repo.openWarnings(trx);
    if (open.length === 0) return 0;
    const recipients = new Map<
      string,
      { email: string; name: string; locale: Locale; warnings: repo.WarningRow[] }
    >();
    const add = (
      person: { id: string; email: string; given_name: string; locale: string },
      warnings: repo.WarningRow[],
    ) => {
      if (warnings.length === 0) return;
      const locale = (LOCALES as readonly string[]).includes(person.locale)
        ? (person.locale as Locale)
        : 'fr-CA';
      const entry = recipients.get(person.id) ?? {
        email: person.email,
        name: person.given_name,
        locale,
        warnings: [],
      };
      for (const w of warnings) if (!entry.warnings.includes(w)) entry.warnings.push(w);
      recipients.set(person.id, entry);
    };
    for (const person of await peopleWithRole(trx, 'table_coordinator')) add(person, open);
    for (const person of await peopleWithRole(trx, 'org_coordinator')) {
      add(
        person,
        open.filter((w) => w.organisation_id === person.organisation_id),
      );
    }
    for (const recipient of recipients.values()) {
      await platform.notifier.queueEmail(trx, {
        to: recipient.email,
        locale: recipient.locale,
        template: 'network_digest',
        params: {
          name: recipient.name,
          count: recipient.warnings.length,
          warnings: recipient.warnings.map((w) => `- ${warningLine(recipient.locale, w)}`).join('\n'),
          link: `${platform.config.publicUrl}/reseau`,
        },
      });
    }
    if (recipients.size > 0) {
      await platform.audit.append(trx, {
        actor: null,
        action: 'network.digest.send',
        meta: { recipients: recipients.size, warnings: open.length },
      });
    }
    return recipients.size;
  });
}
