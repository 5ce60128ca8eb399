import type { Matrix } from './platform.js';

/** The reports module's routes (none yet). */
export const reportsMatrix: Matrix = {};
