/** The questionnaire routes validate and present with the shared contract of questionnaires. */
export * from '../../../shared/contracts/questionnaires.js';
