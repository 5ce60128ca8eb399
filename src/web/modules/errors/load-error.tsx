import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../app/api';
import { Page } from '../../ui/page';
import { NotFoundPage } from './not-found.page';

/** A page whose record could not be loaded: absent and forbidden look the same. */
export function LoadErrorPage({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  if (error.status === 404 || error.status === 403) return <NotFoundPage />;
  return (
    <Page title={t('routeError.title')}>
      <div className="error-summary" role="alert">
        <p>{error.message}</p>
      </div>
    </Page>
  );
}
