import type { WebModule } from '../../app/module-registry';

/** Youth-centre profiles and rapid alerts. */
export const alertsModule: WebModule = { routes: [], nav: [] };
