import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../app/guards';
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
  {
    path: 'formation/evaluations/resultats',
    element: (
      <RequirePermission permission="training.evaluations.results">
        <EvaluationResultsPage />
      </RequirePermission>
    ),
  },
  {
    path: 'formation/evaluations/resultats/sessions/:id',
    element: (
      <RequirePermission permission="training.evaluations.results">
        <SessionResultsPage />
      </RequirePermission>
    ),
  },
  {
    path: 'formation/evaluations/resultats/formations/:id',
    element: (
      <RequirePermission permission="training.evaluations.results">
        <CourseResultsPage />
      </RequirePermission>
    ),
  },
  { path: 'formation/evaluations/:id', element: <EvaluationPage /> },
  { path: 'formation/sondages', element: <SurveysPage /> },
  { path: 'formation/sondages/:id', element: <SurveyPage /> },
  {
    path: 'formation/sondages/:id/resultats',
    element: (
      <RequirePermission permission="training.surveys.manage">
        <SurveyResultsPage />
      </RequirePermission>
    ),
  },
  {
    path: 'formation/questionnaires',
    element: (
      <RequirePermission permission="training.questionnaires.edit">
        <QuestionnairesPage />
      </RequirePermission>
    ),
  },
  {
    path: 'formation/questionnaires/:id',
    element: (
      <RequirePermission permission="training.questionnaires.edit">
        <QuestionnairePage />
      </RequirePermission>
    ),
  },
  {
    path: 'formation/chiffres',
    element: (
      <RequirePermission permission="training.figures">
        <DashboardPage />
      </RequirePermission>
    ),
  },
];
