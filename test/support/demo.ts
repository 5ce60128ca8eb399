import { loadDemoData } from '../../src/server/demo/demo-data.js';
import type { DemoContext } from '../../src/server/demo/demo-modules.js';
import { createTestApp, type TestApp, type TestPerson } from './app.js';

/**
 * The demo in tests: a whole demo loaded into a test app, or the context a module's demo loader takes,
 * built from the organisations and people a test created.
 */

/** A test app in demo mode with the whole demo loaded; its clock stands at `now` when one is given. */
export async function openDemo(options: { now?: Date } = {}): Promise<TestApp> {
  const { now } = options;
  const demo = await createTestApp({ config: { demo: true }, ...(now ? { now: () => now } : {}) });
  await loadDemoData(demo.platform);
  return demo;
}

/** Random numbers in [0, 1) from a fixed seed (Park–Miller), so a loader's output is the same every run. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** The context a module's demo loader takes, in the region 'Région fictive', over a test's records. */
export function demoContext(values: {
  seed: number;
  organisations: DemoContext['organisations'];
  people: TestPerson[];
}): DemoContext {
  return {
    region: 'Région fictive',
    random: seededRandom(values.seed),
    organisations: values.organisations,
    people: values.people.map((p) => ({
      id: p.id,
      email: p.email,
      organisationId: p.organisationId,
      status: 'active' as const,
      roles: p.roles,
    })),
  };
}
