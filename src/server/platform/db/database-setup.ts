import type { Config } from '../config.js';
import { type Database, type OpenOptions, openDatabase } from './database.js';
import { migrate } from './migrate.js';

/** Opens the configured database (with the configured time-outs unless given) and applies pending migrations. */
export async function openMigratedDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbTimeouts'>,
  options: Partial<OpenOptions> & { onMigration?: (name: string) => void } = {},
): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    timeouts: config.dbTimeouts,
    ...options,
  });
  try {
    await migrate(database, options.onMigration);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
