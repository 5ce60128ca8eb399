import { createBrowserRouter } from 'react-router';
import { AccountPage } from '../modules/account/account.page';
import { AuditPage } from '../modules/audit/audit.page';
import { ForgotPasswordPage } from '../modules/auth/forgot-password.page';
import { InvitationPage } from '../modules/auth/invitation.page';
import { ResetPasswordPage } from '../modules/auth/reset-password.page';
import { SignInPage } from '../modules/auth/sign-in.page';
import { TotpEnrolmentPage } from '../modules/auth/totp-enrolment.page';
import { NotFoundPage } from '../modules/errors/not-found.page';
import { RouteErrorPage } from '../modules/errors/route-error.page';
import { HomePage } from '../modules/home/home.page';
import { NewOrganisationPage } from '../modules/organisations/new-organisation.page';
import { OrganisationPage } from '../modules/organisations/organisation.page';
import { OrganisationsPage } from '../modules/organisations/organisations.page';
import { InvitePage } from '../modules/people/invite.page';
import { PeoplePage } from '../modules/people/people.page';
import { PersonPage } from '../modules/people/person.page';
import { Layout } from '../ui/layout';
import { guarded, RequireAuth } from './guards';
import { webModules } from './module-registry';

/** The staff app's addresses, in French like the rest of the interface. */
export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { path: 'connexion', element: <SignInPage /> },
          { path: 'mot-de-passe-oublie', element: <ForgotPasswordPage /> },
          { path: 'mot-de-passe/:token', element: <ResetPasswordPage /> },
          { path: 'invitation/:token', element: <InvitationPage /> },
          { path: 'securite/totp', element: <TotpEnrolmentPage /> },
          {
            element: <RequireAuth />,
            children: [
              { index: true, element: <HomePage /> },
              { path: 'compte', element: <AccountPage /> },
              { path: 'organisations', element: <OrganisationsPage /> },
              guarded('organisations/nouvelle', 'organisations.manage', <NewOrganisationPage />),
              { path: 'organisations/:id', element: <OrganisationPage /> },
              { path: 'personnes', element: <PeoplePage /> },
              guarded('personnes/inviter', 'people.invite', <InvitePage />),
              { path: 'personnes/:id', element: <PersonPage /> },
              guarded('administration/journal', 'audit.read', <AuditPage />),
              ...webModules.flatMap((module) => module.routes),
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
