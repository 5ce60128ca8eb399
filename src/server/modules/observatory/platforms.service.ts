// The platforms named in observations: a list the table keeps. A platform an observation names is
// retired, never deleted, so the observation keeps its meaning.

import { randomUUID } from 'node:crypto';
import type {
  Platform as ObservedPlatform,
  PlatformInput,
  PlatformList,
  PlatformUpdate,
} from '../../../shared/contracts/observatory.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { isUniqueViolation } from '../../platform/db/unique-violation.js';
import { Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import { isTable } from './observatory.policy.js';
import * as repo from './platforms.repository.js';

/** Active platforms for every member; the table also sees retired ones when it asks. */
export async function listPlatforms(
  platform: Platform,
  actor: Actor,
  includeRetired: boolean,
): Promise<PlatformList> {
  const rows = await repo.listPlatforms(platform.db, includeRetired && isTable(actor));
  return { items: rows.map(present) };
}

function present(row: {
  id: string;
  name: string;
  status: 'active' | 'retired';
  version: number;
  observations: number;
}): ObservedPlatform {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    observations: row.observations,
    version: row.version,
  };
}

async function presentOne(platform: Platform, id: string): Promise<ObservedPlatform> {
  const row = (await repo.listPlatforms(platform.db, true)).find((p) => p.id === id);
  if (!row) throw Errors.notFound();
  return present(row);
}

/** Adds a platform; a name already listed (ignoring case and accents) is a 400. */
export async function createPlatform(
  platform: Platform,
  actor: Actor,
  input: PlatformInput,
): Promise<ObservedPlatform> {
  authorize(isTable(actor), { hide: false });
  const name = input.name.trim();
  const id = randomUUID();
  const taken = () => Errors.field('name', 'observatory_platform_taken');
  await platform.db
    .transaction()
    .execute(async (trx) => {
      if (await repo.nameTaken(trx, name)) throw taken();
      await repo.insertPlatform(trx, {
        id,
        name,
        created_by: actor.personId,
        created_at: platform.now(),
        updated_at: platform.now(),
      });
      await platform.audit.append(trx, {
        actor: actor.personId,
        action: 'observatory.platform.create',
        targetType: 'observatory_platform',
        targetId: id,
      });
    })
    .catch((error: unknown) => {
      // Two people adding the same name at once: the loser hears it is taken.
      throw isUniqueViolation(error) ? taken() : error;
    });
  return presentOne(platform, id);
}

/** Renames, retires or reactivates a platform, conditional on its version (409 otherwise). */
export async function updatePlatform(
  platform: Platform,
  actor: Actor,
  id: string,
  input: PlatformUpdate,
): Promise<ObservedPlatform> {
  authorize(isTable(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    const row = await repo.findPlatform(trx, id);
    if (!row) throw Errors.notFound();
    const name = input.name?.trim();
    if (name !== undefined && (await repo.nameTaken(trx, name, id)))
      throw Errors.field('name', 'observatory_platform_taken');
    const changed = await repo
      .updatePlatform(trx, id, input.version, {
        ...(name !== undefined ? { name } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        updated_at: platform.now(),
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? Errors.field('name', 'observatory_platform_taken') : error;
      });
    if (!changed) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.platform.update',
      targetType: 'observatory_platform',
      targetId: id,
      meta: { renamed: name !== undefined, status: input.status ?? null },
    });
  });
  return presentOne(platform, id);
}

/** Deletes a platform no observation names; one that is named is a 409 (retire it instead). */
export async function deletePlatform(platform: Platform, actor: Actor, id: string): Promise<void> {
  authorize(isTable(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    if (!(await repo.findPlatform(trx, id))) throw Errors.notFound();
    if (!(await repo.deleteUnusedPlatform(trx, id))) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'observatory.platform.delete',
      targetType: 'observatory_platform',
      targetId: id,
    });
  });
}
