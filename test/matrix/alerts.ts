import type { Matrix } from './platform.js';

export const alertsMatrix: Matrix = {};
