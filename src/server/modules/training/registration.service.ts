import type { Transaction } from 'kysely';
import type { Locale } from '../../../shared/roles.js';
import type { AuditEvent } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/authz/actor.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors } from '../../platform/errors.js';
import type { EmailMessage } from '../../platform/notify/notify.js';
import type { Platform } from '../../platform/platform.js';
import * as completionRepo from './completions.repository.js';
import * as courseRepo from './courses.repository.js';
import * as participantRepo from './participants.repository.js';
import * as repo from './registration.repository.js';
import * as sessionRepo from './sessions.repository.js';
import { appLink, pick, when } from './training.emails.js';
import { ownedRegistration, stale } from './training.guards.js';
import { isActive, missingPrerequisites, placeRegistration } from './training.rules.js';
import type { RegistrationStatus } from './training.table.js';
import { fillFreeSeats } from './waitlist.service.js';

/**
 * The registration desk: people registering for a session, in batches under the session's row lock,
 * and cancelling (the freed seat goes to the wait list).
 */

export interface RegistrationResult {
  id: string;
  status: RegistrationStatus;
  position: number | null;
}

/** One signed-in person asking for a seat for themselves. */
interface RegistrationRequest {
  personId: string;
  actorId: string | null;
  locale: Locale;
}

type Outcome = { ok: RegistrationResult } | { error: unknown };

/** Where an accepted request goes, decided before the batch writes anything. */
interface Placement {
  person: participantRepo.PersonFacts;
  actorId: string | null;
  status: 'confirmed' | 'waitlisted';
  queueNumber: number | null;
  position: number | null;
  previousId: string | null;
}

const BATCH_LIMIT = 200;

interface Desk {
  queue: Array<{ request: RegistrationRequest; settle: (outcome: Outcome) => void }>;
  running: boolean;
}

/**
 * Registration desks, one per session and per app: requests arriving while a batch is being written
 * wait and go together in the next transaction (group commit). The row lock still decides, so several
 * processes stay correct; the desk only saves one commit per request when hundreds arrive at once.
 */
const desks = new WeakMap<Platform, Map<string, Desk>>();

async function runDesk(platform: Platform, sessionId: string, desk: Desk): Promise<void> {
  desk.running = true;
  try {
    while (desk.queue.length > 0) {
      const batch = desk.queue.splice(0, BATCH_LIMIT);
      try {
        const outcomes = await platform.db.transaction().execute((trx) =>
          registerBatch(
            platform,
            trx,
            sessionId,
            batch.map((b) => b.request),
          ),
        );
        for (const [i, b] of batch.entries()) b.settle(outcomes[i]!);
      } catch (error) {
        for (const b of batch) b.settle({ error });
      }
    }
  } finally {
    desk.running = false;
    desks.get(platform)?.delete(sessionId);
  }
}

/**
 * The actor registers themselves for a session: confirmed while seats are free, else wait-listed.
 * Throws validation_failed (closed, missing prerequisite named, already registered) or not_found.
 */
export function register(platform: Platform, actor: Actor, sessionId: string): Promise<RegistrationResult> {
  let byPlatform = desks.get(platform);
  if (!byPlatform) {
    byPlatform = new Map();
    desks.set(platform, byPlatform);
  }
  let desk = byPlatform.get(sessionId);
  if (!desk) {
    desk = { queue: [], running: false };
    byPlatform.set(sessionId, desk);
  }
  const current = desk;
  const outcome = new Promise<Outcome>((settle) => {
    current.queue.push({
      request: { personId: actor.personId, actorId: actor.personId, locale: actor.locale },
      settle,
    });
  });
  if (!current.running) void runDesk(platform, sessionId, current);
  return outcome.then((result) => {
    if ('ok' in result) return result.ok;
    throw result.error;
  });
}

/**
 * Registers a batch of people for one session in ONE transaction under the session's row lock, in
 * arrival order. Under any concurrency (other batches, other processes) confirmed + offered never
 * exceed capacity, a person is never registered twice, and wait-list numbers follow arrival without
 * gaps. Each request is checked before anything of it is written, so a refused request (closed
 * registration, missing prerequisite, already registered) stores nothing and does not affect the
 * others; it gets its own translated error.
 */
async function registerBatch(
  platform: Platform,
  trx: Transaction<DB>,
  sessionId: string,
  requests: readonly RegistrationRequest[],
): Promise<Outcome[]> {
  const session = await sessionRepo.lockSession(trx, sessionId);
  if (!session) return requests.map(() => ({ error: Errors.notFound() }));
  const now = platform.now();
  if (session.status !== 'planned' || now.getTime() > session.registration_deadline.getTime()) {
    return requests.map(() => ({ error: Errors.field('sessionId', 'training_registration_closed') }));
  }
  const course = await courseRepo.findCourse(trx, session.course_id);
  const required = course?.prerequisite_ids ?? [];
  const full = (await sessionRepo.findSession(trx, sessionId))!;
  const held = await repo.heldCounts(trx, sessionId);
  const facts = await readBatchFacts(trx, sessionId, requests, required);
  const { decisions, nextQueue } = await decideBatch(trx, session, held, facts, requests);
  const { results, events, emails } = await writeBatch(platform, trx, full, decisions, now);
  if (nextQueue !== session.next_queue_number) {
    await sessionRepo.updateSession(trx, sessionId, { next_queue_number: nextQueue }, now);
  }
  await platform.notifier.queueEmails(trx, emails);
  // Last, in one append for the whole batch: the chain is the same as one entry per registration.
  await platform.audit.appendMany(trx, events);
  return results;
}

/** What the checks of a batch need to know about the people asking. */
interface BatchFacts {
  /** The prerequisites of the session's course. */
  required: string[];
  people: Map<string, participantRepo.PersonFacts>;
  /** The participant rows of those who have one, by person. */
  known: Map<string, participantRepo.ParticipantRow>;
  /** Their registrations for this session from before, by participant. */
  existing: Map<string, repo.RegistrationCore>;
  /** The prerequisites each of them completed, by participant. */
  completed: Map<string, Set<string>>;
}

/** Everything the checks need, read in a few set-based queries. */
async function readBatchFacts(
  trx: Transaction<DB>,
  sessionId: string,
  requests: readonly RegistrationRequest[],
  required: string[],
): Promise<BatchFacts> {
  const personIds = [...new Set(requests.map((r) => r.personId))];
  const people = new Map((await participantRepo.personFactsMany(trx, personIds)).map((p) => [p.id, p]));
  const known = new Map(
    (await participantRepo.participantsOfPeople(trx, personIds)).map((p) => [p.person_id!, p]),
  );
  const knownIds = [...known.values()].map((p) => p.id);
  const existing = new Map(
    (await repo.registrationsOfParticipants(trx, sessionId, knownIds)).map((r) => [r.participant_id, r]),
  );
  const completed = await completionRepo.completionsAmong(trx, knownIds, required);
  return { required, people, known, existing, completed };
}

/** A request refused with its error, or accepted with where it goes. */
type Decision = Outcome | { accepted: Placement };

/**
 * Decides each request in arrival order, before anything is written: refused (unknown person,
 * already registered, prerequisite missing) or placed, confirmed while seats are free, else at the
 * end of the wait list. `held` counts the seats and places as they are given. Returns the decisions
 * and the next free wait-list number.
 */
async function decideBatch(
  trx: Transaction<DB>,
  session: { capacity: number; next_queue_number: number },
  held: { confirmed: number; offered: number; waitlisted: number },
  facts: BatchFacts,
  requests: readonly RegistrationRequest[],
): Promise<{ decisions: Decision[]; nextQueue: number }> {
  const { required, people, known, existing, completed } = facts;
  let nextQueue = session.next_queue_number;
  let titles: Array<{ id: string; title_fr: string; title_en: string }> | null = null;
  const decisions: Decision[] = [];
  const seen = new Set<string>();
  for (const request of requests) {
    const person = people.get(request.personId);
    const participant = known.get(request.personId);
    const previous = participant ? existing.get(participant.id) : undefined;
    if (!person) {
      decisions.push({ error: Errors.notFound() });
      continue;
    }
    if (seen.has(request.personId) || (previous && isActive(previous.status))) {
      decisions.push({ error: Errors.field('sessionId', 'training_already_registered') });
      continue;
    }
    const missing = missingPrerequisites(
      required,
      (participant && completed.get(participant.id)) || new Set(),
    );
    if (missing.length > 0) {
      titles ??= await courseRepo.courseTitles(trx, required);
      const names = titles.filter((c) => missing.includes(c.id));
      decisions.push({
        error: Errors.field('sessionId', 'training_prerequisite_missing', {
          course: names
            .map((c) => (request.locale === 'en-CA' ? `“${c.title_en}”` : `« ${c.title_fr} »`))
            .join(', '),
        }),
      });
      continue;
    }
    seen.add(request.personId);
    const status = placeRegistration(session.capacity, held);
    const queueNumber = status === 'waitlisted' ? nextQueue++ : null;
    const position = status === 'waitlisted' ? held.waitlisted + 1 : null;
    held[status] += 1;
    decisions.push({
      accepted: {
        person,
        actorId: request.actorId,
        status,
        queueNumber,
        position,
        previousId: previous?.id ?? null,
      },
    });
  }
  return { decisions, nextQueue };
}

/**
 * Writes the accepted requests of a batch, in bulk where the platform allows: participant rows created
 * or refreshed from the people's profiles, new registrations inserted, earlier ones renewed. Returns
 * every request's outcome, in order, with the e-mails to queue and the audit entries to append.
 */
async function writeBatch(
  platform: Platform,
  trx: Transaction<DB>,
  session: sessionRepo.SessionRow,
  decisions: readonly Decision[],
  now: Date,
): Promise<{ results: Outcome[]; events: AuditEvent[]; emails: EmailMessage[] }> {
  const sessionId = session.id;
  const accepted = decisions.flatMap((o) => ('accepted' in o ? [o.accepted] : []));
  const participants = new Map(
    (
      await participantRepo.upsertMemberParticipants(
        trx,
        accepted.map((a) => a.person),
      )
    ).map((p) => [p.person_id!, p]),
  );
  const fresh = accepted.filter((a) => a.previousId === null);
  const inserted = await repo.insertRegistrations(
    trx,
    fresh.map((a) => ({
      session_id: sessionId,
      participant_id: participants.get(a.person.id)!.id,
      status: a.status,
      queue_number: a.queueNumber,
      waitlisted_at: a.status === 'waitlisted' ? now : null,
      created_at: now,
      updated_at: now,
    })),
  );
  const idOf = new Map(inserted.map((r) => [r.participant_id, r.id]));
  const results: Outcome[] = [];
  const events: AuditEvent[] = [];
  const emails: EmailMessage[] = [];
  for (const decision of decisions) {
    if (!('accepted' in decision)) {
      results.push(decision);
      continue;
    }
    const a = decision.accepted;
    const participant = participants.get(a.person.id)!;
    let id: string;
    if (a.previousId) {
      id = a.previousId;
      await repo.renewRegistration(
        trx,
        id,
        {
          status: a.status,
          queue_number: a.queueNumber,
          waitlisted_at: a.status === 'waitlisted' ? now : null,
        },
        now,
      );
    } else {
      id = idOf.get(participant.id)!;
    }
    emails.push({
      to: participant.email,
      locale: participant.locale,
      template: a.status === 'confirmed' ? 'training_confirmed' : 'training_waitlisted',
      params: {
        name: participant.full_name,
        course: pick(participant.locale, session.course_title_fr, session.course_title_en),
        date: when(platform, participant.locale, session.starts_at),
        place: session.place ?? session.video_url ?? '',
        position: a.position ?? 0,
        link: appLink(platform, `/formation/sessions/${sessionId}`),
      },
    });
    events.push({
      actor: a.actorId,
      action: 'training.registration.create',
      targetType: 'training_registration',
      targetId: id,
      meta: { sessionId, status: a.status },
    });
    results.push({ ok: { id, status: a.status, position: a.position } });
  }
  return { results, events, emails };
}

/**
 * Cancels one registration whose session row the caller holds locked: the freed seat is offered to the
 * wait list, and the audit entry is written last. Every cancellation by a person goes through here (a
 * member in the app, an outside professional through their link). Throws conflict when the
 * registration is no longer active (cancelled by someone else, even at the same moment).
 */
export async function cancelLockedRegistration(
  platform: Platform,
  trx: Transaction<DB>,
  registration: { id: string; session_id: string; status: RegistrationStatus },
  actorId: string | null,
  extra: Record<string, string> = {},
): Promise<void> {
  if (!isActive(registration.status)) throw stale('registrationId', 'training_not_active');
  const now = platform.now();
  await repo.setRegistration(trx, registration.id, { status: 'cancelled' }, now);
  const offered = await fillFreeSeats(platform, trx, registration.session_id, now);
  await platform.audit.append(trx, {
    actor: actorId,
    action: 'training.registration.cancel',
    targetType: 'training_registration',
    targetId: registration.id,
    meta: { sessionId: registration.session_id, was: registration.status, offered, ...extra },
  });
}

/** Cancels a registration (its holder, the session's trainers or the table); a freed seat is offered. */
export async function cancelRegistration(platform: Platform, actor: Actor, id: string): Promise<void> {
  await platform.db.transaction().execute(async (trx) => {
    const { registration } = await ownedRegistration(trx, actor, id);
    await cancelLockedRegistration(platform, trx, registration, actor.personId);
  });
}
