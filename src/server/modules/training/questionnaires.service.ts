/**
 * The questionnaire use cases the server-rendered public evaluation page calls: an outside participant's
 * evaluation through their link (see outside-evaluations.service.ts).
 */

export {
  type OutsideEvaluation,
  outsideEvaluationForm,
  submitOutsideEvaluation,
} from './outside-evaluations.service.js';
