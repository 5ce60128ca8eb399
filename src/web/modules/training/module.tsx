import type { WebModule } from '../../app/module-registry';
import { questionnaireNav, questionnaireRoutes } from './module-questionnaires';

/** The training programme's screens; evaluations, surveys and figures come from module-questionnaires. */
export const trainingModule: WebModule = {
  routes: [...questionnaireRoutes],
  nav: [...questionnaireNav],
};
