import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { demoRoutes } from './demo/demo.routes.js';
import './encrypted-fields.js';
import { PublicConfig } from '../shared/contracts/auth.js';
import { accountsModule } from './modules/accounts/index.js';
import { alertsModule } from './modules/alerts/index.js';
import { consultationsModule } from './modules/consultations/index.js';
import { governanceModule } from './modules/governance/index.js';
import { networkModule } from './modules/network/index.js';
import { reportsModule } from './modules/reports/index.js';
import { resourcesModule } from './modules/resources/index.js';
import { tipsModule } from './modules/tips/index.js';
import { trainingModule } from './modules/training/index.js';
import { auditRoutes } from './platform/audit/audit.routes.js';
import { accountRoutes } from './platform/auth/account.routes.js';
import { authPlugin } from './platform/auth/auth.plugin.js';
import { authRoutes } from './platform/auth/auth.routes.js';
import type { Access } from './platform/authz/access.js';
import { hasRole } from './platform/authz/actor.js';
import { createPlatform } from './platform/bootstrap.js';
import type { Config } from './platform/config.js';
import type { Database } from './platform/db/database.js';
import { errorsPlugin } from './platform/http/errors.plugin.js';
import { addFiletFormats } from './platform/http/formats.js';
import { httpPlugin } from './platform/http/http.plugin.js';
import { openApiPlugin } from './platform/http/openapi.plugin.js';
import { opsRoutes } from './platform/http/ops.routes.js';
import { webAppPlugin } from './platform/http/web-app.plugin.js';
import { notifyRoutes } from './platform/notify/notify.routes.js';
import { pushRoutes } from './platform/notify/push.routes.js';
import { sharedRateLimitStore } from './platform/throttle/rate-limit-store.js';

export interface BuildOptions {
  config: Config;
  database: Database;
  logger?: FastifyServerOptions['logger'];
  now?: () => Date;
  /** Serve the built web app (off in most route tests). */
  serveWebApp?: boolean;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared access: the policy matrix test walks this list. */
    filetRoutes: RegisteredRoute[];
  }
}

/** Paths whose routes come from third-party plugins; they are public by nature (docs, static files). */
const PLUGIN_ROUTE_PREFIXES = ['/api/docs', '/assets/'];

/** Log redaction: secrets never reach a log line, whatever a developer logs. */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.code',
  '*.token',
  '*.secret',
];

function validators() {
  // Bodies are taken as sent: no type coercion, no silent removal of unknown fields (they are refused).
  const bodyAjv = new Ajv({
    allErrors: false,
    coerceTypes: false,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  });
  // Query strings and path parameters arrive as text: coerce them to the declared types.
  const queryAjv = new Ajv({
    allErrors: false,
    coerceTypes: 'array',
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  });
  addFormats(bodyAjv);
  addFormats(queryAjv);
  addFiletFormats(bodyAjv);
  addFiletFormats(queryAjv);
  return { bodyAjv, queryAjv };
}

/**
 * Builds the Filet server: platform services, HTTP conventions, authentication, then the modules.
 * The caller owns the database and closes it after `app.close()`.
 */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    bodyLimit: 1024 * 1024,
    // Behind a reverse proxy (FILET_TRUST_PROXY), `request.ip` is the client the proxy saw; otherwise
    // X-Forwarded-For is ignored, so no client can pick the address its limits are counted under.
    trustProxy: config.trustProxy,
    // Never log the client address: public endpoints must not keep it anywhere.
    requestIdHeader: false,
    // No per-request log lines: they would carry client addresses and URLs with identifiers.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const { bodyAjv, queryAjv } = validators();
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === 'body' ? bodyAjv.compile(schema) : queryAjv.compile(schema),
  );

  const platform = await createPlatform(
    config,
    options.database,
    app.log,
    options.now ? { now: options.now } : {},
  );
  app.decorate('platform', platform);
  app.addHook('onClose', async () => {
    await platform.jobs.stop();
    await platform.notifier.close();
  });

  const routes: RegisteredRoute[] = [];
  app.decorate('filetRoutes', routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== 'HEAD')
        routes.push({ method: String(method), url: route.url, access: route.config?.access ?? 'public' });
    }
    if (route.config?.access) return;
    if (PLUGIN_ROUTE_PREFIXES.some((prefix) => route.url.startsWith(prefix)) || route.url === '/*') {
      route.config = { ...(route.config ?? {}), access: 'public', metrics: 'live' };
      return;
    }
    throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`);
  });

  await app.register(httpPlugin);
  await app.register(errorsPlugin);
  await app.register(cookie);
  await app.register(openApiPlugin);
  await app.register(authPlugin);
  // Counted in PostgreSQL under a keyed, hourly-rotating hash of the client address: the same limits
  // whichever process answers, after a restart too; the address itself is never written anywhere.
  await app.register(rateLimit, {
    global: false,
    max: config.authRateLimit,
    timeWindow: 60_000,
    store: sharedRateLimitStore(platform.throttles),
  });
  platform.permissions.add((actor) => ({ 'audit.read': hasRole(actor, 'admin', 'privacy_officer') }));

  app.get(
    '/api/public/config',
    {
      config: { access: 'public', metrics: 'live' },
      schema: {
        tags: ['public'],
        summary: 'Tell whether this instance runs as a demo',
        response: { 200: PublicConfig },
      },
    },
    async () => ({ demo: config.demo }),
  );

  app.get(
    '/api/openapi.json',
    { config: { access: 'public', metrics: 'live' }, schema: { hide: true } },
    async () => app.swagger(),
  );

  await app.register(opsRoutes);
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(accountRoutes, { prefix: '/api/account' });
  await app.register(notifyRoutes, { prefix: '/api/notifications' });
  await app.register(pushRoutes, { prefix: '/api/push' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
  if (config.demo) await app.register(demoRoutes, { prefix: '/api/demo' });
  await app.register(accountsModule, { prefix: '/api' });
  await app.register(networkModule, { prefix: '/api' });
  await app.register(governanceModule, { prefix: '/api' });
  await app.register(reportsModule, { prefix: '/api' });
  // The training module also serves the public certificate verification page (/certificats/…).
  await app.register(trainingModule);
  await app.register(alertsModule, { prefix: '/api' });
  // The tip line serves its own public pages (/signalement, /en/report) as well as its /api routes.
  await app.register(tipsModule);
  // The resources module serves the public directory (/ressources, /en/resources) and its /api routes.
  await app.register(resourcesModule);
  // Consultations register their /api routes themselves (/api/consultations, /api/knowledge).
  await app.register(consultationsModule);

  if (options.serveWebApp !== false) await app.register(webAppPlugin);

  return app;
}
