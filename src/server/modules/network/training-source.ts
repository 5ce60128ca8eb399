import type { Executor } from '../../platform/db/database.js';

/**
 * Where the network reads which people completed the table's prerequisite training (the 2-day course
 * on prevention and intervention), to count trained pivots against each organisation's target.
 *
 * The training module will own this fact once it exists: it then calls
 * `setPrerequisiteTrainingSource(...)` from its plugin with an implementation reading its completions,
 * and the network's coverage, warnings and annual-report figures follow without other change.
 */
export interface PrerequisiteTrainingSource {
  /** The subset of `personIds` who completed the prerequisite training. */
  completedPrerequisite(db: Executor, personIds: string[]): Promise<Set<string>>;
}

/**
 * Until the training module exists: the completion date a coordinator declares on the pivot's mandate
 * (`pivot_mandates.prerequisite_completed_on`), on any mandate of the person.
 */
export class DeclaredTrainingSource implements PrerequisiteTrainingSource {
  async completedPrerequisite(db: Executor, personIds: string[]): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('pivot_mandates')
      .select('person_id')
      .distinct()
      .where('person_id', 'in', personIds)
      .where('prerequisite_completed_on', 'is not', null)
      .execute();
    return new Set(rows.map((row) => row.person_id));
  }
}

let current: PrerequisiteTrainingSource = new DeclaredTrainingSource();

/** The source in use (the declared one until the training module replaces it). */
export function prerequisiteTrainingSource(): PrerequisiteTrainingSource {
  return current;
}

/** Replaces the source of prerequisite completions; the training module calls this from its plugin. */
export function setPrerequisiteTrainingSource(source: PrerequisiteTrainingSource): void {
  current = source;
}
