import { RequirePermission } from '../../app/guards';
import type { WebModule } from '../../app/module-registry';
import { CataloguePage } from './catalogue.page';
import { CoursePage } from './course.page';
import { CourseEditorPage } from './course-editor.page';
import { questionnaireRoutes } from './module-questionnaires';
import { MyTrainingPage } from './my-training.page';
import { ParticipantPage } from './participant.page';
import { RecordsPage } from './records.page';
import { SessionPage } from './session.page';
import { SessionPlannerPage } from './session-planner.page';
import { TrainingSection } from './training-nav';

/**
 * The training programme's screens; evaluations, surveys and figures come from module-questionnaires.
 * One entry in the main navigation; the screens are listed in the section's own navigation.
 */
export const trainingModule: WebModule = {
  routes: [
    {
      element: <TrainingSection />,
      children: [
        { path: 'formation', element: <CataloguePage /> },
        { path: 'formation/mes-formations', element: <MyTrainingPage /> },
        {
          path: 'formation/dossiers',
          element: (
            <RequirePermission permission="training.records">
              <RecordsPage />
            </RequirePermission>
          ),
        },
        {
          path: 'formation/cours/nouveau',
          element: (
            <RequirePermission permission="training.editCatalogue">
              <CourseEditorPage />
            </RequirePermission>
          ),
        },
        { path: 'formation/cours/:id', element: <CoursePage /> },
        {
          path: 'formation/cours/:id/modifier',
          element: (
            <RequirePermission permission="training.editCatalogue">
              <CourseEditorPage />
            </RequirePermission>
          ),
        },
        {
          path: 'formation/sessions/nouvelle',
          element: (
            <RequirePermission permission="training.planSessions">
              <SessionPlannerPage />
            </RequirePermission>
          ),
        },
        { path: 'formation/sessions/:id', element: <SessionPage /> },
        {
          path: 'formation/participants/:id',
          element: (
            <RequirePermission permission="training.correctParticipants">
              <ParticipantPage />
            </RequirePermission>
          ),
        },
        ...questionnaireRoutes,
      ],
    },
  ],
  nav: [{ to: '/formation', labelKey: 'training.nav.section' }],
};
