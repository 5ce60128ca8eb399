import { RequirePermission } from '../../app/guards';
import type { WebModule } from '../../app/module-registry';
import { AlertPage } from './alert.page';
import { AlertsPage } from './alerts.page';
import { FiguresPage } from './figures.page';
import { ProfilePage } from './profile.page';
import { ProfilesPage } from './profiles.page';
import { RaiseAlertPage } from './raise.page';
import { RegisterPage } from './register.page';

/** Youth-centre profiles and rapid alerts. */
export const alertsModule: WebModule = {
  routes: [
    { path: 'alertes', element: <AlertsPage /> },
    {
      path: 'alertes/nouvelle',
      element: (
        <RequirePermission permission="alerts.profiles">
          <RaiseAlertPage />
        </RequirePermission>
      ),
    },
    {
      path: 'alertes/fiches',
      element: (
        <RequirePermission permission="alerts.profiles">
          <ProfilesPage />
        </RequirePermission>
      ),
    },
    {
      path: 'alertes/fiches/nouvelle',
      element: (
        <RequirePermission permission="alerts.profiles">
          <ProfilePage />
        </RequirePermission>
      ),
    },
    {
      path: 'alertes/fiches/:id',
      element: (
        <RequirePermission permission="alerts.profiles">
          <ProfilePage />
        </RequirePermission>
      ),
    },
    {
      path: 'alertes/registre',
      element: (
        <RequirePermission permission="alerts.register">
          <RegisterPage />
        </RequirePermission>
      ),
    },
    {
      path: 'alertes/chiffres',
      element: (
        <RequirePermission permission="alerts.figures">
          <FiguresPage />
        </RequirePermission>
      ),
    },
    { path: 'alertes/:id', element: <AlertPage /> },
  ],
  nav: [{ to: '/alertes', labelKey: 'alerts.nav', permission: 'alerts.inbox' }],
};
