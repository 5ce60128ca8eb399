import { useTranslation } from 'react-i18next';
import { currentLocale } from '../app/i18n';
import { useSession } from '../app/session';

/** Offers the other language, named in that language ("English" in French, "Français" in English). */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { chooseLocale } = useSession();
  const other = currentLocale() === 'fr-CA' ? 'en-CA' : 'fr-CA';
  return (
    <button
      type="button"
      className="language-switch"
      lang={t('language.otherTag')}
      onClick={() => void chooseLocale(other)}
    >
      {t('language.other')}
    </button>
  );
}
