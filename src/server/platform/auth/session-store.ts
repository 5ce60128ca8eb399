import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { OrganisationType, Role } from '../../../shared/roles.js';
import type { Actor } from '../authz/actor.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Database, Executor } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { isLocale } from '../i18n/i18n.js';

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** How long a resolved session is trusted from memory before the database is asked again. */
const CACHE_TTL_MS = 5_000;
/**
 * How long a change written in a transaction keeps its sessions out of the cache when its signal does
 * not come back (the transaction rolled back, or the signal connection was lost): a minute of reading
 * the database instead of the cache for one person.
 */
const PENDING_MS = 60_000;
/** last_seen_at is written at most this often: the idle timeout is precise to this much. */
const TOUCH_EVERY_MS = 60_000;

export const SESSION_CHANNEL = 'filet_sessions';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export type ResolveOutcome = { ok: true; actor: Actor } | { ok: false; reason: 'unknown' | 'expired' };

/** Session ids read per query when many requests arrive at once. */
const LOAD_BATCH = 500;

interface SessionRow {
  id: string;
  person_id: string;
  last_seen_at: Date;
  expires_at: Date;
  mfa_verified: boolean;
  revoked_at: Date | null;
  organisation_id: string;
  organisation_type: OrganisationType;
  locale: string;
  status: string;
  roles: Role[] | null;
  emergency_id: string | null;
  emergency_organisation_id: string | null;
  emergency_organisation_type: OrganisationType | null;
  emergency_roles: Role[] | null;
  emergency_until: Date | null;
}

interface CachedSession {
  actor: Actor;
  personId: string;
  lastSeenAt: number;
  expiresAt: number;
  fetchedAt: number;
  /** Read again from the database from this instant (the cache's lifetime, or an emergency access's end). */
  staleAt: number;
}

/**
 * Server-side sessions. The cookie holds a random token; the table holds only its SHA-256, so a
 * database copy opens no session. Resolved sessions are cached for a few seconds; a revocation evicts
 * the cache here at once and, through pg_notify on commit, in every other Filet process.
 */
export class SessionStore {
  readonly #database: Database;
  readonly #csrfKey: Buffer;
  readonly #now: () => Date;
  readonly #cache = new Map<string, CachedSession>();
  /** Session ids asked for since the last read, and who waits for each. */
  #waiting = new Map<
    string,
    Array<{ resolve: (row: SessionRow | undefined) => void; reject: (error: unknown) => void }>
  >();
  #loadScheduled = false;
  /** Bumped by every eviction: a read that straddles one does not fill the cache. */
  #generation = 0;
  /**
   * Sessions (`session:<id>`) and people (`person:<id>`) whose change a transaction of this process is
   * writing. Evicting them when the change is written is not enough: a request read between that moment
   * and the commit sees the old row and would cache it until the change's own signal comes back, so
   * the next request of the person who made the change (ending an emergency access, dropping a role,
   * signing out everywhere) could still act on the old session. Until the signal arrives (or the entry
   * expires) their sessions are read from the database and not cached. Each change carries a nonce in
   * its signal, so the signal of another process's change to the same person, arriving first, does not
   * end the wait for this one.
   */
  readonly #pending = new Map<string, Map<string, number>>();

  constructor(options: { database: Database; keyring: Keyring; now: () => Date }) {
    this.#database = options.database;
    this.#csrfKey = options.keyring.derive('csrf');
    this.#now = options.now;
  }

  /** Creates a session; returns the cookie token (shown once) and the stored id. */
  async create(
    trx: Transaction<DB>,
    personId: string,
    options: { mfaVerified: boolean; userAgent?: string | undefined },
  ): Promise<{ token: string; id: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const id = hashToken(token);
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS);
    await trx
      .insertInto('sessions')
      .values({
        id,
        person_id: personId,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
        mfa_verified: options.mfaVerified,
        user_agent: summariseUserAgent(options.userAgent),
      })
      .execute();
    return { token, id, expiresAt };
  }

  /** Finds the live session of a cookie token and the actor behind it. Expired sessions are revoked. */
  async resolve(token: string): Promise<ResolveOutcome> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: 'unknown' };
    const id = hashToken(token);
    const now = this.#now().getTime();
    const cached = this.#cache.get(id);
    if (cached && now < cached.staleAt) {
      if (now - cached.lastSeenAt > IDLE_TIMEOUT_MS || now >= cached.expiresAt) {
        this.#cache.delete(id);
        return { ok: false, reason: 'expired' };
      }
      if (now - cached.lastSeenAt > TOUCH_EVERY_MS) await this.#touch(id, cached, now);
      return { ok: true, actor: cached.actor };
    }

    // A revocation (or a change of roles) may commit while this read is on its way: its eviction then
    // bumps the generation, and the row read before it must not be cached (it would outlive the
    // revocation by the cache's lifetime, here or in the process that read it).
    const generation = this.#generation;
    const row = await this.#load(id);
    if (!row || row.revoked_at || row.status !== 'active') {
      this.#cache.delete(id);
      return { ok: false, reason: 'unknown' };
    }
    const lastSeen = row.last_seen_at.getTime();
    if (now - lastSeen > IDLE_TIMEOUT_MS || now >= row.expires_at.getTime()) {
      await this.#database.db
        .updateTable('sessions')
        .set({ revoked_at: new Date(now), revoke_reason: 'expired' })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      return { ok: false, reason: 'expired' };
    }
    const actor = actorOf(row, id);
    const until = row.emergency_until?.getTime();
    const entry: CachedSession = {
      actor,
      personId: row.person_id,
      lastSeenAt: lastSeen,
      expiresAt: row.expires_at.getTime(),
      fetchedAt: now,
      staleAt: Math.min(now + CACHE_TTL_MS, until ?? Number.POSITIVE_INFINITY),
    };
    if (now - lastSeen > TOUCH_EVERY_MS) await this.#touch(id, entry, now);
    if (generation === this.#generation && !this.#isPending(id, row.person_id, now))
      this.#cache.set(id, entry);
    return { ok: true, actor };
  }

  /**
   * Reads a session row. Lookups asked for in the same turn of the event loop are read together,
   * one query per LOAD_BATCH ids: a thousand requests arriving at once cost a few queries, not a
   * thousand queued on the pool (or on PGlite's single connection).
   */
  #load(id: string): Promise<SessionRow | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.#waiting.get(id);
      if (waiting) waiting.push({ resolve, reject });
      else this.#waiting.set(id, [{ resolve, reject }]);
      if (!this.#loadScheduled) {
        this.#loadScheduled = true;
        setImmediate(() => this.#loadWaiting());
      }
    });
  }

  #loadWaiting(): void {
    this.#loadScheduled = false;
    const batch = this.#waiting;
    this.#waiting = new Map();
    const ids = [...batch.keys()];
    for (let start = 0; start < ids.length; start += LOAD_BATCH) {
      const slice = ids.slice(start, start + LOAD_BATCH);
      const at = this.#now();
      this.#database.db
        .selectFrom('sessions as s')
        .innerJoin('people as p', 'p.id', 's.person_id')
        .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
        // An administrator's open emergency access (at most one by a unique index), while it lasts.
        .leftJoin('emergency_access as e', (join) =>
          join
            .onRef('e.person_id', '=', 's.person_id')
            .on('e.ended_at', 'is', null)
            .on('e.expires_at', '>', at),
        )
        .leftJoin('organisations as eo', 'eo.id', 'e.organisation_id')
        .select([
          's.id',
          's.person_id',
          's.last_seen_at',
          's.expires_at',
          's.mfa_verified',
          's.revoked_at',
          'p.organisation_id',
          'o.type as organisation_type',
          'p.locale',
          'p.status',
          sql<
            Role[] | null
          >`(select array_agg(r.role order by r.role) from person_roles r where r.person_id = p.id)`.as(
            'roles',
          ),
          'e.id as emergency_id',
          'e.organisation_id as emergency_organisation_id',
          'eo.type as emergency_organisation_type',
          'e.roles as emergency_roles',
          'e.expires_at as emergency_until',
        ])
        .where('s.id', 'in', slice)
        .execute()
        .then(
          (rows) => {
            const byId = new Map(rows.map((row) => [row.id, row]));
            for (const sessionId of slice) {
              for (const waiter of batch.get(sessionId) ?? []) waiter.resolve(byId.get(sessionId));
            }
          },
          (error: unknown) => {
            for (const sessionId of slice) {
              for (const waiter of batch.get(sessionId) ?? []) waiter.reject(error);
            }
          },
        );
    }
  }

  async #touch(id: string, entry: CachedSession, now: number): Promise<void> {
    entry.lastSeenAt = now;
    await this.#database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now) })
      .where('id', '=', id)
      .execute();
  }

  /** Revokes one session inside `trx`; every process forgets it when the transaction commits. */
  async revoke(trx: Executor, id: string, reason: string): Promise<boolean> {
    const result = await trx
      .updateTable('sessions')
      .set({ revoked_at: this.#now(), revoke_reason: reason })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const nonce = this.#markPending(`session:${id}`);
    await sql`select pg_notify(${SESSION_CHANNEL}, ${`session:${id}:${nonce}`})`.execute(trx);
    this.#generation++;
    this.#cache.delete(id);
    return Number(result.numUpdatedRows) > 0;
  }

  /** Revokes every live session of a person (disabled account, password reset, MFA reset). */
  async revokeAllOf(
    trx: Executor,
    personId: string,
    reason: string,
    options: { except?: string } = {},
  ): Promise<number> {
    let query = trx
      .updateTable('sessions')
      .set({ revoked_at: this.#now(), revoke_reason: reason })
      .where('person_id', '=', personId)
      .where('revoked_at', 'is', null);
    if (options.except) query = query.where('id', '!=', options.except);
    const result = await query.executeTakeFirst();
    const nonce = this.#markPending(`person:${personId}`);
    await sql`select pg_notify(${SESSION_CHANNEL}, ${`person:${personId}:${nonce}`})`.execute(trx);
    this.forgetPerson(personId, options.except);
    return Number(result.numUpdatedRows);
  }

  /** Makes every process re-read a person's sessions (roles or language changed) once `trx` commits. */
  async refreshPerson(trx: Executor, personId: string): Promise<void> {
    const nonce = this.#markPending(`person:${personId}`);
    await sql`select pg_notify(${SESSION_CHANNEL}, ${`refresh:${personId}:${nonce}`})`.execute(trx);
    this.forgetPerson(personId);
  }

  /**
   * Drops cached sessions; called on this process's own changes and on notifications from others
   * (`session:<id>[:<nonce>]`, `person:<id>[:<nonce>]`, `refresh:<id>[:<nonce>]`).
   */
  forget(message: string): void {
    this.#generation++;
    const [kind, id, nonce] = message.split(':');
    if (!id) return;
    if (kind === 'session') {
      this.#cache.delete(id);
      this.#settle(`session:${id}`, nonce);
    } else if (kind === 'person' || kind === 'refresh') {
      this.forgetPerson(id);
      this.#settle(`person:${id}`, nonce);
    }
  }

  /** A change to these sessions is being written: keep them out of the cache until its signal. */
  #markPending(key: string): string {
    const nonce = randomBytes(9).toString('base64url');
    const entries = this.#pending.get(key) ?? new Map<string, number>();
    entries.set(nonce, this.#now().getTime() + PENDING_MS);
    this.#pending.set(key, entries);
    return nonce;
  }

  /** The signal of one pending change came back (committed, and every process told). */
  #settle(key: string, nonce: string | undefined): void {
    const entries = this.#pending.get(key);
    if (!entries || nonce === undefined) return;
    entries.delete(nonce);
    if (entries.size === 0) this.#pending.delete(key);
  }

  #isPending(sessionId: string, personId: string, now: number): boolean {
    let pending = false;
    for (const key of [`session:${sessionId}`, `person:${personId}`]) {
      const entries = this.#pending.get(key);
      if (!entries) continue;
      for (const [nonce, until] of entries) {
        if (until > now) pending = true;
        else entries.delete(nonce);
      }
      if (entries.size === 0) this.#pending.delete(key);
    }
    return pending;
  }

  /**
   * Drops every cached session: after a gap in the signals (the signal connection was lost) any of
   * them may have been revoked elsewhere, so each is read again on its next request.
   */
  forgetAll(): void {
    this.#generation++;
    this.#cache.clear();
  }

  /** Which of these sessions are still live: not revoked, not expired, their person active. */
  async liveAmong(ids: readonly string[]): Promise<Set<string>> {
    const live = new Set<string>();
    const now = this.#now();
    for (let start = 0; start < ids.length; start += LOAD_BATCH) {
      const rows = await this.#database.db
        .selectFrom('sessions as s')
        .innerJoin('people as p', 'p.id', 's.person_id')
        .select(['s.id', 's.last_seen_at'])
        .where('s.id', 'in', ids.slice(start, start + LOAD_BATCH))
        .where('s.revoked_at', 'is', null)
        .where('s.expires_at', '>', now)
        .where('p.status', '=', 'active')
        .execute();
      for (const row of rows) {
        if (now.getTime() - row.last_seen_at.getTime() <= IDLE_TIMEOUT_MS) live.add(row.id);
      }
    }
    return live;
  }

  forgetPerson(personId: string, except?: string): void {
    this.#generation++;
    for (const [id, entry] of this.#cache) {
      if (entry.personId === personId && id !== except) this.#cache.delete(id);
    }
  }

  /** The CSRF token bound to a session: an HMAC of its id under a key derived from the master key. */
  csrfToken(sessionId: string): string {
    return createHmac('sha256', this.#csrfKey).update(sessionId).digest('base64url');
  }

  checkCsrf(sessionId: string, presented: string | undefined): boolean {
    if (!presented) return false;
    const expected = Buffer.from(this.csrfToken(sessionId));
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/**
 * The actor of a session row. During an emergency access the administrator acts as a member of the
 * organisation it opens (its type included), with the roles it names on top of their own, until it
 * ends or expires.
 */
function actorOf(row: SessionRow, sessionId: string): Actor {
  const roles = new Set<Role>(row.roles ?? []);
  const emergencyType = row.emergency_organisation_type;
  const emergency =
    row.emergency_id &&
    row.emergency_organisation_id &&
    emergencyType &&
    row.emergency_until &&
    roles.has('admin')
      ? {
          id: row.emergency_id,
          organisationId: row.emergency_organisation_id,
          until: row.emergency_until,
          homeOrganisationId: row.organisation_id,
        }
      : null;
  if (emergency) for (const role of row.emergency_roles ?? []) roles.add(role);
  return {
    personId: row.person_id,
    organisationId: emergency ? emergency.organisationId : row.organisation_id,
    organisationType: emergency && emergencyType ? emergencyType : row.organisation_type,
    roles,
    locale: isLocale(row.locale) ? row.locale : 'fr-CA',
    sessionId,
    mfaVerified: row.mfa_verified,
    emergency,
  };
}

/** Keeps a short browser/OS description for the session list; never the full fingerprintable string. */
export function summariseUserAgent(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : null;
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (!browser && !os) return userAgent.slice(0, 60);
  return [browser, os].filter(Boolean).join(' · ');
}
