import type { Matrix } from './platform.js';

/**
 * The Open Referral (HSDS 3.0) export (the public subset to anyone, every entry to the table
 * coordination) and its import (the table coordination; a dry run is audited too).
 */
export const resourcesHsdsMatrix: Matrix = {
  'GET /api/resources/hsds/services': { access: 'public' },
  'GET /api/resources/hsds/services/full': {
    access: ['table_coordinator'],
    request: () => ({ method: 'GET', url: '/api/resources/hsds/services/full' }),
  },
  'POST /api/resources/hsds/import': {
    access: ['table_coordinator'],
    request: () => ({
      method: 'POST',
      url: '/api/resources/hsds/import?mode=dry-run&region=R%C3%A9gion%20fictive',
      payload: [],
    }),
  },
};
