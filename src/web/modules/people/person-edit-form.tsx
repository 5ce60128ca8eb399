import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../shared/contracts/accounts';
import { api, fieldMessage } from '../../app/api';
import { useAction } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Field } from '../../ui/field';

const fieldId = (field: string) => `person-${field}`;

export function PersonEditForm({ person, onSaved }: { person: PersonDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  const [givenName, setGivenName] = useState(person.givenName);
  const [familyName, setFamilyName] = useState(person.familyName);
  const [phone, setPhone] = useState(person.phone ?? '');
  const [jobTitle, setJobTitle] = useState(person.jobTitle ?? '');
  const { run, pending, error } = useAction();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const body: Record<string, string> = {
        givenName: givenName.trim(),
        familyName: familyName.trim(),
        jobTitle: jobTitle.trim(),
      };
      // Contact details are sent only when the viewer was shown them.
      if (person.phone !== undefined) body.phone = phone.trim();
      await api.patch(`/people/${encodeURIComponent(person.id)}`, body);
      onSaved();
    });
  };

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending}>
      <ErrorSummary error={error} fieldId={fieldId} />
      <Field
        id={fieldId('givenName')}
        label={t('people.fields.givenName')}
        required
        autoComplete="off"
        value={givenName}
        onChange={(event) => setGivenName(event.target.value)}
        error={fieldMessage(error, 'givenName')}
      />
      <Field
        id={fieldId('familyName')}
        label={t('people.fields.familyName')}
        required
        autoComplete="off"
        value={familyName}
        onChange={(event) => setFamilyName(event.target.value)}
        error={fieldMessage(error, 'familyName')}
      />
      {person.phone !== undefined ? (
        <Field
          id={fieldId('phone')}
          label={t('people.fields.phoneOptional')}
          type="tel"
          autoComplete="off"
          value={phone}
          onChange={(event) => setPhone(event.target.value)}
          error={fieldMessage(error, 'phone')}
        />
      ) : null}
      <Field
        id={fieldId('jobTitle')}
        label={t('people.fields.jobTitleOptional')}
        autoComplete="off"
        value={jobTitle}
        onChange={(event) => setJobTitle(event.target.value)}
        error={fieldMessage(error, 'jobTitle')}
      />
      <Button type="submit" pending={pending}>
        {t('common.save')}
      </Button>
    </form>
  );
}
