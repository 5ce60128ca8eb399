/**
 * The region's calendar days for the server modules that read them from here; they live in
 * `src/shared/time-zone.ts`, shared with the web app.
 */
export { localDay, zonedMidnightUtc } from '../../../shared/time-zone.js';
