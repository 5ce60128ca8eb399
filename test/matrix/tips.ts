import type { Matrix } from './platform.js';

/** The tips module's routes (none yet). */
export const tipsMatrix: Matrix = {};
