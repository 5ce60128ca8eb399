import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../errors.js';

/**
 * Serves the built web app: hashed assets with long caching, and index.html (never cached) for every
 * other GET outside /api, so the client router handles French paths such as /personnes/…
 */
export const webAppPlugin = fp(async (app: FastifyInstance) => {
  const dist = app.platform.config.webDist;
  const indexFile = path.join(dist, 'index.html');
  if (!existsSync(indexFile)) {
    app.log.warn({ dist }, 'web app not built: run npm run build:web');
  }
  // Re-read when the file changes, so a rebuild while Filet runs does not serve stale asset names.
  let cached: { mtimeMs: number; body: Buffer } | null = null;
  const index = (): Buffer | null => {
    try {
      const { mtimeMs } = statSync(indexFile);
      if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, body: readFileSync(indexFile) };
      return cached.body;
    } catch {
      return null;
    }
  };

  await app.register(fastifyStatic, {
    root: path.join(dist, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    wildcard: true,
    immutable: true,
    maxAge: '365d',
  });

  // The service worker must be served from the root to control the whole app; it is read on each
  // request (it is small) so a rebuild is picked up, and never cached long so browsers see updates.
  const serviceWorker = path.join(dist, 'sw.js');
  app.get(
    '/sw.js',
    { config: { access: 'public', metrics: 'live' }, schema: { hide: true } },
    async (_request, reply) => {
      let body: Buffer;
      try {
        body = readFileSync(serviceWorker);
      } catch {
        throw Errors.notFound();
      }
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('service-worker-allowed', '/')
        .send(body);
    },
  );

  app.webAppIndex = index;
});
