import type { DemoLoader } from '../../demo/demo-modules.js';

/** Fictional governance data for the demo (being built). */
export const governanceDemo: DemoLoader = {
  name: 'governance',
  load: async () => 'rien / nothing',
};
