import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../../shared/roles';
import { isLocale } from '../app/i18n';
import { SelectField } from './field';

interface LocaleFieldProps {
  id: string;
  label: string;
  value: Locale;
  onChange: (locale: Locale) => void;
  error?: string | undefined;
}

/** A choice among Filet's languages, each named in its own language (lang set for screen readers). */
export function LocaleField({ id, label, value, onChange, error }: LocaleFieldProps) {
  const { t } = useTranslation();
  return (
    <SelectField
      id={id}
      label={label}
      value={value}
      onChange={(event) => {
        if (isLocale(event.target.value)) onChange(event.target.value);
      }}
      error={error}
    >
      {LOCALES.map((code) => (
        <option key={code} value={code} lang={code}>
          {t(`locales.${code}`)}
        </option>
      ))}
    </SelectField>
  );
}
