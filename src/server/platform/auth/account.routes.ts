import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { inTransaction } from '../db/database.js';
import { Errors } from '../errors.js';
import { ErrorResponse, LocaleSchema, Nullable, Strict } from '../http/schemas.js';
import { clearSessionCookie } from './auth.plugin.js';
import { changePassword } from './auth.service.js';
import { MAX_PASSWORD_LENGTH } from './passwords.js';

const Account = Type.Object({
  id: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  jobTitle: Nullable(Type.String()),
  locale: Type.String(),
  organisation: Type.Object({ id: Type.String(), name: Type.String() }),
  roles: Type.Array(Type.String()),
});

const SessionItem = Type.Object({
  id: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  userAgent: Nullable(Type.String()),
  current: Type.Boolean(),
});

/** The signed-in person's own account: profile, language, password and sessions, under /api/account. */
export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['account'];

  async function loadAccount(personId: string) {
    const row = await platform.db
      .selectFrom('people as p')
      .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
      .select([
        'p.id',
        'p.given_name',
        'p.family_name',
        'p.email',
        'p.phone',
        'p.job_title',
        'p.locale',
        'o.id as organisation_id',
        'o.name as organisation_name',
      ])
      .where('p.id', '=', personId)
      .executeTakeFirst();
    if (!row) throw Errors.notFound();
    const roles = await platform.db
      .selectFrom('person_roles')
      .select('role')
      .where('person_id', '=', personId)
      .execute();
    return {
      id: row.id,
      givenName: row.given_name,
      familyName: row.family_name,
      email: row.email,
      phone: row.phone,
      jobTitle: row.job_title,
      locale: row.locale,
      organisation: { id: row.organisation_id, name: row.organisation_name },
      roles: roles.map((r) => r.role).sort(),
    };
  }

  app.get(
    '/',
    { config: { access: 'staff' }, schema: { tags, summary: 'My account', response: { 200: Account } } },
    async (request) => loadAccount(request.actor!.personId),
  );

  app.patch(
    '/',
    {
      config: { access: 'enrolment' },
      schema: {
        tags,
        summary: 'Change my language, phone or job title',
        body: Strict({
          locale: Type.Optional(LocaleSchema),
          phone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[0-9+() .-]*$' }))),
          jobTitle: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
        }),
        response: { 200: Account, 400: ErrorResponse },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const { locale, phone, jobTitle } = request.body;
      // A session still enrolling may only choose its language.
      if (!actor.mfaVerified && (phone !== undefined || jobTitle !== undefined)) throw Errors.forbidden();
      const changed = Object.keys(request.body);
      if (changed.length > 0) {
        await inTransaction(platform.db, async (trx) => {
          await trx
            .updateTable('people')
            .set({
              ...(locale !== undefined ? { locale } : {}),
              ...(phone !== undefined ? { phone: phone?.trim() || null } : {}),
              ...(jobTitle !== undefined ? { job_title: jobTitle?.trim() || null } : {}),
              updated_at: platform.now(),
            })
            .where('id', '=', actor.personId)
            .execute();
          await platform.audit.append(trx, {
            actor: actor.personId,
            action: 'account.update',
            targetType: 'person',
            targetId: actor.personId,
            meta: { fields: changed },
          });
        });
        platform.sessions.forgetPerson(actor.personId);
      }
      return loadAccount(actor.personId);
    },
  );

  app.post(
    '/password',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Change my password (ends my other sessions)',
        body: Strict({
          currentPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
          newPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
        }),
        response: { 204: Type.Null(), 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      await changePassword(platform, request.actor!, request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/sessions',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'My active sessions',
        response: { 200: Type.Object({ items: Type.Array(SessionItem) }) },
      },
    },
    async (request) => {
      const actor = request.actor!;
      const rows = await platform.db
        .selectFrom('sessions')
        .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent'])
        .where('person_id', '=', actor.personId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', platform.now())
        .where('last_seen_at', '>', new Date(platform.now().getTime() - 30 * 60 * 1000))
        .orderBy('last_seen_at', 'desc')
        .execute();
      return {
        items: rows.map((row) => ({
          id: row.id,
          createdAt: row.created_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          expiresAt: row.expires_at.toISOString(),
          userAgent: row.user_agent,
          current: row.id === actor.sessionId,
        })),
      };
    },
  );

  app.delete(
    '/sessions/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'End one of my sessions',
        params: Strict({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        response: { 204: Type.Null(), 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
      await inTransaction(platform.db, async (trx) => {
        const owned = await trx
          .selectFrom('sessions')
          .select('id')
          .where('id', '=', request.params.id)
          .where('person_id', '=', actor.personId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (!owned) throw Errors.notFound();
        await platform.sessions.revoke(trx, owned.id, 'ended_by_owner');
        await platform.audit.append(trx, {
          actor: actor.personId,
          action: 'auth.session.end',
          targetType: 'person',
          targetId: actor.personId,
        });
      });
      if (request.params.id === actor.sessionId) clearSessionCookie(app, reply);
      return reply.status(204).send(null);
    },
  );
};
