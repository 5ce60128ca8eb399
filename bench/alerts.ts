import type { Database } from '../src/server/platform/db/database.js';

/** Real-time fan-out of an alert: filled in with the alerts module. */
export async function benchAlertFanout(
  _engine: string,
  _freshDatabase: (label: string) => Promise<Database>,
): Promise<void> {}
