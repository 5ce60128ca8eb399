import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import type { NavItem } from '../../app/module-registry';
import { SectionNav } from '../../ui/section-nav';

/**
 * The training screens, under the one "Formation" entry of the main navigation. Each is shown to whom
 * its route is open: the same permissions as the route guards in module.tsx and module-questionnaires.tsx.
 */
export const trainingScreens: NavItem[] = [
  { to: '/formation', labelKey: 'training.nav.catalogue' },
  { to: '/formation/mes-formations', labelKey: 'training.nav.mine' },
  { to: '/formation/evaluations', labelKey: 'training-questionnaires.nav.evaluations' },
  { to: '/formation/sondages', labelKey: 'training-questionnaires.nav.surveys' },
  { to: '/formation/sessions/nouvelle', labelKey: 'training.nav.plan', permission: 'training.planSessions' },
  { to: '/formation/dossiers', labelKey: 'training.nav.records', permission: 'training.records' },
  {
    to: '/formation/evaluations/resultats',
    labelKey: 'training.nav.evaluationResults',
    permission: 'training.evaluations.results',
  },
  {
    to: '/formation/questionnaires',
    labelKey: 'training-questionnaires.nav.questionnaires',
    permission: 'training.questionnaires.edit',
  },
  {
    to: '/formation/chiffres',
    labelKey: 'training-questionnaires.nav.figures',
    permission: 'training.figures',
  },
];

/** Every training screen: the section's navigation, then the screen. */
export function TrainingSection() {
  const { t } = useTranslation();
  return (
    <>
      <SectionNav label={t('training.nav.label')} items={trainingScreens} />
      <Outlet />
    </>
  );
}
