/** The question rows the public evaluation page renders (see questionnaire-design.repository.ts). */

export type { QuestionRow } from './questionnaire-design.repository.js';
