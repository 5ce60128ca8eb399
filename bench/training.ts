import type { Database } from '../src/server/platform/db/database.js';

/** Concurrent registrations for one session: filled in by the training module. */
export async function benchTraining(
  _engine: string,
  _freshDatabase: (label: string) => Promise<Database>,
): Promise<void> {}
