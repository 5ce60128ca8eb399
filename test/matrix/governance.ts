import type { Matrix } from './platform.js';

/** The governance module's routes (none yet). */
export const governanceMatrix: Matrix = {};
