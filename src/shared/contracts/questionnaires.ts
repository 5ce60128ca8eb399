/**
 * The contract of questionnaires: their editing and assignment to courses, course evaluations,
 * needs surveys, results and training figures. Request and response schemas, the types derived from
 * them, and (from `questionnaires.values.ts`) the allowed values; shared by the server and the web app.
 */
import { type Static, Type } from '@sinclair/typebox';
import { ORGANISATION_TYPES } from '../roles.js';
import { DateOnly, literals, Nullable, Strict, Uuid } from './common.js';
import {
  EVALUATION_STATES,
  LONG_TEXT_MAX,
  QUESTION_TYPES,
  QUESTIONNAIRE_KINDS,
  SURVEY_STATES,
} from './questionnaires.values.js';

export * from './questionnaires.values.js';

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Intro = Type.String({ maxLength: 4000 });

// ------------------------------------------------------------------------------------------------
// Questionnaires (input)

const OptionInput = Strict({
  key: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9_-]+$' }),
  fr: Type.String({ minLength: 1, maxLength: 200 }),
  en: Type.String({ minLength: 1, maxLength: 200 }),
});
const QuestionInput = Strict({
  type: literals(QUESTION_TYPES),
  required: Type.Optional(Type.Boolean()),
  textFr: Type.String({ minLength: 1, maxLength: 500 }),
  textEn: Type.String({ minLength: 1, maxLength: 500 }),
  options: Type.Optional(Type.Array(OptionInput, { maxItems: 20 })),
});
const questionnaireFields = {
  titleFr: Title,
  titleEn: Title,
  introFr: Type.Optional(Intro),
  introEn: Type.Optional(Intro),
  isDefault: Type.Optional(Type.Boolean()),
  opensOn: Type.Optional(DateOnly),
  closesOn: Type.Optional(DateOnly),
  targetTypes: Type.Optional(Type.Array(literals(ORGANISATION_TYPES), { minItems: 1, maxItems: 20 })),
  questions: Type.Array(QuestionInput, { minItems: 1, maxItems: 50 }),
};
export const CreateQuestionnaireBody = Strict({
  kind: literals(QUESTIONNAIRE_KINDS),
  ...questionnaireFields,
});
export type CreateQuestionnaireBody = Static<typeof CreateQuestionnaireBody>;
export const UpdateQuestionnaireBody = Strict({
  titleFr: Type.Optional(Title),
  titleEn: Type.Optional(Title),
  introFr: questionnaireFields.introFr,
  introEn: questionnaireFields.introEn,
  isDefault: questionnaireFields.isDefault,
  opensOn: questionnaireFields.opensOn,
  closesOn: questionnaireFields.closesOn,
  targetTypes: questionnaireFields.targetTypes,
  questions: Type.Optional(questionnaireFields.questions),
});
export type UpdateQuestionnaireBody = Static<typeof UpdateQuestionnaireBody>;
export const QuestionnaireQuery = Type.Object(
  { kind: Type.Optional(literals(QUESTIONNAIRE_KINDS)) },
  { additionalProperties: false },
);
export type QuestionnaireQuery = Static<typeof QuestionnaireQuery>;
export const AssignmentBody = Strict({ questionnaireId: Nullable(Uuid) });
export type AssignmentBody = Static<typeof AssignmentBody>;

// ------------------------------------------------------------------------------------------------
// Answers (input)

export const AnswersBody = Strict({
  answers: Type.Array(
    Strict({
      questionId: Uuid,
      scale: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
      choices: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
      text: Type.Optional(Type.String({ maxLength: LONG_TEXT_MAX })),
    }),
    { maxItems: 50 },
  ),
});
export type AnswersBody = Static<typeof AnswersBody>;

// ------------------------------------------------------------------------------------------------
// Output

const Option = Type.Object({ key: Type.String(), label: Type.String() });
const OptionBoth = Type.Object({ key: Type.String(), fr: Type.String(), en: Type.String() });
const SurveyState = Nullable(literals(SURVEY_STATES));
/** What a question is, whichever language its text is shown in. */
const questionBase = { id: Type.String(), type: Type.String(), required: Type.Boolean() };

export const QuestionnaireSummary = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  isDefault: Type.Boolean(),
  opensOn: Nullable(Type.String()),
  closesOn: Nullable(Type.String()),
  targetTypes: Type.Array(Type.String()),
  state: SurveyState,
  questionCount: Type.Integer(),
  responseCount: Type.Integer(),
});
export type QuestionnaireSummary = Static<typeof QuestionnaireSummary>;
export const QuestionnaireList = Type.Object({ items: Type.Array(QuestionnaireSummary) });
export type QuestionnaireList = Static<typeof QuestionnaireList>;

/** A questionnaire as its editors see it: both languages. */
export const QuestionnaireDetail = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  titleFr: Type.String(),
  titleEn: Type.String(),
  introFr: Type.String(),
  introEn: Type.String(),
  isDefault: Type.Boolean(),
  opensOn: Nullable(Type.String()),
  closesOn: Nullable(Type.String()),
  targetTypes: Type.Array(Type.String()),
  state: SurveyState,
  responseCount: Type.Integer(),
  questions: Type.Array(
    Type.Object({
      ...questionBase,
      textFr: Type.String(),
      textEn: Type.String(),
      options: Type.Array(OptionBoth),
    }),
  ),
});
export type QuestionnaireDetail = Static<typeof QuestionnaireDetail>;

export const AssignmentList = Type.Object({
  items: Type.Array(
    Type.Object({
      courseId: Type.String(),
      code: Type.String(),
      title: Type.String(),
      active: Type.Boolean(),
      questionnaireId: Nullable(Type.String()),
      usesDefault: Type.Boolean(),
    }),
  ),
});
export type AssignmentList = Static<typeof AssignmentList>;

/** A form to fill, in the reader's language. */
export const FormQuestion = Type.Object({
  ...questionBase,
  text: Type.String(),
  options: Type.Array(Option),
});
export type FormQuestion = Static<typeof FormQuestion>;
export const Form = Type.Object({
  id: Type.String(),
  title: Type.String(),
  intro: Type.String(),
  questions: Type.Array(FormQuestion),
});
export type Form = Static<typeof Form>;

export const SessionRef = Type.Object({
  id: Type.String(),
  courseId: Type.String(),
  courseCode: Type.String(),
  courseTitle: Type.String(),
  startsAt: Nullable(Type.String()),
  endsAt: Nullable(Type.String()),
});
export type SessionRef = Static<typeof SessionRef>;
const EvaluationState = literals(EVALUATION_STATES);

export const MyEvaluationList = Type.Object({
  items: Type.Array(Type.Object({ session: SessionRef, state: EvaluationState })),
});
export type MyEvaluationList = Static<typeof MyEvaluationList>;
export const EvaluationForm = Type.Object({ session: SessionRef, state: EvaluationState, form: Form });
export type EvaluationForm = Static<typeof EvaluationForm>;

export const MySurveyList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      closesOn: Type.String(),
      answered: Type.Boolean(),
    }),
  ),
});
export type MySurveyList = Static<typeof MySurveyList>;
export const SurveyForm = Type.Object({ closesOn: Type.String(), answered: Type.Boolean(), form: Form });
export type SurveyForm = Static<typeof SurveyForm>;

export const Submitted = Type.Object({ id: Type.String() });
export type Submitted = Static<typeof Submitted>;

export const QuestionResult = Type.Object({
  id: Type.String(),
  type: Type.String(),
  text: Type.String(),
  answered: Type.Integer(),
  mean: Type.Optional(Nullable(Type.Number())),
  distribution: Type.Optional(Type.Array(Type.Integer())),
  options: Type.Optional(
    Type.Array(Type.Object({ key: Type.String(), label: Type.String(), count: Type.Integer() })),
  ),
  texts: Type.Optional(Type.Array(Type.String())),
});
export type QuestionResult = Static<typeof QuestionResult>;
export const ResultBlock = Type.Object({
  questionnaireId: Type.String(),
  title: Type.String(),
  responses: Type.Integer(),
  detailed: Type.Boolean(),
  questions: Type.Array(QuestionResult),
});
export type ResultBlock = Static<typeof ResultBlock>;
export const EvaluatedSessionList = Type.Object({
  items: Type.Array(Type.Object({ session: SessionRef, responses: Type.Integer() })),
});
export type EvaluatedSessionList = Static<typeof EvaluatedSessionList>;
export const SessionResults = Type.Object({ session: SessionRef, blocks: Type.Array(ResultBlock) });
export type SessionResults = Static<typeof SessionResults>;
export const CourseResults = Type.Object({
  course: Type.Object({ id: Type.String(), code: Type.String(), title: Type.String() }),
  blocks: Type.Array(ResultBlock),
});
export type CourseResults = Static<typeof CourseResults>;
export const SurveyResults = Type.Object({
  id: Type.String(),
  title: Type.String(),
  state: SurveyState,
  overall: Nullable(ResultBlock),
  byType: Type.Array(Type.Object({ organisationType: Type.String(), block: ResultBlock })),
  byOrganisation: Type.Array(
    Type.Object({
      organisationId: Type.String(),
      name: Type.String(),
      organisationType: Type.String(),
      block: ResultBlock,
    }),
  ),
});
export type SurveyResults = Static<typeof SurveyResults>;
export const OpenedSurvey = Type.Object({ notified: Type.Integer() });
export type OpenedSurvey = Static<typeof OpenedSurvey>;

// ------------------------------------------------------------------------------------------------
// Figures

export const FiguresQuery = Type.Object(
  { year: Type.Optional(Type.Integer({ minimum: 1990, maximum: 2100 })) },
  { additionalProperties: false },
);
export type FiguresQuery = Static<typeof FiguresQuery>;
export const Figures = Type.Object({
  level: Type.String(),
  year: Nullable(Type.Integer()),
  total: Type.Integer(),
  years: Type.Array(
    Type.Object({
      year: Type.Integer(),
      trained: Type.Integer(),
      firstTime: Type.Integer(),
      cumulative: Type.Integer(),
    }),
  ),
  courses: Type.Array(
    Type.Object({ id: Type.String(), code: Type.String(), title: Type.String(), trained: Type.Integer() }),
  ),
  courseYears: Type.Array(
    Type.Object({
      courseId: Type.String(),
      code: Type.String(),
      year: Type.Integer(),
      trained: Type.Integer(),
    }),
  ),
  organisationTypes: Type.Array(Type.Object({ type: Type.String(), trained: Type.Integer() })),
  organisations: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), type: Type.String(), trained: Type.Integer() }),
  ),
  pivots: Type.Object({
    active: Type.Integer(),
    trained: Type.Integer(),
    byType: Type.Array(Type.Object({ type: Type.String(), active: Type.Integer(), trained: Type.Integer() })),
    byOrganisation: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        type: Type.String(),
        active: Type.Integer(),
        trained: Type.Integer(),
      }),
    ),
    people: Type.Array(
      Type.Object({
        name: Type.String(),
        organisationName: Type.String(),
        trainedOn: Nullable(Type.String()),
      }),
    ),
  }),
});
export type Figures = Static<typeof Figures>;
