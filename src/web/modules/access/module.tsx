import { Navigate, useParams } from 'react-router';
import { guarded } from '../../app/guards';
import type { WebModule } from '../../app/module-registry';
import { useSession } from '../../app/session';
import { AccessReviewPage } from './access-review.page';
import { EmergencyPage } from './emergency.page';

/** `/acces` opens the access review of the viewer's own organisation. */
function OwnReview() {
  const { state } = useSession();
  if (state.status !== 'signed_in') return null;
  return <Navigate to={`/organisations/${state.session.person.organisation.id}/acces`} replace />;
}

function ReviewRoute() {
  const { id = '' } = useParams();
  return <AccessReviewPage key={id} organisationId={id} />;
}

/**
 * Consent to access: each organisation's access review (its coordinators and privacy officers), and the
 * administration's emergency access.
 */
export const accessModule: WebModule = {
  routes: [
    guarded('acces', 'access.review', <OwnReview />),
    guarded('organisations/:id/acces', 'access.review', <ReviewRoute />),
    guarded('acces-urgence', 'access.emergency', <EmergencyPage />),
  ],
  nav: [
    { to: '/acces', labelKey: 'access.nav.review', permission: 'access.review' },
    { to: '/acces-urgence', labelKey: 'access.nav.emergency', permission: 'access.emergency' },
  ],
};
