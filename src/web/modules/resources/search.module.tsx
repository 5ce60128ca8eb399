import type { WebModule } from '../../app/module-registry';
import { ResourceSearchPage } from './search.page';

/** The directory search: every signed-in member finds help resources for the people they accompany. */
export const resourceSearchModule: WebModule = {
  routes: [{ path: 'repertoire/recherche', element: <ResourceSearchPage /> }],
  nav: [{ to: '/repertoire/recherche', labelKey: 'resources-search.nav' }],
};
