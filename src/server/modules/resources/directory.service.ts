// The directory's entries as their keepers keep them: the table's staleness period, organisations and
// the flag of stale entries, with the checks the services and locations share (services.service.ts:
// texts, eligibility, phones, schedules, status, confirmation; locations.service.ts: sealed addresses,
// a service at its locations, a safe place's counts).

import type {
  ResourceOrganisationBody,
  ResourceOrganisationUpdateBody,
} from '../../../shared/contracts/resources.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { AppError, Errors } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import * as repo from './directory.repository.js';
import * as places from './locations.repository.js';
import {
  canEditSettings,
  canKeep,
  canReadService,
  canRevealAddress,
  keepsEntries,
} from './resources.policy.js';

const DAY_MS = 86_400_000;

/** The instant before which a confirmation is stale. */
export function staleCutoff(now: Date, staleAfterDays: number): Date {
  return new Date(now.getTime() - staleAfterDays * DAY_MS);
}

/** A text field as stored: trimmed, or null when blank. */
export const empty = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** A keeper named in a body: an existing partner the actor may keep entries for. */
export async function checkKeeper(
  platform: Platform,
  actor: Actor,
  keeperOrganisationId: string | null,
): Promise<void> {
  if (keeperOrganisationId !== null) {
    try {
      await accounts.getOrganisation(platform, keeperOrganisationId);
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found')
        throw Errors.field('keeperOrganisationId', 'unknown');
      throw error;
    }
  }
  if (!canKeep(actor, keeperOrganisationId))
    throw Errors.field('keeperOrganisationId', 'resources_keeper_not_yours');
}

export async function checkPartner(platform: Platform, partnerOrganisationId: string | null | undefined) {
  if (!partnerOrganisationId) return;
  try {
    await accounts.getOrganisation(platform, partnerOrganisationId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found')
      throw Errors.field('partnerOrganisationId', 'unknown');
    throw error;
  }
}

// ── Settings ─────────────────────────────────────────────────────────────────────────────────────

export async function getSettings(platform: Platform, actor: Actor) {
  const settings = await repo.getSettings(platform.db);
  return { staleAfterDays: settings.stale_after_days, canEdit: canEditSettings(actor) };
}

export async function updateSettings(platform: Platform, actor: Actor, staleAfterDays: number) {
  authorize(canEditSettings(actor), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    await repo.updateSettings(trx, { stale_after_days: staleAfterDays }, actor.personId, platform.now());
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.settings.update',
      targetType: 'resource_settings',
      targetId: null,
      meta: { staleAfterDays },
    });
  });
}

// ── Organisations ────────────────────────────────────────────────────────────────────────────────

export async function listOrganisations(platform: Platform, actor: Actor, q: string | undefined) {
  const rows = await repo.listOrganisations(platform.db, q?.trim() || undefined);
  return rows.map((r) => ({ ...r, canKeep: canKeep(actor, r.keeper_organisation_id) }));
}

export async function loadOrganisation(platform: Platform, id: string) {
  const organisation = await repo.findOrganisation(platform.db, id);
  if (!organisation) throw Errors.notFound();
  return organisation;
}

/** An organisation with its locations and the services the reader may see. Throws not_found. */
export async function getOrganisation(platform: Platform, actor: Actor, id: string) {
  const organisation = await loadOrganisation(platform, id);
  const locations = await places.locationsOfOrganisation(platform.db, id);
  const services = (await repo.servicesOfOrganisation(platform.db, id)).filter((s) =>
    canReadService(actor, s),
  );
  const keepers = new Map<string, (string | null)[]>();
  for (const location of locations.filter((l) => l.confidential))
    keepers.set(location.id, await places.serviceKeepersAt(platform.db, location.id));
  const { stale_after_days } = await repo.getSettings(platform.db);
  return {
    organisation,
    locations: locations.map((location) => ({
      location,
      canReveal:
        location.confidential &&
        canRevealAddress(actor, [organisation.keeper_organisation_id, ...(keepers.get(location.id) ?? [])]),
    })),
    services,
    cutoff: staleCutoff(platform.now(), stale_after_days),
  };
}

function organisationValues(input: ResourceOrganisationBody) {
  return {
    name: input.name.trim(),
    alternate_name: empty(input.alternateName),
    description_fr: input.descriptionFr?.trim() ?? '',
    description_en: empty(input.descriptionEn),
    email: empty(input.email),
    website: empty(input.website),
    public: input.public ?? false,
    keeper_organisation_id: input.keeperOrganisationId,
    partner_organisation_id: input.partnerOrganisationId ?? null,
  };
}

/** Adds an organisation; the actor must be allowed to keep it for the keeper it names. */
export async function createOrganisation(
  platform: Platform,
  actor: Actor,
  input: ResourceOrganisationBody,
): Promise<string> {
  authorize(keepsEntries(actor), { hide: false });
  if (input.name.trim() === '') throw Errors.field('name', 'required');
  await checkKeeper(platform, actor, input.keeperOrganisationId);
  await checkPartner(platform, input.partnerOrganisationId);
  return platform.db.transaction().execute(async (trx) => {
    const id = await repo.insertOrganisation(trx, {
      ...organisationValues(input),
      created_by: actor.personId,
      created_at: platform.now(),
      updated_at: platform.now(),
    });
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.organisation.create',
      targetType: 'resource_organisation',
      targetId: id,
      meta: { public: input.public ?? false },
    });
    return id;
  });
}

export async function updateOrganisation(
  platform: Platform,
  actor: Actor,
  id: string,
  input: ResourceOrganisationUpdateBody,
): Promise<void> {
  const current = await loadOrganisation(platform, id);
  authorize(canKeep(actor, current.keeper_organisation_id), { hide: false });
  if (input.name.trim() === '') throw Errors.field('name', 'required');
  if (input.keeperOrganisationId !== current.keeper_organisation_id)
    await checkKeeper(platform, actor, input.keeperOrganisationId);
  await checkPartner(platform, input.partnerOrganisationId);
  await platform.db.transaction().execute(async (trx) => {
    const { version, ...body } = input;
    const values = organisationValues(body);
    // Optional fields a form did not send keep what is stored; an explicit null clears them.
    const updated = await repo.updateOrganisation(trx, id, version, {
      ...values,
      ...(body.alternateName === undefined ? { alternate_name: current.alternate_name } : {}),
      ...(body.partnerOrganisationId === undefined
        ? { partner_organisation_id: current.partner_organisation_id }
        : {}),
      updated_at: platform.now(),
    });
    if (!updated) throw Errors.conflict();
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'resources.organisation.update',
      targetType: 'resource_organisation',
      targetId: id,
      meta: { public: input.public ?? false },
    });
  });
}

// ── Stale entries ────────────────────────────────────────────────────────────────────────────────

/**
 * Flags the services not confirmed for the table's period, each once, and tells their keepers in the
 * app: the coordinators and pivots of the keeper organisation, the table coordination for what it
 * keeps. One notification per keeper and run (with the count), not one per service. Returns how many
 * services were flagged.
 */
export async function flagStaleServices(platform: Platform): Promise<number> {
  const { stale_after_days } = await repo.getSettings(platform.db);
  const candidates = await repo.staleUnflagged(platform.db, staleCutoff(platform.now(), stale_after_days));
  if (candidates.length === 0) return 0;
  const keepers = [...new Set(candidates.map((c) => c.keeper_organisation_id))];
  // Recipients are read before the transaction (PGlite has a single connection).
  const recipients = new Map<string | null, string[]>();
  for (const keeper of keepers) {
    const people: string[] = [];
    const roles =
      keeper === null ? (['table_coordinator'] as const) : (['org_coordinator', 'pivot'] as const);
    for (const role of roles) {
      const found = await accounts.searchPeople(platform, {
        ...(keeper !== null ? { organisationId: keeper } : {}),
        role,
        status: 'active',
        page: 1,
        pageSize: 500,
      });
      people.push(...found.rows.map((p) => p.id));
    }
    recipients.set(keeper, [...new Set(people)]);
  }
  return platform.db.transaction().execute(async (trx) => {
    const flagged = new Set(
      await repo.flagStale(
        trx,
        candidates.map((c) => c.id),
        platform.now(),
      ),
    );
    for (const keeper of keepers) {
      const count = candidates.filter((c) => c.keeper_organisation_id === keeper && flagged.has(c.id)).length;
      const people = recipients.get(keeper) ?? [];
      if (count === 0 || people.length === 0) continue;
      await platform.notifier.notify(trx, people, {
        kind: 'resources.stale',
        params: { count },
        link: '/repertoire/nos-fiches',
      });
    }
    if (flagged.size > 0)
      await platform.audit.append(trx, {
        actor: null,
        action: 'resources.stale_entries.flag',
        meta: { flagged: flagged.size, keepers: keepers.length },
      });
    return flagged.size;
  });
}
