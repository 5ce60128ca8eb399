/** The session rows the public registration pages show (see sessions.repository.ts). */

export type { DayRow, SessionRow } from './sessions.repository.js';
