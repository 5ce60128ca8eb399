import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { guarded } from '../../app/guards';
import type { NavItem, WebModule } from '../../app/module-registry';
import { SectionNav } from '../../ui/section-nav';
import { FiguresPage } from './figures.page';
import { ReferralsHomeCard } from './home-card';
import { LoggedReferralPage } from './logged.page';
import { ReferralPage } from './referral.page';
import { ReferralFormPage } from './referral-form.page';
import { ReferralsPage } from './referrals.page';
import { RegisterPage } from './register.page';
import { SubjectPage } from './subject.page';
import { NewSubjectPage } from './subject-form.page';
import { SubjectsPage } from './subjects.page';

/** Who sends or receives referrals: the lists and the referral page are theirs. */
export const REFERRAL_SIDES = ['referrals.send', 'referrals.receive'] as const;

/** The referral screens, each shown to whom its route is open (the same permissions as below). */
export const referralScreens: NavItem[] = [
  { to: '/references', labelKey: 'referrals.nav.referrals', permission: REFERRAL_SIDES },
  { to: '/suivis', labelKey: 'referrals.nav.subjects', permission: 'referrals.send' },
  { to: '/references/registre', labelKey: 'referrals.nav.register', permission: 'referrals.register' },
  { to: '/references/chiffres', labelKey: 'referrals.nav.figures', permission: 'referrals.figures' },
];

/** Every referral screen: the section's navigation, then the screen. */
function ReferralsSection() {
  const { t } = useTranslation();
  return (
    <>
      <SectionNav label={t('referrals.nav.label')} items={referralScreens} />
      <Outlet />
    </>
  );
}

/**
 * Closed-loop referrals: the people an organisation follows, referrals to the directory's services
 * under a recorded consent and what came of them, the register of disclosures and the table's figures.
 */
export const referralsModule: WebModule = {
  routes: [
    {
      element: <ReferralsSection />,
      children: [
        guarded('references', REFERRAL_SIDES, <ReferralsPage />),
        guarded('references/nouvelle', 'referrals.send', <ReferralFormPage />),
        guarded('references/consigner', 'referrals.send', <LoggedReferralPage />),
        guarded('references/registre', 'referrals.register', <RegisterPage />),
        guarded('references/chiffres', 'referrals.figures', <FiguresPage />),
        guarded('references/:id', REFERRAL_SIDES, <ReferralPage />),
        guarded('suivis', 'referrals.send', <SubjectsPage />),
        guarded('suivis/nouvelle', 'referrals.send', <NewSubjectPage />),
        guarded('suivis/:id', 'referrals.send', <SubjectPage />),
      ],
    },
  ],
  nav: [{ to: '/references', labelKey: 'referrals.nav.section', permission: REFERRAL_SIDES }],
  home: [{ key: 'referrals', permission: REFERRAL_SIDES, Card: ReferralsHomeCard }],
};
