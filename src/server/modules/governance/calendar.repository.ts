// The SQL of private calendar feeds: one token per person, stored as its hash.

import type { Locale } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import { isActivePerson, personColumn } from '../accounts/index.js';

export async function replaceCalendarToken(db: Executor, personId: string, tokenHash: string, now: Date) {
  await db
    .insertInto('gov_calendar_tokens')
    .values({ person_id: personId, token_hash: tokenHash, created_at: now })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ token_hash: tokenHash, created_at: now }))
    .execute();
}

export async function calendarToken(db: Executor, personId: string) {
  return db
    .selectFrom('gov_calendar_tokens')
    .select(['created_at'])
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** The active person owning a feed token (by its hash). */
export async function personByCalendarToken(db: Executor, tokenHash: string) {
  return db
    .selectFrom('gov_calendar_tokens as c')
    .select(['c.person_id as id', personColumn<Locale>('c.person_id', 'locale').as('locale')])
    .where('c.token_hash', '=', tokenHash)
    .where(isActivePerson('c.person_id'))
    .executeTakeFirst();
}
