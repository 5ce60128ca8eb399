import type { Matrix } from './platform.js';

/** The Open Referral (HSDS 3.0) export: the public subset to anyone, every entry to the table coordination. */
export const resourcesHsdsMatrix: Matrix = {
  'GET /api/resources/hsds/services': { access: 'public' },
  'GET /api/resources/hsds/services/full': {
    access: ['table_coordinator'],
    request: () => ({ method: 'GET', url: '/api/resources/hsds/services/full' }),
  },
};
