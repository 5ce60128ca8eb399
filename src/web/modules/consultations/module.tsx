import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { guarded } from '../../app/guards';
import type { NavItem, WebModule } from '../../app/module-registry';
import { SectionNav } from '../../ui/section-nav';
import { AskPage } from './ask.page';
import { ConsultationPage } from './consultation.page';
import './consultations.css';
import { ConsultationsHomeCard } from './home-card';
import { KnowledgeEntryPage, KnowledgeSearchPage } from './knowledge.page';
import { ConsultationsPage } from './list.page';
import { CONSULTATION_SIDES } from './parts';
import { ConsultationFiguresPage, ConsultationSettingsPage } from './table.page';

/** The screens of the section, each shown to whom its route is open (the same permissions as below). */
const consultationScreens: NavItem[] = [
  { to: '/consultations', labelKey: 'consultations.nav.list', permission: CONSULTATION_SIDES },
  { to: '/consultations/nouvelle', labelKey: 'consultations.nav.ask', permission: 'consultations.ask' },
  { to: '/savoir', labelKey: 'consultations.nav.knowledge', permission: 'consultations.knowledge' },
  {
    to: '/consultations/reglages',
    labelKey: 'consultations.nav.settings',
    permission: 'consultations.settings',
  },
  {
    to: '/consultations/chiffres',
    labelKey: 'consultations.nav.figures',
    permission: 'consultations.figures',
  },
];

function ConsultationsSection() {
  const { t } = useTranslation();
  return (
    <>
      <SectionNav label={t('consultations.nav.label')} items={consultationScreens} />
      <Outlet />
    </>
  );
}

/**
 * The expertise cell: asking the pivots for advice on a de-identified situation, the lists and the
 * thread of a consultation, the know-how drawn from closed ones, the table's settings and figures.
 */
export const consultationsModule: WebModule = {
  routes: [
    {
      element: <ConsultationsSection />,
      children: [
        // Every member reads the know-how: those who neither ask nor answer are sent on to it.
        guarded('consultations', [...CONSULTATION_SIDES, 'consultations.knowledge'], <ConsultationsPage />),
        guarded('consultations/nouvelle', 'consultations.ask', <AskPage />),
        guarded('consultations/reglages', 'consultations.settings', <ConsultationSettingsPage />),
        guarded('consultations/chiffres', 'consultations.figures', <ConsultationFiguresPage />),
        guarded('consultations/:id', CONSULTATION_SIDES, <ConsultationPage />),
        guarded('savoir', 'consultations.knowledge', <KnowledgeSearchPage />),
        guarded('savoir/:id', 'consultations.knowledge', <KnowledgeEntryPage />),
      ],
    },
  ],
  nav: [
    {
      to: '/consultations',
      labelKey: 'consultations.nav.section',
      permission: [...CONSULTATION_SIDES, 'consultations.knowledge'],
    },
  ],
  home: [{ key: 'consultations', permission: CONSULTATION_SIDES, Card: ConsultationsHomeCard }],
};
