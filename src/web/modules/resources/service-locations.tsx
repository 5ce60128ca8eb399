import { useTranslation } from 'react-i18next';
import type { ResourceOrganisation, ServiceDetail } from '../../../shared/contracts/resources';
import { api } from '../../app/api';
import { useForm } from '../../app/form';
import { useAction, useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { ChoiceField } from '../../ui/field';
import { NumberField } from './parts';

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
  const add = useForm({ locationId: '', maximum: '', available: '' }, IDS);
  const remove = useAction();
  const given = new Set(service.locations.map((l) => l.location.id));
  const free = (organisation.data?.locations ?? []).filter((l) => !given.has(l.id));
  const count = (value: string) => (value.trim() === '' ? null : Number(value));
  const onSubmit = add.onSubmit(async () => {
    onSaved(
      await api.post<ServiceDetail>(`/resources/services/${service.id}/locations`, {
        locationId: add.values.locationId,
        placesMaximum: count(add.values.maximum),
        placesAvailable: count(add.values.available),
        version: service.version,
      }),
    );
    add.set('locationId', '');
  });
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
        <ErrorSummary error={add.error} fieldId={add.fieldId} />
        <ChoiceField
          label={t('resources.form.giveAt')}
          hint={t('resources.form.giveAtHint')}
          placeholder={t('resources.form.chooseLocation')}
          options={free.map((l) => ({ value: l.id, label: [l.name, l.city].filter(Boolean).join(', ') }))}
          {...add.field('locationId')}
        />
        {service.safePlace
          ? (
              [
                ['maximum', 'placesMaximum'],
                ['available', 'placesAvailable'],
              ] as const
            ).map(([key, apiField]) => (
              <NumberField
                key={key}
                label={t(`resources.form.${apiField}`)}
                min={0}
                {...add.field(key, apiField)}
              />
            ))
          : null}
        <Button type="submit" variant="secondary" pending={add.pending}>
          {t('resources.form.giveAtSubmit')}
        </Button>
      </form>
    </section>
  );
}
