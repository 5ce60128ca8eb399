/** Shapes of the questionnaire, evaluation, survey and figures API answers. */

export type QuestionType = 'scale' | 'single' | 'multiple' | 'short_text' | 'long_text';

export interface FormQuestion {
  id: string;
  type: QuestionType;
  required: boolean;
  text: string;
  options: Array<{ key: string; label: string }>;
}

export interface Form {
  id: string;
  title: string;
  intro: string;
  questions: FormQuestion[];
}

export interface SessionRef {
  id: string;
  courseId: string;
  courseCode: string;
  courseTitle: string;
  startsAt: string | null;
  endsAt: string | null;
}

export type EvaluationState = 'upcoming' | 'pending' | 'answered' | 'unavailable';

export interface MyEvaluations {
  items: Array<{ session: SessionRef; state: EvaluationState }>;
}

export interface EvaluationForm {
  session: SessionRef;
  state: EvaluationState;
  form: Form;
}

export interface MySurveys {
  items: Array<{ id: string; title: string; closesOn: string; answered: boolean }>;
}

export interface SurveyForm {
  closesOn: string;
  answered: boolean;
  form: Form;
}

export interface QuestionResult {
  id: string;
  type: QuestionType;
  text: string;
  answered: number;
  mean?: number | null;
  distribution?: number[];
  options?: Array<{ key: string; label: string; count: number }>;
  texts?: string[];
}

export interface ResultBlock {
  questionnaireId: string;
  title: string;
  responses: number;
  detailed: boolean;
  questions: QuestionResult[];
}

export interface EvaluatedSessions {
  items: Array<{ session: SessionRef; responses: number }>;
}

export interface SessionResults {
  session: SessionRef;
  blocks: ResultBlock[];
}

export interface CourseResults {
  course: { id: string; code: string; title: string };
  blocks: ResultBlock[];
}

export type SurveyState = 'draft' | 'scheduled' | 'open' | 'closed';

export interface SurveyResults {
  id: string;
  title: string;
  state: SurveyState | null;
  overall: ResultBlock | null;
  byType: Array<{ organisationType: string; block: ResultBlock }>;
  byOrganisation: Array<{
    organisationId: string;
    name: string;
    organisationType: string;
    block: ResultBlock;
  }>;
}

export interface QuestionnaireSummary {
  id: string;
  kind: 'evaluation' | 'survey';
  title: string;
  isDefault: boolean;
  opensOn: string | null;
  closesOn: string | null;
  targetTypes: string[];
  state: SurveyState | null;
  questionCount: number;
  responseCount: number;
}

export interface Assignments {
  items: Array<{
    courseId: string;
    code: string;
    title: string;
    active: boolean;
    questionnaireId: string | null;
    usesDefault: boolean;
  }>;
}

export interface Figures {
  level: 'full' | 'organisations' | 'aggregate';
  year: number | null;
  total: number;
  years: Array<{ year: number; trained: number; firstTime: number; cumulative: number }>;
  courses: Array<{ id: string; code: string; title: string; trained: number }>;
  courseYears: Array<{ courseId: string; code: string; year: number; trained: number }>;
  organisationTypes: Array<{ type: string; trained: number }>;
  organisations: Array<{ id: string; name: string; type: string; trained: number }>;
  pivots: {
    active: number;
    trained: number;
    byType: Array<{ type: string; active: number; trained: number }>;
    byOrganisation: Array<{ id: string; name: string; type: string; active: number; trained: number }>;
    people: Array<{ name: string; organisationName: string; trainedOn: string | null }>;
  };
}

/** A questionnaire as its editors read it (both languages). */
export interface QuestionnaireDetail {
  id: string;
  kind: 'evaluation' | 'survey';
  titleFr: string;
  titleEn: string;
  introFr: string;
  introEn: string;
  isDefault: boolean;
  opensOn: string | null;
  closesOn: string | null;
  targetTypes: string[];
  state: SurveyState | null;
  responseCount: number;
  questions: Array<{
    id: string;
    type: QuestionType;
    required: boolean;
    textFr: string;
    textEn: string;
    options: Array<{ key: string; fr: string; en: string }>;
  }>;
}
