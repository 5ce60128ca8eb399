import { useTranslation } from 'react-i18next';
import { Navigate, Outlet } from 'react-router';
import { guarded } from '../../app/guards';
import type { NavItem, WebModule } from '../../app/module-registry';
import { holds, useSession } from '../../app/session';
import { SectionNav } from '../../ui/section-nav';
import { NotFoundPage } from '../errors/not-found.page';
import { OBS, OBSERVATION_READERS } from './access';
import { GlossaryPage } from './glossary.page';
import { GlossaryTermPage } from './glossary-term.page';
import { ReviewHomeCard } from './home-card';
import { ObservationPage } from './observation.page';
import { EditObservationPage, NewObservationPage } from './observation-new.page';
import { ObservationsPage } from './observations.page';
import './observatory.css';
import { ResearchPage } from './research.page';
import { ResearchExportPage } from './research-export.page';
import { ResearchTablePage } from './research-table.page';
import { ReviewPage } from './review.page';
import { SettingsPage } from './settings.page';
import { TrendsPage } from './trends.page';

/** Whoever opens any observatory screen: the main navigation's entry takes them to their first one. */
const ANY = [...OBSERVATION_READERS, OBS.glossary, OBS.trends, OBS.research, OBS.manage] as const;

/** The observatory's screens, each shown to whom its route is open (the same permissions as below). */
export const observatoryScreens: NavItem[] = [
  { to: '/observatoire', labelKey: 'observatory.nav.observations', permission: OBSERVATION_READERS },
  { to: '/observatoire/nouvelle', labelKey: 'observatory.nav.record', permission: OBS.record },
  { to: '/observatoire/revue', labelKey: 'observatory.nav.review', permission: OBS.review },
  { to: '/observatoire/glossaire', labelKey: 'observatory.nav.glossary', permission: OBS.glossary },
  { to: '/observatoire/tendances', labelKey: 'observatory.nav.trends', permission: OBS.trends },
  { to: '/observatoire/recherche', labelKey: 'observatory.nav.research', permission: OBS.research },
  { to: '/observatoire/table', labelKey: 'observatory.nav.tableResearch', permission: OBS.manage },
  { to: '/observatoire/reglages', labelKey: 'observatory.nav.settings', permission: OBS.manage },
];

/** Where the section's address leads those who read no observation, in this order. */
const LANDINGS = ['/observatoire/recherche', '/observatoire/tendances', '/observatoire/glossaire'];

/**
 * The section's address: the observations for those who read them; anyone else (a researcher, a member
 * who only searches the glossary) goes to the first screen open to them.
 */
function ObservatoryIndex() {
  const { can } = useSession();
  if (holds(can, OBSERVATION_READERS)) return <ObservationsPage />;
  const first = LANDINGS.map((to) => observatoryScreens.find((screen) => screen.to === to)).find(
    (screen) => screen?.permission && holds(can, screen.permission),
  );
  return first ? <Navigate to={first.to} replace /> : <NotFoundPage />;
}

function ObservatorySection() {
  const { t } = useTranslation();
  return (
    <>
      <SectionNav label={t('observatory.nav.label')} items={observatoryScreens} />
      <Outlet />
    </>
  );
}

/**
 * The observatory of the phenomenon: pivots' de-identified observations and their review, the shared
 * glossary of recruitment language, trends for the table, and aggregate exports for researchers.
 */
export const observatoryModule: WebModule = {
  routes: [
    {
      element: <ObservatorySection />,
      children: [
        { path: 'observatoire', element: <ObservatoryIndex /> },
        guarded('observatoire/nouvelle', OBS.record, <NewObservationPage />),
        guarded('observatoire/observations/:id', OBSERVATION_READERS, <ObservationPage />),
        guarded('observatoire/observations/:id/modifier', OBS.record, <EditObservationPage />),
        guarded('observatoire/revue', OBS.review, <ReviewPage />),
        guarded('observatoire/glossaire', OBS.glossary, <GlossaryPage />),
        guarded('observatoire/glossaire/:id', OBS.glossary, <GlossaryTermPage />),
        guarded('observatoire/tendances', OBS.trends, <TrendsPage />),
        guarded('observatoire/recherche', OBS.research, <ResearchPage />),
        guarded('observatoire/recherche/exports/:id', [OBS.research, OBS.manage], <ResearchExportPage />),
        guarded('observatoire/table', OBS.manage, <ResearchTablePage />),
        guarded('observatoire/reglages', OBS.manage, <SettingsPage />),
      ],
    },
  ],
  nav: [{ to: '/observatoire', labelKey: 'observatory.nav.section', permission: ANY }],
  home: [{ key: 'observatory-review', permission: OBS.review, Card: ReviewHomeCard }],
};
