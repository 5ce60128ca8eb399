import { guarded } from '../../app/guards';
import type { WebModule } from '../../app/module-registry';
import { AnnualReportPage } from './annual-report.page';

/** The table's annual report, for those the server lets read it (`reports.read`). */
export const reportsModule: WebModule = {
  routes: [guarded('rapports/annuel', 'reports.read', <AnnualReportPage />)],
  nav: [{ to: '/rapports/annuel', labelKey: 'reports.nav', permission: 'reports.read' }],
};
