import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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

  app.webAppIndex = index;
});
