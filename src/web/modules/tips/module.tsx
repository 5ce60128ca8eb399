import { guarded } from '../../app/guards';
import type { WebModule } from '../../app/module-registry';
import { TipLinePage } from './line.page';
import { PhoneTipPage } from './phone.page';
import { TipQueuePage } from './queue.page';
import { RetentionPage } from './retention.page';
import { TipPage } from './tip.page';
import { UnitPage, UnitsPage } from './units.page';

/** The police triage desk of the tip line, and the table's choice of the police service receiving it. */
export const tipsModule: WebModule = {
  routes: [
    guarded('signalements', 'tips.queue', <TipQueuePage />),
    guarded('signalements/telephone', 'tips.intake', <PhoneTipPage />),
    guarded('signalements/unites', 'tips.units', <UnitsPage />),
    guarded('signalements/unites/:id', 'tips.units', <UnitPage />),
    guarded('signalements/conservation', 'tips.retention', <RetentionPage />),
    guarded('signalements/ligne', 'tips.line', <TipLinePage />),
    guarded('signalements/:id', 'tips.queue', <TipPage />),
  ],
  nav: [
    { to: '/signalements', labelKey: 'tips.nav', permission: 'tips.queue' },
    { to: '/signalements/ligne', labelKey: 'tips.navLine', permission: 'tips.line' },
  ],
};
