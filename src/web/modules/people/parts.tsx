import { useTranslation } from 'react-i18next';
import type { Bind } from '../../app/form';
import { Field } from '../../ui/field';

/** A person's given and family names, both required (never filled in by the browser). */
export function NameFields({ field }: { field: Bind<'givenName' | 'familyName'> }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('people.fields.givenName')} required autoComplete="off" {...field('givenName')} />
      <Field label={t('people.fields.familyName')} required autoComplete="off" {...field('familyName')} />
    </>
  );
}
