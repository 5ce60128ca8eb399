// The SQL of announcements: writing and publishing them, their audience and recipients, read receipts.
import { sql } from 'kysely';
import type { OrganisationType } from '../../../shared/roles.js';
import type { Executor } from '../../platform/db/database.js';
import {
  type Audience,
  activePeopleInAudience,
  organisationName,
  personColumn,
  personName,
  personOrganisationName,
} from '../accounts/index.js';
import type { AudienceKind } from './governance.table.js';

export interface AnnouncementValues {
  title_fr: string;
  title_en: string;
  body_fr: string;
  body_en: string;
  audience: AudienceKind;
  audience_type: OrganisationType | null;
  audience_organisation_id: string | null;
  publish_at: Date;
  author_id: string;
}

export async function insertAnnouncement(db: Executor, values: AnnouncementValues): Promise<string> {
  const row = await db
    .insertInto('gov_announcements')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findAnnouncement(db: Executor, id: string) {
  return db
    .selectFrom('gov_announcements as a')
    .selectAll('a')
    .select([
      personName('a.author_id').as('author_name'),
      organisationName('a.audience_organisation_id').as('audience_organisation_name'),
      sql<number>`(select count(*)::int from gov_announcement_recipients r where r.announcement_id = a.id)`.as(
        'recipient_count',
      ),
      sql<number>`(select count(*)::int from gov_announcement_recipients r where r.announcement_id = a.id and r.read_at is not null)`.as(
        'read_count',
      ),
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
}

export type AnnouncementDetailRow = NonNullable<Awaited<ReturnType<typeof findAnnouncement>>>;

/** Every announcement, newest first (the coordination's view). */
export async function listAllAnnouncements(db: Executor) {
  const ids = await db.selectFrom('gov_announcements').select('id').orderBy('publish_at', 'desc').execute();
  const rows: AnnouncementDetailRow[] = [];
  for (const { id } of ids) {
    const row = await findAnnouncement(db, id);
    if (row) rows.push(row);
  }
  return rows;
}

/** Announcements addressed to a person, published, newest first. */
export async function listAnnouncementsFor(db: Executor, personId: string) {
  return db
    .selectFrom('gov_announcement_recipients as r')
    .innerJoin('gov_announcements as a', 'a.id', 'r.announcement_id')
    .select([
      'a.id',
      'a.title_fr',
      'a.title_en',
      'a.body_fr',
      'a.body_en',
      'a.published_at',
      'r.read_at',
      personName('a.author_id').as('author_name'),
    ])
    .where('r.person_id', '=', personId)
    .where('a.published_at', 'is not', null)
    .orderBy('a.published_at', 'desc')
    .execute();
}

export async function markRead(db: Executor, announcementId: string, personId: string, now: Date) {
  const result = await db
    .updateTable('gov_announcement_recipients')
    .set({ read_at: now })
    .where('announcement_id', '=', announcementId)
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function isRecipient(db: Executor, announcementId: string, personId: string): Promise<boolean> {
  const row = await db
    .selectFrom('gov_announcement_recipients as r')
    .innerJoin('gov_announcements as a', 'a.id', 'r.announcement_id')
    .select('r.person_id')
    .where('r.announcement_id', '=', announcementId)
    .where('r.person_id', '=', personId)
    .where('a.published_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function receipts(db: Executor, announcementId: string) {
  return db
    .selectFrom('gov_announcement_recipients as r')
    .select([
      'r.person_id as id',
      personName<string>('r.person_id').as('name'),
      personOrganisationName<string>('r.person_id').as('organisation_name'),
      'r.read_at',
    ])
    .where('r.announcement_id', '=', announcementId)
    .orderBy(personOrganisationName('r.person_id'))
    .orderBy(personColumn('r.person_id', 'family_name'))
    .execute();
}

/** The active people an audience names, resolved at publication. */
export async function audiencePeople(
  db: Executor,
  audience: { audience: AudienceKind; audience_type: string | null; audience_organisation_id: string | null },
) {
  // The people are the accounts module's: it reads them for the audience.
  const kind: Audience =
    audience.audience === 'organisation_type'
      ? { kind: 'organisation_type', type: audience.audience_type as OrganisationType }
      : audience.audience === 'organisation'
        ? { kind: 'organisation', organisationId: audience.audience_organisation_id ?? '' }
        : { kind: audience.audience };
  return activePeopleInAudience(db, kind);
}

export async function addRecipients(db: Executor, announcementId: string, personIds: readonly string[]) {
  if (personIds.length === 0) return;
  await db
    .insertInto('gov_announcement_recipients')
    .values(personIds.map((person_id) => ({ announcement_id: announcementId, person_id })))
    .onConflict((oc) => oc.columns(['announcement_id', 'person_id']).doNothing())
    .execute();
}

export async function markPublished(db: Executor, id: string, at: Date) {
  await db.updateTable('gov_announcements').set({ published_at: at }).where('id', '=', id).execute();
}

export async function dueAnnouncements(db: Executor, now: Date) {
  return db
    .selectFrom('gov_announcements')
    .select(['id', 'audience', 'audience_type', 'audience_organisation_id'])
    .where('published_at', 'is', null)
    .where('publish_at', '<=', now)
    .orderBy('publish_at')
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function announcementTitles(db: Executor, id: string) {
  return db
    .selectFrom('gov_announcements')
    .select(['title_fr', 'title_en'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
