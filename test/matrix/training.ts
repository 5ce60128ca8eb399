import type { Matrix } from './platform.js';

export const trainingMatrix: Matrix = {};
