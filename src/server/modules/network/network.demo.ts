import type { DemoLoader } from '../../demo/demo-modules.js';

/** Fictional network data for the demo (being built). */
export const networkDemo: DemoLoader = {
  name: 'network',
  load: async () => 'rien / nothing',
};
