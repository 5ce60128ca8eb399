import type { Matrix } from './platform.js';

/** The directory search (staff) and the public directory's pages. */
export const resourcesSearchMatrix: Matrix = {
  'GET /api/resources/services': {
    access: 'staff',
    request: () => ({ method: 'GET', url: '/api/resources/services?q=hebergement&openNow=true' }),
  },
  'GET /ressources': { access: 'public' },
  'GET /ressources/:id': { access: 'public' },
  'GET /en/resources': { access: 'public' },
  'GET /en/resources/:id': { access: 'public' },
  'GET /ressources/ressources.css': { access: 'public' },
  'GET /ressources/ressources.js': { access: 'public' },
};
