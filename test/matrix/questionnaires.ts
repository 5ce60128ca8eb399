import type { Matrix } from './platform.js';

export const questionnairesMatrix: Matrix = {};
