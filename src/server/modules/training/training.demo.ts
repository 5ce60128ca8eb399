import type { DemoLoader } from '../../demo/demo-modules.js';

/** Fictional catalogue, sessions and fifteen years of trained workers. */
export const trainingDemo: DemoLoader = {
  name: 'training',
  async load() {
    return 'training: nothing yet';
  },
};
