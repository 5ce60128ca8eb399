import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../shared/contracts/accounts';
import { ORGANISATION_TYPES, type OrganisationType } from '../../../shared/roles';
import { type ApiError, fieldMessage } from '../../app/api';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Checkbox, ChoiceField, choices, Field } from '../../ui/field';

export interface OrganisationValues {
  name: string;
  shortName: string;
  type: OrganisationType | '';
  region: string;
  active: boolean;
}

export function valuesOf(organisation: Organisation | null): OrganisationValues {
  return {
    name: organisation?.name ?? '',
    shortName: organisation?.shortName ?? '',
    // The server sends the type as plain text; the form offers only the known ones.
    type: organisation && isOrganisationType(organisation.type) ? organisation.type : '',
    region: organisation?.region ?? '',
    active: organisation?.active ?? true,
  };
}

function isOrganisationType(value: string): value is OrganisationType {
  return (ORGANISATION_TYPES as readonly string[]).includes(value);
}

interface OrganisationFormProps {
  idPrefix: string;
  initial: OrganisationValues;
  /** Shows the "active" box (editing an existing organisation). */
  withActive: boolean;
  submitLabel: string;
  pending: boolean;
  error: ApiError | undefined;
  onSubmit: (values: OrganisationValues) => void;
}

/** Name, short name, type and region of a partner organisation. */
export function OrganisationForm(props: OrganisationFormProps) {
  const { t } = useTranslation();
  const { idPrefix, initial, withActive, submitLabel, pending, error, onSubmit } = props;
  const [values, setValues] = useState(initial);
  const fieldId = (field: string) => `${idPrefix}-${field}`;
  const set = <K extends keyof OrganisationValues>(key: K, value: OrganisationValues[K]) =>
    setValues((previous) => ({ ...previous, [key]: value }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(values);
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-busy={pending}>
      <ErrorSummary error={error} fieldId={fieldId} />
      <Field
        id={fieldId('name')}
        label={t('organisations.fields.name')}
        required
        autoComplete="off"
        value={values.name}
        onChange={(event) => set('name', event.target.value)}
        error={fieldMessage(error, 'name')}
      />
      <Field
        id={fieldId('shortName')}
        label={t('organisations.fields.shortNameOptional')}
        autoComplete="off"
        value={values.shortName}
        onChange={(event) => set('shortName', event.target.value)}
        error={fieldMessage(error, 'shortName')}
      />
      <ChoiceField
        id={fieldId('type')}
        label={t('organisations.fields.type')}
        required
        value={values.type}
        onChange={(event) => {
          const value = event.target.value;
          set('type', isOrganisationType(value) ? value : '');
        }}
        error={fieldMessage(error, 'type')}
        placeholder={t('common.choose')}
        options={choices(ORGANISATION_TYPES, (type) => t(`organisationTypes.${type}`))}
      />
      <Field
        id={fieldId('region')}
        label={t('organisations.fields.region')}
        required
        autoComplete="off"
        value={values.region}
        onChange={(event) => set('region', event.target.value)}
        error={fieldMessage(error, 'region')}
      />
      {withActive ? (
        <Checkbox
          id={fieldId('active')}
          label={t('organisations.fields.activeCheckbox')}
          checked={values.active}
          onChange={(event) => set('active', event.target.checked)}
        />
      ) : null}
      <Button type="submit" pending={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}

/** The request body: empty optional text is left out, required text is sent as typed for the server to judge. */
export function organisationBody(values: OrganisationValues, withActive: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: values.name.trim(),
    type: values.type,
    region: values.region.trim(),
  };
  if (values.shortName.trim()) body.shortName = values.shortName.trim();
  if (withActive) body.active = values.active;
  return body;
}
