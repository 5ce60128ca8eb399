import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import { organisationName } from '../accounts/index.js';
import type { AlertStatus } from './alerts.rules.js';
import type { AlertInsert } from './alerts.table.js';
import type { CloseValues } from './close.repository.js';

/** SQL of the alert record itself and its timeline, shared by every use case of an alert. */

const ALERT_COLUMNS = [
  'a.id',
  'a.profile_id',
  'a.owner_organisation_id',
  'a.police_organisation_id',
  'a.kind',
  'a.status',
  'a.legal_basis',
  'a.without_consent',
  'a.content',
  'a.photo_file_id',
  'a.last_seen_at',
  'a.raised_by',
  'a.raised_at',
  'a.escalated_at',
  'a.closed_at',
  'a.closed_by',
  'a.outcome',
  'a.place_type',
  'a.found_at',
  'a.purge_after',
] as const;

/** The name of the alert's owner organisation (read from the accounts module's table by its key). */
const ownerName = organisationName<string>('a.owner_organisation_id').as('owner_name');

export function findAlert(db: Executor, id: string) {
  return db
    .selectFrom('alerts as a')
    .select([...ALERT_COLUMNS, ownerName])
    .where('a.id', '=', id)
    .executeTakeFirst();
}
export type AlertRow = NonNullable<Awaited<ReturnType<typeof findAlert>>>;

/**
 * Locks an open alert's row until the transaction ends and reads it as it is now; undefined when it is
 * absent or no longer open. Acknowledgements and timeline entries take it `share` (they go side by
 * side), the close and the escalation `update`: each waits for the others, so a decision read after
 * the lock cannot be overtaken by one of them.
 */
export function lockOpenAlert(db: Executor, id: string, mode: 'update' | 'share') {
  const query = db
    .selectFrom('alerts as a')
    .select([...ALERT_COLUMNS, ownerName])
    .where('a.id', '=', id)
    .where('a.status', '=', 'open');
  return (mode === 'update' ? query.forUpdate(['a']) : query.forShare(['a'])).executeTakeFirst();
}

export async function insertAlert(db: Executor, row: AlertInsert<'alerts'>): Promise<void> {
  await db.insertInto('alerts').values(row).execute();
}

export async function updateAlert(
  db: Executor,
  id: string,
  values: Partial<
    CloseValues & {
      status: AlertStatus;
      content: string | null;
      photo_file_id: string | null;
      escalated_at: Date;
    }
  >,
): Promise<void> {
  await db.updateTable('alerts').set(values).where('id', '=', id).execute();
}

/** Closes an alert that is still open (its row stays locked until the commit). False when it is not. */

/**
 * Alerts a person may list: those of their own organisation (for its staff), those whose recipient
 * organisation is theirs and whose rule they meet (a delivered role, or being an active pivot), and
 * those passed to them one by one. Scoped in SQL: nothing else is loaded.
 */
export function listAlertsFor(
  db: Executor,
  scope: {
    personId: string;
    organisationId: string;
    roles: string[];
    activePivot: boolean;
    ownerOrganisationId: string | null;
  },
  status?: AlertStatus,
) {
  let query = db
    .selectFrom('alerts as a')
    .select([...ALERT_COLUMNS, ownerName])
    .where((eb) =>
      eb.or([
        ...(scope.ownerOrganisationId ? [eb('a.owner_organisation_id', '=', scope.ownerOrganisationId)] : []),
        eb(
          'a.id',
          'in',
          eb.selectFrom('alert_recipient_people').select('alert_id').where('person_id', '=', scope.personId),
        ),
        eb(
          'a.id',
          'in',
          eb
            .selectFrom('alert_recipients as r')
            .select('r.alert_id')
            .where('r.organisation_id', '=', scope.organisationId)
            .where((inner) =>
              inner.or([
                inner.and([
                  inner('r.view', '=', 'police'),
                  sql<boolean>`r.roles && ${scope.roles.length > 0 ? scope.roles : ['']}::text[]`,
                ]),
                ...(scope.activePivot ? [inner('r.view', '=', 'pivot')] : []),
              ]),
            ),
        ),
      ]),
    );
  if (status) query = query.where('a.status', '=', status);
  return query.orderBy('a.raised_at', 'desc').orderBy('a.id').limit(200).execute();
}

/** Open alerts raised before `raisedBefore` whose police service has not acknowledged, not escalated yet. */
export function alertsToEscalate(db: Executor, raisedBefore: Date) {
  return db
    .selectFrom('alerts as a')
    .innerJoin('alert_recipients as r', (join) =>
      join.onRef('r.alert_id', '=', 'a.id').onRef('r.organisation_id', '=', 'a.police_organisation_id'),
    )
    .select(['a.id', 'a.owner_organisation_id', 'a.police_organisation_id'])
    .where('a.status', '=', 'open')
    .where('a.escalated_at', 'is', null)
    .where('a.raised_at', '<=', raisedBefore)
    .where('r.acknowledged_at', 'is', null)
    .orderBy('a.raised_at')
    .execute();
}

// ---------------------------------------------------------------- timeline

export async function insertEvent(db: Executor, row: AlertInsert<'alert_events'>): Promise<void> {
  await db.insertInto('alert_events').values(row).execute();
}

export function eventsOf(db: Executor, alertId: string) {
  return db
    .selectFrom('alert_events as e')
    .select([
      'e.id',
      'e.kind',
      'e.body',
      'e.at',
      'e.author_person_id',
      organisationName('e.organisation_id').as('organisation_name'),
    ])
    .where('e.alert_id', '=', alertId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}
