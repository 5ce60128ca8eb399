import type { Actor } from './actor.js';

export type PermissionSource = (actor: Actor) => Record<string, boolean>;

/**
 * The permissions the web app receives with the session, so it hides what the API would refuse.
 * Each module contributes its own from its policy file when its plugin is registered.
 */
export class PermissionRegistry {
  readonly #sources: PermissionSource[] = [];

  add(source: PermissionSource): void {
    this.#sources.push(source);
  }

  compute(actor: Actor): Record<string, boolean> {
    return Object.assign({}, ...this.#sources.map((source) => source(actor)));
  }
}
