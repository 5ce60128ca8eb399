// The Open Referral (HSDS 3.0) import: a file of services from another region or a 211 read into the
// directory. A dry run reports what would change and stores nothing; the apply, sent the dry run's
// digest, computes everything again and writes it in one transaction.

import type { HsdsImportLine, HsdsImportReport } from '../../../shared/contracts/resources.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import { problemsFromValidation } from '../../platform/http/errors.plugin.js';
import type { Platform } from '../../platform/platform.js';
import {
  fromHsdsService,
  ImportProblems,
  importDigest,
  servicesOf,
  withUuidIds,
} from './hsds.import.mapping.js';
import { type Decision, type Plan, plan, zero } from './hsds.import.plan.js';
import { write } from './hsds.import.write.js';
import { canImportDirectory } from './hsds.policy.js';
import { hsdsServiceValidator } from './hsds.schema.js';

export type { ImportOptions } from './hsds.import.plan.js';

import type { ImportOptions } from './hsds.import.plan.js';

/** Problems of a file shown at most: enough to find the fault, not a wall of text. */
export const MAX_PROBLEMS = 10;

// ── The use case ─────────────────────────────────────────────────────────────────────────────────

/** The file's problems against the shared HSDS 3.0 schemas, with their path (`services.3.phones.0.number`). */
export function schemaProblems(services: readonly unknown[]): FieldProblem[] {
  const validate = hsdsServiceValidator();
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  services.forEach((service, index) => {
    if (problems.length >= MAX_PROBLEMS) return;
    if (!validate(service)) {
      for (const problem of problemsFromValidation(validate.errors ?? [])) {
        const path = problem.field ? `services.${index}.${problem.field}` : `services.${index}`;
        const keyword = problem.params?.type ? `${problem.rule}: ${problem.params.type}` : problem.rule;
        problems.push({ field: path, rule: 'resources_hsds_schema', params: { path, keyword } });
      }
      return;
    }
    const id = (service as { id: string }).id;
    if (seen.has(id)) {
      const path = `services.${index}.id`;
      problems.push({ field: path, rule: 'resources_hsds_duplicate', params: { path } });
    }
    seen.add(id);
  });
  return problems.slice(0, MAX_PROBLEMS);
}

function line(
  kind: HsdsImportLine['kind'],
  id: string,
  name: string | null,
  decision: Decision<unknown>,
  extra: { sourceId?: string | null; ignored?: string[] } = {},
): HsdsImportLine {
  return {
    kind,
    id,
    sourceId: extra.sourceId ?? null,
    name,
    action: decision.action,
    fields: decision.fields,
    reason: decision.reason,
    ignored: extra.ignored ?? [],
  };
}

function report(planned: Plan, base: Omit<HsdsImportReport, 'counts' | 'lines'>): HsdsImportReport {
  const counts = { organisations: zero(), services: zero(), locations: zero() };
  const lines: HsdsImportLine[] = [];
  for (const [id, d] of planned.organisations) {
    counts.organisations[d.action] += 1;
    lines.push(line('organisation', id, d.imported.name, d));
  }
  for (const d of planned.services) {
    counts.services[d.action] += 1;
    lines.push(
      line('service', d.imported.id, d.imported.texts.name, d, {
        sourceId: d.imported.sourceId,
        ignored: d.imported.notes,
      }),
    );
  }
  for (const [id, d] of planned.locations) {
    counts.locations[d.action] += 1;
    lines.push(line('location', id, d.imported.values.name, d));
  }
  return { ...base, counts, lines };
}

/**
 * Imports an HSDS 3.0 services file (a bare array or the API's paginated envelope) into the
 * directory, for the table coordination. Identifiers are kept (non-UUID ones derived), so a second
 * import of the same file changes nothing. A dry run stores nothing; an apply must carry the dry run's
 * digest and writes all or nothing. Entries kept by a partner are never overwritten. Audited, counts
 * only. Throws forbidden, validation_failed (with the file's paths), conflict (digest or a concurrent
 * change).
 */
export async function importHsds(
  platform: Platform,
  actor: Actor,
  body: unknown,
  options: ImportOptions,
): Promise<HsdsImportReport> {
  authorize(canImportDirectory(actor), { hide: false });
  const region = options.region?.trim() ?? '';
  if (region === '') throw Errors.field('region', 'required');
  const raw = servicesOf(body);
  if (raw === null) throw Errors.field('file', 'resources_hsds_not_services');
  const digest = importDigest(raw, { region, lang: options.lang });
  if (options.mode === 'apply') {
    if (!options.digest) throw Errors.field('digest', 'required');
    if (options.digest !== digest)
      throw new AppError('conflict', 409, {
        details: [{ field: 'digest', rule: 'resources_hsds_file_changed' }],
      });
  }
  const services = raw.map(withUuidIds);
  const invalid = schemaProblems(services);
  if (invalid.length > 0) throw Errors.invalid(invalid);
  const problems = new ImportProblems();
  const imported = services.map((service, index) => {
    const sourceId = (raw[index] as { id: string }).id;
    return fromHsdsService(
      options.lang,
      problems,
      `services.${index}`,
      service,
      sourceId === service.id ? null : sourceId,
    );
  });
  if (problems.list.length > 0) throw Errors.invalid(problems.list.slice(0, MAX_PROBLEMS));

  const base = { mode: options.mode, digest, region, lang: options.lang, services: imported.length };
  const audit = (counts: HsdsImportReport['counts'], applied: boolean) => ({
    actor: actor.personId,
    action: 'resources.hsds.import' as const,
    targetType: 'resource_directory',
    // Counts only: never a name or a text of the file.
    meta: {
      mode: options.mode,
      applied,
      services: imported.length,
      ...Object.fromEntries(
        Object.entries(counts).flatMap(([kind, byAction]) =>
          Object.entries(byAction).map(([action, n]) => [`${kind}_${action}`, n]),
        ),
      ),
    },
  });
  if (options.mode === 'dry-run') {
    const planned = await plan(platform.db, imported, { region, lang: options.lang, lock: false });
    const result = report(planned, { ...base, applied: false });
    await platform.db.transaction().execute(async (trx) => {
      await platform.audit.append(trx, audit(result.counts, false));
    });
    return result;
  }
  try {
    return await platform.db.transaction().execute(async (trx) => {
      const planned = await plan(trx, imported, { region, lang: options.lang, lock: true });
      await write(trx, actor, platform.now(), region, options.lang, planned);
      const result = report(planned, { ...base, applied: true });
      await platform.audit.append(trx, audit(result.counts, true));
      return result;
    });
  } catch (error) {
    // Another apply created the same entry in between (unique violation): run the dry run again.
    if ((error as { code?: string }).code === '23505') throw Errors.conflict();
    throw error;
  }
}
