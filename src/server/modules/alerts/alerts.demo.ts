import type { DemoLoader } from '../../demo/demo-modules.js';

/** Fictional profiles of a youth centre, past closed alerts and one open alert. */
export const alertsDemo: DemoLoader = {
  name: 'alerts',
  async load() {
    return 'alerts: nothing yet';
  },
};
