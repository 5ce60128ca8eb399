import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';

/** Says plainly that nothing here is real, whenever the server runs in demo mode. */
export function DemoBanner() {
  const { t } = useTranslation();
  const { demo } = useSession();
  if (!demo) return null;
  return (
    <div className="demo-banner">
      <p className="container">
        <strong>{t('demo.banner')}</strong> {t('demo.bannerDetail')}
      </p>
    </div>
  );
}
