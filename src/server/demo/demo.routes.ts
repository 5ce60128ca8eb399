import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DemoAccounts } from '../../shared/contracts/auth.js';
import { DEMO_PASSWORD, listDemoAccounts } from './demo-data.js';

/**
 * Demo mode only (never registered otherwise): the demo accounts with their current TOTP code, so a
 * newcomer explores Filet without an authenticator app. The data behind them is fictional.
 */
export const demoRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  app.get(
    '/accounts',
    {
      config: { access: 'public', metrics: 'live' },
      schema: {
        tags: ['demo'],
        summary: 'Demo accounts with their current code (demo mode only)',
        response: { 200: DemoAccounts },
      },
    },
    async () => ({ password: DEMO_PASSWORD, accounts: await listDemoAccounts(platform) }),
  );
};
