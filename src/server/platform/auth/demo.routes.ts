import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { DEMO_ACCOUNT_EMAILS, DEMO_PASSWORD } from '../../demo/demo-data.js';
import { currentTotpCode } from './totp.js';

/**
 * Demo mode only (never registered otherwise): the demo accounts with their current TOTP code, so a
 * newcomer explores Filet without an authenticator app. The data behind them is fictional.
 */
export const demoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  app.get(
    '/accounts',
    {
      config: { access: 'public' },
      schema: {
        tags: ['demo'],
        summary: 'Demo accounts with their current code (demo mode only)',
        response: {
          200: Type.Object({
            password: Type.String(),
            accounts: Type.Array(
              Type.Object({
                email: Type.String(),
                name: Type.String(),
                roles: Type.Array(Type.String()),
                organisation: Type.String(),
                code: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async () => {
      const rows = await platform.db
        .selectFrom('people as p')
        .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
        .innerJoin('credentials as c', 'c.person_id', 'p.id')
        .select([
          'p.id',
          'p.email',
          'p.given_name',
          'p.family_name',
          'o.name as organisation',
          'c.totp_secret',
        ])
        .where('p.email', 'in', DEMO_ACCOUNT_EMAILS)
        .execute();
      const roles = await platform.db
        .selectFrom('person_roles')
        .select(['person_id', 'role'])
        .where(
          'person_id',
          'in',
          rows.length > 0 ? rows.map((r) => r.id) : ['00000000-0000-0000-0000-000000000000'],
        )
        .execute();
      const order = new Map(DEMO_ACCOUNT_EMAILS.map((email, index) => [email, index]));
      return {
        password: DEMO_PASSWORD,
        accounts: rows
          .sort((a, b) => (order.get(a.email) ?? 0) - (order.get(b.email) ?? 0))
          .map((row) => ({
            email: row.email,
            name: `${row.given_name} ${row.family_name}`,
            roles: roles.filter((r) => r.person_id === row.id).map((r) => r.role),
            organisation: row.organisation,
            code: row.totp_secret
              ? currentTotpCode(
                  platform.keyring.decrypt(row.totp_secret, `credentials.totp_secret:${row.id}`),
                  platform.now(),
                )
              : '',
          })),
      };
    },
  );
};
