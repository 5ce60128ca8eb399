import { guarded } from '../../app/guards';
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
        guarded('formation/dossiers', 'training.records', <RecordsPage />),
        guarded('formation/cours/nouveau', 'training.editCatalogue', <CourseEditorPage />),
        { path: 'formation/cours/:id', element: <CoursePage /> },
        guarded('formation/cours/:id/modifier', 'training.editCatalogue', <CourseEditorPage />),
        guarded('formation/sessions/nouvelle', 'training.planSessions', <SessionPlannerPage />),
        { path: 'formation/sessions/:id', element: <SessionPage /> },
        guarded('formation/participants/:id', 'training.correctParticipants', <ParticipantPage />),
        ...questionnaireRoutes,
      ],
    },
  ],
  nav: [{ to: '/formation', labelKey: 'training.nav.section' }],
};
