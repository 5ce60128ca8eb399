import type { WebModule } from '../../app/module-registry';
import { AnnouncementsPage } from './announcements.page';
import { MeetingPage } from './meeting.page';
import { MeetingsPage } from './meetings.page';
import { PlanPage } from './plan.page';

/** The table's governance: meetings and calendar, action plan, announcements. */
export const governanceModule: WebModule = {
  routes: [
    { path: 'table/rencontres', element: <MeetingsPage /> },
    { path: 'table/rencontres/:id', element: <MeetingPage /> },
    { path: 'table/plan', element: <PlanPage /> },
    { path: 'table/annonces', element: <AnnouncementsPage /> },
  ],
  nav: [
    { to: '/table/rencontres', labelKey: 'governance.nav.meetings' },
    { to: '/table/plan', labelKey: 'governance.nav.plan' },
    { to: '/table/annonces', labelKey: 'governance.nav.announcements' },
  ],
};
