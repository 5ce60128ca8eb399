import type { WebModule } from '../../app/module-registry';

/** The table's annual report. */
export const reportsModule: WebModule = { routes: [], nav: [] };
