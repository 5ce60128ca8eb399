import { RequirePermission } from '../../app/guards';
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
    {
      path: 'signalements',
      element: (
        <RequirePermission permission="tips.queue">
          <TipQueuePage />
        </RequirePermission>
      ),
    },
    {
      path: 'signalements/telephone',
      element: (
        <RequirePermission permission="tips.intake">
          <PhoneTipPage />
        </RequirePermission>
      ),
    },
    {
      path: 'signalements/unites',
      element: (
        <RequirePermission permission="tips.units">
          <UnitsPage />
        </RequirePermission>
      ),
    },
    {
      path: 'signalements/unites/:id',
      element: (
        <RequirePermission permission="tips.units">
          <UnitPage />
        </RequirePermission>
      ),
    },
    {
      path: 'signalements/conservation',
      element: (
        <RequirePermission permission="tips.retention">
          <RetentionPage />
        </RequirePermission>
      ),
    },
    {
      path: 'signalements/ligne',
      element: (
        <RequirePermission permission="tips.line">
          <TipLinePage />
        </RequirePermission>
      ),
    },
    {
      path: 'signalements/:id',
      element: (
        <RequirePermission permission="tips.queue">
          <TipPage />
        </RequirePermission>
      ),
    },
  ],
  nav: [
    { to: '/signalements', labelKey: 'tips.nav', permission: 'tips.queue' },
    { to: '/signalements/ligne', labelKey: 'tips.navLine', permission: 'tips.line' },
  ],
};
