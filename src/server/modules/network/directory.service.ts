// The directory every member searches: partners, and the pivots active today with their contacts.
import type { Executor } from '../../platform/db/database.js';
import type { Platform } from '../../platform/platform.js';
import { listContactsOf } from './contacts.repository.js';
import * as repo from './directory.repository.js';

/** Searches the directory of partners and of the pivots active today (everyone signed in). */
export async function searchDirectory(
  db: Executor,
  input: Omit<repo.DirectoryFilter, 'limit' | 'offset'> & { page: number; pageSize: number; today: string },
) {
  const filter = { ...input, limit: input.pageSize, offset: (input.page - 1) * input.pageSize };
  const organisations = await repo.searchOrganisations(db, filter, input.today);
  const pivots = await repo.searchPivots(db, filter, input.today);
  const contacts = await listContactsOf(db, [
    ...new Set([...organisations.rows.map((o) => o.id), ...pivots.rows.map((p) => p.organisation_id)]),
  ]);
  return { organisations, pivots, contacts };
}

export function directoryRegions(platform: Platform) {
  return repo.regions(platform.db);
}
