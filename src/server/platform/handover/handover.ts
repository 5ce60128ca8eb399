import type { Transaction } from 'kysely';
import type { Executor } from '../db/database.js';
import type { DB } from '../db/schema.js';

/**
 * A module's open work that can be handed from one person to another when a pivot leaves: open
 * alerts, consultations, referrals... Each module registers one provider from its plugin. A hand-over
 * happens inside one organisation (the leaving pivot's mandate's): only that organisation's work moves,
 * so what the person holds for another organisation (one they belonged to before) never reaches the
 * successor.
 */
export interface HandoverProvider {
  /** Stable key, also the catalogue suffix `handover.<key>` in the web app. */
  key: string;
  /** Open items of the organisation assigned to the person (what a hand-over would move). */
  countOpen(db: Executor, personId: string, organisationId: string): Promise<number>;
  /**
   * Reassigns every open item of `organisationId` from `fromPersonId` to `toPersonId` inside `trx`;
   * returns how many moved.
   */
  transfer(trx: Transaction<DB>, input: HandoverInput): Promise<number>;
}

export interface HandoverInput {
  fromPersonId: string;
  toPersonId: string;
  /** The organisation whose work moves: the leaving pivot's mandate's. */
  organisationId: string;
  actorId: string;
}

/** The platform's hand-over mechanism: one call moves everything open, in the caller's transaction. */
export class HandoverRegistry {
  readonly #providers = new Map<string, HandoverProvider>();

  register(provider: HandoverProvider): void {
    if (this.#providers.has(provider.key))
      throw new Error(`hand-over provider ${provider.key} registered twice`);
    this.#providers.set(provider.key, provider);
  }

  /** What each module holds open for a person, for the hand-over screen. */
  async openWork(
    db: Executor,
    personId: string,
    organisationId: string,
  ): Promise<Array<{ key: string; count: number }>> {
    const result: Array<{ key: string; count: number }> = [];
    for (const provider of this.#providers.values()) {
      result.push({ key: provider.key, count: await provider.countOpen(db, personId, organisationId) });
    }
    return result;
  }

  /** Moves all open work of one person to another inside `trx`; returns the count per module. */
  async transferAll(trx: Transaction<DB>, input: HandoverInput): Promise<Record<string, number>> {
    const moved: Record<string, number> = {};
    for (const provider of this.#providers.values())
      moved[provider.key] = await provider.transfer(trx, input);
    return moved;
  }
}
