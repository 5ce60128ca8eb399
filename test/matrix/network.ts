import type { Matrix } from './platform.js';

/** The network module's routes (none yet). */
export const networkMatrix: Matrix = {};
