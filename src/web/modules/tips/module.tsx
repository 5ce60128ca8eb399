import type { WebModule } from '../../app/module-registry';

/** The police triage desk of the tip line. */
export const tipsModule: WebModule = { routes: [], nav: [] };
