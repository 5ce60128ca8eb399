import type { WebModule } from '../../app/module-registry';
import { CoveragePage } from './coverage.page';
import { DirectoryPage } from './directory.page';
import { OrganisationNetworkPage } from './organisation-network.page';
import { ReplacePivotPage } from './replace.page';

/** The network: partners' agreements and contributions, pivots, coverage and succession, the directory. */
export const networkModule: WebModule = {
  routes: [
    { path: 'reseau', element: <DirectoryPage /> },
    { path: 'reseau/couverture', element: <CoveragePage /> },
    { path: 'reseau/organisations/:id', element: <OrganisationNetworkPage /> },
    { path: 'reseau/organisations/:id/remplacer/:mandateId', element: <ReplacePivotPage /> },
  ],
  nav: [{ to: '/reseau', labelKey: 'network.nav' }],
};
