import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../shared/contracts/accounts';
import { api } from '../../app/api';
import { useForm } from '../../app/form';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { NameFields } from './parts';

export function PersonEditForm({ person, onSaved }: { person: PersonDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  const form = useForm(
    {
      givenName: person.givenName,
      familyName: person.familyName,
      phone: person.phone ?? '',
      jobTitle: person.jobTitle ?? '',
    },
    (field) => `person-${field}`,
  );
  const { values } = form;

  const onSubmit = form.onSubmit(async () => {
    const body: Record<string, string> = {
      givenName: values.givenName.trim(),
      familyName: values.familyName.trim(),
      jobTitle: values.jobTitle.trim(),
    };
    // Contact details are sent only when the viewer was shown them.
    if (person.phone !== undefined) body.phone = values.phone.trim();
    await api.patch(`/people/${encodeURIComponent(person.id)}`, body);
    onSaved();
  });

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={form.pending}>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <NameFields field={form.field} />
      {person.phone !== undefined ? (
        <Field
          label={t('people.fields.phoneOptional')}
          type="tel"
          autoComplete="off"
          {...form.field('phone')}
        />
      ) : null}
      <Field label={t('people.fields.jobTitleOptional')} autoComplete="off" {...form.field('jobTitle')} />
      <Button type="submit" pending={form.pending}>
        {t('common.save')}
      </Button>
    </form>
  );
}
