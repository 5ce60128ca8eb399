import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ResourceIdResponse, ResourceOrganisation } from '../../../shared/contracts/resources';
import { api, fieldMessage } from '../../app/api';
import { useForm } from '../../app/form';
import { useApiData } from '../../app/hooks';
import { useSession, useSignedIn } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Checkbox, Field, SelectField, TextAreaField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';

const ORG_IDS: Record<string, string> = {
  public: 'org-public',
  name: 'org-name',
  keeperOrganisationId: 'org-keeper',
  descriptionFr: 'org-description-fr',
  descriptionEn: 'org-description-en',
  website: 'org-website',
  email: 'org-email',
};

/** The organisation form: new or edit. */
function OrganisationForm({
  organisation,
  onSaved,
}: {
  organisation?: ResourceOrganisation;
  onSaved: (organisation: ResourceOrganisation) => void;
}) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const { can } = useSession();
  const own = session.person.organisation.id;
  const form = useForm(
    {
      name: organisation?.name ?? '',
      descriptionFr: organisation?.descriptionFr ?? '',
      descriptionEn: organisation?.descriptionEn ?? '',
      website: organisation?.website ?? '',
      email: organisation?.email ?? '',
      keeper: organisation ? (organisation.keeperOrganisationId ?? '') : own,
      public: organisation?.public ?? false,
    },
    ORG_IDS,
  );
  const { values } = form;
  const onSubmit = form.onSubmit(async () => {
    const body = {
      name: values.name,
      descriptionFr: values.descriptionFr,
      descriptionEn: values.descriptionEn || null,
      website: values.website || null,
      email: values.email || null,
      public: values.public,
      keeperOrganisationId: values.keeper || null,
    };
    onSaved(
      organisation
        ? await api.put<ResourceOrganisation>(`/resources/organisations/${organisation.id}`, {
            ...body,
            version: organisation.version,
          })
        : await api.post<ResourceOrganisation>('/resources/organisations', body),
    );
  });
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <Field label={t('resources.fields.organisationName')} required {...form.field('name')} />
      <SelectField label={t('resources.fields.keeper')} {...form.field('keeper', 'keeperOrganisationId')}>
        {organisation?.keeperOrganisationId && organisation.keeperOrganisationId !== own ? (
          <option value={organisation.keeperOrganisationId}>{t('resources.form.currentKeeper')}</option>
        ) : null}
        <option value={own}>{session.person.organisation.name}</option>
        {can('resources.settings') ? <option value="">{t('resources.form.tableKeeps')}</option> : null}
      </SelectField>
      <TextAreaField label={t('resources.form.descriptionFr')} {...form.field('descriptionFr')} />
      <TextAreaField label={t('resources.form.descriptionEn')} {...form.field('descriptionEn')} />
      <Field label={t('resources.fields.url')} type="url" {...form.field('website')} />
      <Field label={t('resources.fields.email')} type="email" {...form.field('email')} />
      <Checkbox label={t('resources.fields.public')} {...form.check('public')} />
      <Button type="submit" pending={form.pending}>
        {t('resources.form.save')}
      </Button>
    </form>
  );
}

const LOCATION_IDS: Record<string, string> = {
  city: 'loc-city',
  address1: 'loc-address',
  postalCode: 'loc-postal',
  sealedAddress: 'loc-sealed',
  frontGateFr: 'loc-front-gate-fr',
  frontGateEn: 'loc-front-gate-en',
  name: 'loc-name',
  confidential: 'loc-confidential',
};

const NO_LOCATION = {
  name: '',
  confidential: false,
  city: '',
  address1: '',
  postalCode: '',
  frontGateFr: '',
  frontGateEn: '',
};

/** A new location; a confidential one seals its street address and shows a front gate instead. */
function LocationForm({ organisationId, onSaved }: { organisationId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const form = useForm(NO_LOCATION, LOCATION_IDS);
  const { values } = form;
  const { confidential } = values;
  const [said, setSaid] = useState<string | null>(null);
  const onSubmit = form.onSubmit(async () => {
    setSaid(null);
    await api.post<ResourceIdResponse>('/resources/locations', {
      organisationId,
      confidential,
      name: values.name || null,
      city: values.city || null,
      frontGateFr: values.frontGateFr || null,
      frontGateEn: values.frontGateEn || null,
      ...(confidential
        ? values.address1
          ? { sealedAddress: { address1: values.address1, postalCode: values.postalCode || null } }
          : {}
        : { address1: values.address1 || null, postalCode: values.postalCode || null }),
    });
    form.setValues({ ...NO_LOCATION, confidential });
    setSaid(t('resources.location.added'));
    onSaved();
  });
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={form.error} fieldId={(field) => form.fieldId(field.split('.')[0] ?? field)} />
      <StatusMessage>{said}</StatusMessage>
      <Field label={t('resources.location.name')} {...form.field('name')} />
      <Checkbox label={t('resources.location.confidentialLabel')} {...form.check('confidential')} />
      <Field
        label={confidential ? t('resources.location.sealedAddress') : t('resources.fields.address')}
        hint={confidential ? t('resources.location.sealedHint') : undefined}
        {...form.field('address1')}
        error={fieldMessage(form.error, 'address1') ?? fieldMessage(form.error, 'sealedAddress')}
      />
      <Field label={t('resources.fields.postalCode')} {...form.field('postalCode')} />
      <Field label={t('resources.fields.city')} {...form.field('city')} />
      {confidential ? (
        <>
          <TextAreaField
            label={t('resources.location.frontGateFr')}
            hint={t('resources.location.frontGateHint')}
            required
            {...form.field('frontGateFr')}
          />
          <TextAreaField label={t('resources.location.frontGateEn')} {...form.field('frontGateEn')} />
        </>
      ) : null}
      <Button type="submit" pending={form.pending}>
        {t('resources.location.save')}
      </Button>
    </form>
  );
}

/** An organisation of the directory: its services and locations; its keepers edit it and add locations. */
export function OrganisationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const organisation = useApiData<ResourceOrganisation>(`/resources/organisations/${encodeURIComponent(id)}`);
  const [said, setSaid] = useState<string | null>(null);
  if (organisation.error) return <LoadErrorPage error={organisation.error} />;
  const o = organisation.data;
  if (!o) return <LoadingPage />;
  return (
    <Page title={o.name} lead={o.description || undefined}>
      <StatusMessage>{said}</StatusMessage>
      <h2>{t('resources.organisation.services')}</h2>
      {o.services.length > 0 ? (
        <ul className="plain-list">
          {o.services.map((s) => (
            <li key={s.id}>
              <Link to={`/repertoire/services/${s.id}`}>{s.name}</Link>
              {s.stale ? <span className="tag tag-info">{t('resources.kept.stale')}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('resources.organisation.noService')}</p>
      )}
      {o.canKeep ? (
        <p>
          <Link className="button button-secondary" to={`/repertoire/services/nouveau?organisation=${o.id}`}>
            {t('resources.hub.newService')}
          </Link>
        </p>
      ) : null}
      <h2>{t('resources.organisation.locations')}</h2>
      {o.locations.length > 0 ? (
        <ul className="plain-list">
          {o.locations.map((l) => (
            <li key={l.id}>
              {l.name ?? l.city}
              {' — '}
              {l.confidential
                ? `${t('resources.location.confidential')} (${l.city ?? ''})`
                : [l.address1, l.city].filter(Boolean).join(', ')}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('resources.organisation.noLocation')}</p>
      )}
      {o.canKeep ? (
        <>
          <details>
            <summary>{t('resources.location.add')}</summary>
            <LocationForm organisationId={o.id} onSaved={organisation.reload} />
          </details>
          <details>
            <summary>{t('resources.organisation.edit')}</summary>
            <OrganisationForm
              organisation={o}
              onSaved={(saved) => {
                organisation.setData(saved);
                setSaid(t('resources.organisation.saved'));
              }}
            />
          </details>
        </>
      ) : null}
    </Page>
  );
}

export function NewOrganisationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Page title={t('resources.hub.newOrganisation')}>
      <OrganisationForm onSaved={(saved) => navigate(`/repertoire/organisations/${saved.id}`)} />
    </Page>
  );
}
