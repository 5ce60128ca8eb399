import type { WebModule } from '../../app/module-registry';
import { HsdsImportPage } from './hsds-import.page';
import { ResourcesHubPage } from './hub.page';
import { KeptPage } from './kept.page';
import { NewOrganisationPage, OrganisationPage } from './organisation.page';
import { ServicePage } from './service.page';
import { EditServicePage, NewServicePage } from './service-form.page';
import { ResourceSettingsPage } from './settings.page';

/**
 * The directory of help resources as its keepers keep it: services (details, phones, hours, locations,
 * a safe place's free places, the audited reveal of a sealed address), the edit forms, our entries, the
 * Open Referral import (the table coordination). The
 * staff search (`/repertoire/recherche`) is the search module's page.
 */
export const resourcesModule: WebModule = {
  routes: [
    { path: 'repertoire', element: <ResourcesHubPage /> },
    { path: 'repertoire/nos-fiches', element: <KeptPage /> },
    { path: 'repertoire/parametres', element: <ResourceSettingsPage /> },
    { path: 'repertoire/importer', element: <HsdsImportPage /> },
    { path: 'repertoire/services/nouveau', element: <NewServicePage /> },
    { path: 'repertoire/services/:id', element: <ServicePage /> },
    { path: 'repertoire/services/:id/modifier', element: <EditServicePage /> },
    { path: 'repertoire/organisations/nouvelle', element: <NewOrganisationPage /> },
    { path: 'repertoire/organisations/:id', element: <OrganisationPage /> },
  ],
  nav: [{ to: '/repertoire', labelKey: 'resources.nav' }],
};
