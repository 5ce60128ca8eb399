import { writeFileSync } from 'node:fs';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../src/shared/roles.js';
import { type Agent, createTestApp, type TestApp } from './support/app.js';
import {
  casesFor,
  type FuzzCase,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  seeded,
  undocumentedOperation,
} from './support/openapi-fuzz.js';

/**
 * Nothing a client can send gets a 5xx. Every operation of the OpenAPI document the app generates
 * receives malformed inputs derived from its own schema (wrong types, out-of-bounds and huge numbers,
 * odd text, deep nesting, `__proto__` keys, missing and extra fields, bad ids), as a person holding
 * every role and, for public operations, anonymously. A route added tomorrow is covered without
 * anyone listing it. FUZZ_SEED replays another draw; FUZZ_CASES raises the number per operation.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_310);
const PER_OPERATION = Number(process.env.FUZZ_CASES ?? 50);
/** Operations fuzzed at once (each by one worker): enough to keep both engines busy, few enough to stay fair. */
const BATCH = 8;
/** Server-sent event streams never end; their connection handling is tested in the notify module. */
const STREAMS = ['GET /api/notifications/stream'];

let t: TestApp;
let agent: Agent;
let operations: Operation[];
let access: Map<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  // The tip line needs a receiving police service, or it answers 503 by design.
  await t.createOrganisation({ type: 'police', name: 'Service de police fictif' });
  agent = await t.as([...ROLES]);
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApiDocument;
  operations = operationsOf(doc);
  access = new Map(t.app.filetRoutes.map((r) => [`${r.method} ${r.url}`, String(r.access)]));
  // Routes kept out of the document (operations endpoints, the service worker, the web app) get the
  // same treatment, with their path parameters taken as text; the documentation's own files do not.
  const documented = new Set(operations.map((op) => `${op.method} ${op.route}`));
  for (const route of t.app.filetRoutes) {
    if (documented.has(`${route.method} ${route.url}`) || route.url.startsWith('/api/docs')) continue;
    operations.push(undocumentedOperation(route.method, route.url));
  }
});
afterAll(async () => {
  await t.close();
});

function describeCase(op: Operation, c: FuzzCase, response: LightMyRequestResponse | Error): string {
  const outcome =
    response instanceof Error
      ? `threw ${response.message}`
      : `${response.statusCode} ${response.body.slice(0, 120)}`;
  const payload = c.payload === undefined ? '' : ` body ${JSON.stringify(c.payload.slice(0, 160))}`;
  return `${op.method} ${op.path} [${c.label}] ${c.method} ${c.url.slice(0, 160)}${payload} → ${outcome}`;
}

async function send(
  send: (options: InjectOptions) => Promise<LightMyRequestResponse>,
  c: FuzzCase,
): Promise<LightMyRequestResponse | Error> {
  const options: InjectOptions = {
    method: c.method,
    url: c.url,
    headers: {
      origin: t.config.publicUrl,
      'accept-language': 'en-CA',
      ...(c.contentType ? { 'content-type': c.contentType } : {}),
    },
    ...(c.payload !== undefined ? { payload: c.payload } : {}),
  };
  try {
    return await send(options);
  } catch (error) {
    return error as Error;
  }
}

describe('no server error for malformed input, on every operation of the API document', () => {
  it('answers every generated input without a 5xx', async () => {
    expect(operations.length).toBeGreaterThan(200);
    for (const stream of STREAMS) {
      expect(operations.some((op) => `${op.method} ${op.path}` === stream)).toBe(true);
    }
    const random = seeded(SEED);
    const failures: string[] = [];
    let sent = 0;
    // Signing out would turn every later request into a plain 401: it gets its own session.
    const leaving = await t.as('worker');
    const jobs: Array<() => Promise<void>> = [];
    const timings: Array<[string, number]> = [];
    for (const op of operations) {
      if (STREAMS.includes(`${op.method} ${op.path}`)) continue;
      const cases = casesFor(op, random, PER_OPERATION);
      expect(cases.length, `${op.method} ${op.path}`).toBeGreaterThanOrEqual(PER_OPERATION);
      const isPublic = access.get(`${op.method} ${op.route}`) === 'public';
      const signedIn = op.path === '/api/auth/logout' ? leaving : agent;
      // One operation's cases in sequence (the same valid body sent twice at once would be a race,
      // which has its own tests); several operations at once.
      jobs.push(async () => {
        const started = performance.now();
        for (const c of cases) {
          const responses = [await send((o) => signedIn.inject(o), c)];
          if (isPublic) responses.push(await send((o) => t.app.inject(o), c));
          for (const response of responses) {
            sent += 1;
            if (response instanceof Error || (response.statusCode >= 500 && !probeAnswer(op, response)))
              failures.push(describeCase(op, c, response));
          }
        }
        timings.push([`${op.method} ${op.path} (${cases.length})`, performance.now() - started]);
      });
    }
    const queue = [...jobs];
    await Promise.all(
      Array.from({ length: BATCH }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) await job();
      }),
    );
    console.log(
      `[openapi fuzz] seed ${SEED}: ${sent} requests over ${operations.length - STREAMS.length} operations and routes, ${failures.length} server errors`,
    );
    if (process.env.FUZZ_TIMINGS) {
      // The slowest operations, to keep the whole near a minute per engine.
      for (const [name, ms] of timings.sort((a, b) => b[1] - a[1]).slice(0, 15)) {
        console.log(`[openapi fuzz] ${Math.round(ms)} ms ${name}`);
      }
    }
    if (process.env.FUZZ_REPORT) writeFileSync(process.env.FUZZ_REPORT, failures.join('\n'));
    expect(failures).toEqual([]);
    // The session survived the barrage, so the requests above reached their routes as a signed-in person.
    expect((await agent.inject({ method: 'GET', url: '/api/account' })).statusCode).toBe(200);
  }, 300_000);
});

/**
 * The readiness probe answers 503 by design when the database does not answer it within 1.5 s, which a
 * loaded machine under this barrage can cause: that is the probe doing its job, not an input it failed
 * to handle. Any other 5xx of it still fails.
 */
function probeAnswer(op: Operation, response: { statusCode: number; body: string }): boolean {
  return (
    op.route === '/readyz' &&
    response.statusCode === 503 &&
    response.body.includes('"reason":"database_unreachable"')
  );
}
