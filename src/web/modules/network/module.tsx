import type { WebModule } from '../../app/module-registry';

/** The network: partners' agreements and contributions, pivots, coverage and succession, the directory. */
export const networkModule: WebModule = { routes: [], nav: [] };
