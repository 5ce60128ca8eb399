import { AppError } from '../errors.js';

/**
 * Throws unless `allowed`. Case records use `hide: true` (the default): a refused record answers 404
 * exactly like an absent one, so its existence never leaks. Use `hide: false` where the record is
 * already known to the requester (their own organisation's page) and a 403 tells them more usefully.
 */
export function authorize(allowed: boolean, options: { hide?: boolean } = {}): asserts allowed {
  if (allowed) return;
  throw options.hide === false ? new AppError('forbidden', 403) : new AppError('not_found', 404);
}
