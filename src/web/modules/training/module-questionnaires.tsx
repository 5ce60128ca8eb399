import type { RouteObject } from 'react-router';
import { guarded } from '../../app/guards';
import { DashboardPage } from './dashboard.page';
import { EvaluationPage } from './evaluation.page';
import { CourseResultsPage, EvaluationResultsPage, SessionResultsPage } from './evaluation-results.page';
import { EvaluationsPage } from './evaluations.page';
import { QuestionnairePage } from './questionnaire.page';
import { QuestionnairesPage } from './questionnaires.page';
import { SurveyPage } from './survey.page';
import { SurveyResultsPage } from './survey-results.page';
import { SurveysPage } from './surveys.page';

/** Evaluations, needs surveys and the training figures dashboard (listed in training-nav.tsx). */
export const questionnaireRoutes: RouteObject[] = [
  { path: 'formation/evaluations', element: <EvaluationsPage /> },
  guarded('formation/evaluations/resultats', 'training.evaluations.results', <EvaluationResultsPage />),
  guarded(
    'formation/evaluations/resultats/sessions/:id',
    'training.evaluations.results',
    <SessionResultsPage />,
  ),
  guarded(
    'formation/evaluations/resultats/formations/:id',
    'training.evaluations.results',
    <CourseResultsPage />,
  ),
  { path: 'formation/evaluations/:id', element: <EvaluationPage /> },
  { path: 'formation/sondages', element: <SurveysPage /> },
  { path: 'formation/sondages/:id', element: <SurveyPage /> },
  guarded('formation/sondages/:id/resultats', 'training.surveys.manage', <SurveyResultsPage />),
  guarded('formation/questionnaires', 'training.questionnaires.edit', <QuestionnairesPage />),
  guarded('formation/questionnaires/:id', 'training.questionnaires.edit', <QuestionnairePage />),
  guarded('formation/chiffres', 'training.figures', <DashboardPage />),
];
