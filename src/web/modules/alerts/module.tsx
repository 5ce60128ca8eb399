import { guarded } from '../../app/guards';
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
    guarded('alertes/nouvelle', 'alerts.profiles', <RaiseAlertPage />),
    guarded('alertes/fiches', 'alerts.profiles', <ProfilesPage />),
    guarded('alertes/fiches/nouvelle', 'alerts.profiles', <ProfilePage />),
    guarded('alertes/fiches/:id', 'alerts.profiles', <ProfilePage />),
    guarded('alertes/registre', 'alerts.register', <RegisterPage />),
    guarded('alertes/chiffres', 'alerts.figures', <FiguresPage />),
    { path: 'alertes/:id', element: <AlertPage /> },
  ],
  nav: [{ to: '/alertes', labelKey: 'alerts.nav', permission: 'alerts.inbox' }],
};
