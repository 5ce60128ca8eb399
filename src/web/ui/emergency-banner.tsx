import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../app/format';
import { currentLocale } from '../app/i18n';
import { useSession } from '../app/session';

/** While an administrator's emergency access lasts, every screen says so and leads to its end. */
export function EmergencyBanner() {
  const { t } = useTranslation();
  const { state } = useSession();
  const emergency = state.status === 'signed_in' ? state.session.emergency : null;
  if (!emergency || new Date(emergency.until).getTime() <= Date.now()) return null;
  return (
    <div className="emergency-banner" role="status">
      <p className="container">
        <strong>
          {t('access.banner', {
            organisation: emergency.organisation.name,
            at: formatDateTime(emergency.until, currentLocale()),
          })}
        </strong>
        <Link to="/acces-urgence">{t('access.bannerEnd')}</Link>
      </p>
    </div>
  );
}
