// The table's meetings as iCalendar: one meeting, the whole calendar, and each person's private feed
// address that calendar programs subscribe to without signing in.
import { createHash, randomBytes } from 'node:crypto';
import type { Locale } from '../../../shared/roles.js';
import type { Actor } from '../../platform/authz/actor.js';
import { Errors } from '../../platform/errors.js';
import { t } from '../../platform/i18n/i18n.js';
import type { Platform } from '../../platform/platform.js';
import { rolesOf } from '../accounts/index.js';
import * as repo from './calendar.repository.js';
import { meetingsCalendar } from './governance.calendar.js';
import { canManage } from './governance.policy.js';
import { type MeetingRow, listMeetings as meetingsVisibleTo } from './meetings.repository.js';
import { listMeetings, visibleMeeting } from './meetings.service.js';

function calendarText(platform: Platform, meetings: readonly MeetingRow[], locale: Locale): string {
  return meetingsCalendar(meetings, {
    name: t(locale, 'governance.calendarName'),
    publicUrl: platform.config.publicUrl,
    now: platform.now(),
  });
}

/** One meeting as iCalendar; a meeting the actor may not see answers 404 like an absent one. */
export async function meetingIcs(platform: Platform, actor: Actor, id: string): Promise<string> {
  const meeting = await visibleMeeting(platform.db, actor, id);
  return calendarText(platform, [meeting], actor.locale);
}

export async function calendarIcs(platform: Platform, actor: Actor): Promise<string> {
  const meetings = await listMeetings(platform, actor, {});
  return calendarText(
    platform,
    meetings.filter((m) => m.status !== 'cancelled'),
    actor.locale,
  );
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function calendarFeed(platform: Platform, actor: Actor) {
  return (await repo.calendarToken(platform.db, actor.personId)) ?? null;
}

/** Issues a new private feed address for the actor; the previous one stops working at once. */
export async function regenerateCalendarFeed(
  platform: Platform,
  actor: Actor,
): Promise<{ url: string; createdAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = platform.now();
  await platform.db.transaction().execute(async (trx) => {
    await repo.replaceCalendarToken(trx, actor.personId, hashToken(token), now);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'governance.calendar_feed.regenerate',
      targetType: 'person',
      targetId: actor.personId,
    });
  });
  return { url: `${platform.config.publicUrl}/api/calendar/${token}.ics`, createdAt: now };
}

/** The private feed of the token's owner: the meetings that person may see. Unknown token: 404. */
export async function feedIcs(platform: Platform, token: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw Errors.notFound();
  const owner = await repo.personByCalendarToken(platform.db, hashToken(token));
  if (!owner) throw Errors.notFound();
  const roles = new Set(await rolesOf(platform.db, owner.id));
  const meetings = await meetingsVisibleTo(platform.db, {
    personId: owner.id,
    all: canManage({ personId: owner.id, roles }),
  });
  return calendarText(
    platform,
    meetings.filter((m) => m.status !== 'cancelled'),
    owner.locale,
  );
}
