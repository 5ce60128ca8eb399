import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResourceOrganisation, ServiceDetail } from '../../../shared/contracts/resources';
import { api, fieldMessage } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Field, SelectField } from '../../ui/field';

const IDS: Record<string, string> = {
  locationId: 'res-link-location',
  placesMaximum: 'res-link-maximum',
  placesAvailable: 'res-link-available',
};

/** Where the service is given: its organisation's locations, with a safe place's maximum and free places. */
export function ServiceLocations({
  service,
  onSaved,
}: {
  service: ServiceDetail;
  onSaved: (service: ServiceDetail) => void;
}) {
  const { t } = useTranslation();
  const organisation = useApiData<ResourceOrganisation>(
    `/resources/organisations/${service.organisation.id}`,
  );
  const add = useAction();
  const remove = useAction();
  const [locationId, setLocationId] = useState('');
  const [maximum, setMaximum] = useState('');
  const [available, setAvailable] = useState('');
  const given = new Set(service.locations.map((l) => l.location.id));
  const choices = (organisation.data?.locations ?? []).filter((l) => !given.has(l.id));
  const count = (value: string) => (value.trim() === '' ? null : Number(value));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void add.run(async () => {
      onSaved(
        await api.post<ServiceDetail>(`/resources/services/${service.id}/locations`, {
          locationId,
          placesMaximum: count(maximum),
          placesAvailable: count(available),
          version: service.version,
        }),
      );
      setLocationId('');
    });
  };
  return (
    <section aria-labelledby="res-locations-title">
      <h2 id="res-locations-title">{t('resources.service.locations')}</h2>
      <ErrorSummary error={remove.error} />
      {service.locations.length > 0 ? (
        <ul className="plain-list">
          {service.locations.map((at) => (
            <li key={at.serviceLocationId}>
              {at.location.name ?? at.location.city}
              {at.location.confidential ? ` (${t('resources.location.confidential')})` : ''}{' '}
              <Button
                variant="link"
                pending={remove.pending}
                onClick={() =>
                  void remove.run(async () => {
                    await api.delete(`/resources/service-locations/${at.serviceLocationId}`);
                    onSaved(await api.get<ServiceDetail>(`/resources/services/${service.id}`));
                  })
                }
              >
                {t('resources.form.removeLocation', { name: at.location.name ?? at.location.city ?? '' })}
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('resources.service.noLocation')}</p>
      )}
      <form className="narrow" onSubmit={onSubmit} noValidate>
        <ErrorSummary error={add.error} fieldId={(field) => IDS[field]} />
        <SelectField
          id="res-link-location"
          label={t('resources.form.giveAt')}
          hint={t('resources.form.giveAtHint')}
          value={locationId}
          error={fieldMessage(add.error, 'locationId')}
          onChange={(event) => setLocationId(event.target.value)}
        >
          <option value="">{t('resources.form.chooseLocation')}</option>
          {choices.map((l) => (
            <option key={l.id} value={l.id}>
              {[l.name, l.city].filter(Boolean).join(', ')}
            </option>
          ))}
        </SelectField>
        {service.safePlace ? (
          <>
            <Field
              id="res-link-maximum"
              label={t('resources.form.placesMaximum')}
              type="number"
              inputMode="numeric"
              min={0}
              value={maximum}
              error={fieldMessage(add.error, 'placesMaximum')}
              onChange={(event) => setMaximum(event.target.value)}
            />
            <Field
              id="res-link-available"
              label={t('resources.form.placesAvailable')}
              type="number"
              inputMode="numeric"
              min={0}
              value={available}
              error={fieldMessage(add.error, 'placesAvailable')}
              onChange={(event) => setAvailable(event.target.value)}
            />
          </>
        ) : null}
        <Button type="submit" variant="secondary" pending={add.pending}>
          {t('resources.form.giveAtSubmit')}
        </Button>
      </form>
    </section>
  );
}
