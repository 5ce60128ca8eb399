import type { DemoLoader } from '../../demo/demo-modules.js';

/** Fictional evaluations and a needs survey. */
export const questionnairesDemo: DemoLoader = {
  name: 'questionnaires',
  async load() {
    return 'questionnaires: nothing yet';
  },
};
