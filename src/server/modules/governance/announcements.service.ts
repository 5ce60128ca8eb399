// Announcements of the table: written in both languages, published at once or at a set time to an
// audience resolved at publication, with read receipts.
import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { organisationsExist } from '../accounts/index.js';
import * as repo from './announcements.repository.js';
import { canSeeReceipts, manageOrThrow, viewerOf } from './governance.policy.js';
import type { CreateAnnouncementBody } from './governance.schemas.js';

async function publish(
  platform: Platform,
  trx: Transaction<DB>,
  id: string,
  audience: Parameters<typeof repo.audiencePeople>[1],
) {
  const people = await repo.audiencePeople(trx, audience);
  await repo.addRecipients(
    trx,
    id,
    people.map((p) => p.id),
  );
  await repo.markPublished(trx, id, platform.now());
  const titles = await repo.announcementTitles(trx, id);
  for (const person of people) {
    await platform.notifier.notify(trx, person.id, {
      kind: 'governance.announcement',
      params: { title: person.locale === 'en-CA' ? titles.title_en : titles.title_fr },
      link: `/table/annonces#annonce-${id}`,
    });
  }
  return people.length;
}

/** Writes an announcement (both languages); published now, or by the job at `publishAt`. */
export async function createAnnouncement(
  platform: Platform,
  actor: Actor,
  input: Static<typeof CreateAnnouncementBody>,
): Promise<string> {
  manageOrThrow(actor);
  const problems: FieldProblem[] = [];
  for (const field of ['titleFr', 'titleEn', 'bodyFr', 'bodyEn'] as const) {
    if (!input[field].trim()) problems.push({ field, rule: 'required' });
  }
  if (input.audience === 'organisation_type' && !input.organisationType) {
    problems.push({ field: 'organisationType', rule: 'required' });
  }
  if (input.audience === 'organisation' && !input.organisationId) {
    problems.push({ field: 'organisationId', rule: 'required' });
  }
  if (problems.length > 0) throw Errors.invalid(problems);
  const now = platform.now();
  const publishAt = input.publishAt ? new Date(input.publishAt) : now;
  return platform.db.transaction().execute(async (trx) => {
    if (input.audience === 'organisation' && !(await organisationsExist(trx, [input.organisationId!]))) {
      throw Errors.field('organisationId', 'unknown');
    }
    const audience = {
      audience: input.audience,
      audience_type: input.audience === 'organisation_type' ? input.organisationType! : null,
      audience_organisation_id: input.audience === 'organisation' ? input.organisationId! : null,
    };
    const id = await repo.insertAnnouncement(trx, {
      title_fr: input.titleFr.trim(),
      title_en: input.titleEn.trim(),
      body_fr: input.bodyFr.trim(),
      body_en: input.bodyEn.trim(),
      ...audience,
      publish_at: publishAt,
      author_id: actor.personId,
    });
    const recipients = publishAt <= now ? await publish(platform, trx, id, audience) : null;
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.announcement.create',
      targetType: 'announcement',
      targetId: id,
      meta: { audience: input.audience, scheduled: recipients === null, recipients },
    });
    return id;
  });
}

/** Publishes scheduled announcements whose time has come (a job every few minutes). */
export async function publishDue(platform: Platform): Promise<number> {
  return platform.db.transaction().execute(async (trx) => {
    const due = await repo.dueAnnouncements(trx, platform.now());
    for (const announcement of due) {
      const recipients = await publish(platform, trx, announcement.id, announcement);
      await platform.audit.append(trx, {
        actor: null,
        action: 'governance.announcement.publish',
        targetType: 'announcement',
        targetId: announcement.id,
        meta: { recipients },
      });
    }
    return due.length;
  });
}

export function myAnnouncements(platform: Platform, actor: Actor) {
  return repo.listAnnouncementsFor(platform.db, actor.personId);
}

export function allAnnouncements(platform: Platform, actor: Actor) {
  manageOrThrow(actor);
  return repo.listAllAnnouncements(platform.db);
}

export async function getAnnouncement(platform: Platform, actor: Actor, id: string) {
  manageOrThrow(actor);
  const row = await repo.findAnnouncement(platform.db, id);
  if (!row) throw Errors.notFound();
  return row;
}

/** Marks an announcement read by the actor (a recipient; anyone else: 404). */
export async function markAnnouncementRead(platform: Platform, actor: Actor, id: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    authorize(await repo.isRecipient(trx, id, actor.personId));
    const changed = await repo.markRead(trx, id, actor.personId, platform.now());
    if (changed === 0) return;
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.announcement.read',
      targetType: 'announcement',
      targetId: id,
    });
  });
}

export async function announcementReceipts(platform: Platform, actor: Actor, id: string) {
  authorize(canSeeReceipts(viewerOf(actor)), { hide: false });
  if (!(await repo.findAnnouncement(platform.db, id))) throw Errors.notFound();
  return repo.receipts(platform.db, id);
}
