import type { Matrix } from './platform.js';

export const pushMatrix: Matrix = {};
