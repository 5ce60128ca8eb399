import type { WebModule } from '../../app/module-registry';

/** The table's governance: meetings, action plan, announcements, annual report. */
export const governanceModule: WebModule = { routes: [], nav: [] };
