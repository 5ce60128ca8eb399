import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ResourceIdResponse, ResourceOrganisation } from '../../../shared/contracts/resources';
import { api, fieldMessage } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { useSession, useSignedIn } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Checkbox, Field, SelectField, TextAreaField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';

const ORG_IDS: Record<string, string> = {
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
  const { run, pending, error } = useAction();
  const [values, setValues] = useState({
    name: organisation?.name ?? '',
    descriptionFr: organisation?.descriptionFr ?? '',
    descriptionEn: organisation?.descriptionEn ?? '',
    website: organisation?.website ?? '',
    email: organisation?.email ?? '',
    keeper: organisation ? (organisation.keeperOrganisationId ?? '') : own,
  });
  const [isPublic, setPublic] = useState(organisation?.public ?? false);
  const set = (key: keyof typeof values, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const body = {
        name: values.name,
        descriptionFr: values.descriptionFr,
        descriptionEn: values.descriptionEn || null,
        website: values.website || null,
        email: values.email || null,
        public: isPublic,
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
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={error} fieldId={(field) => ORG_IDS[field]} />
      <Field
        id="org-name"
        label={t('resources.fields.organisationName')}
        required
        value={values.name}
        error={fieldMessage(error, 'name')}
        onChange={(event) => set('name', event.target.value)}
      />
      <SelectField
        id="org-keeper"
        label={t('resources.fields.keeper')}
        value={values.keeper}
        error={fieldMessage(error, 'keeperOrganisationId')}
        onChange={(event) => set('keeper', event.target.value)}
      >
        {organisation?.keeperOrganisationId && organisation.keeperOrganisationId !== own ? (
          <option value={organisation.keeperOrganisationId}>{t('resources.form.currentKeeper')}</option>
        ) : null}
        <option value={own}>{session.person.organisation.name}</option>
        {can('resources.settings') ? <option value="">{t('resources.form.tableKeeps')}</option> : null}
      </SelectField>
      <TextAreaField
        id="org-description-fr"
        label={t('resources.form.descriptionFr')}
        value={values.descriptionFr}
        error={fieldMessage(error, 'descriptionFr')}
        onChange={(event) => set('descriptionFr', event.target.value)}
      />
      <TextAreaField
        id="org-description-en"
        label={t('resources.form.descriptionEn')}
        value={values.descriptionEn}
        error={fieldMessage(error, 'descriptionEn')}
        onChange={(event) => set('descriptionEn', event.target.value)}
      />
      <Field
        id="org-website"
        label={t('resources.fields.url')}
        type="url"
        value={values.website}
        error={fieldMessage(error, 'website')}
        onChange={(event) => set('website', event.target.value)}
      />
      <Field
        id="org-email"
        label={t('resources.fields.email')}
        type="email"
        value={values.email}
        error={fieldMessage(error, 'email')}
        onChange={(event) => set('email', event.target.value)}
      />
      <Checkbox
        id="org-public"
        label={t('resources.fields.public')}
        checked={isPublic}
        onChange={(event) => setPublic(event.target.checked)}
      />
      <Button type="submit" pending={pending}>
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
};

/** A new location; a confidential one seals its street address and shows a front gate instead. */
function LocationForm({ organisationId, onSaved }: { organisationId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const [confidential, setConfidential] = useState(false);
  const [values, setValues] = useState({
    name: '',
    city: '',
    address1: '',
    postalCode: '',
    frontGateFr: '',
    frontGateEn: '',
  });
  const [said, setSaid] = useState<string | null>(null);
  const set = (key: keyof typeof values, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaid(null);
    void run(async () => {
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
      setValues({ name: '', city: '', address1: '', postalCode: '', frontGateFr: '', frontGateEn: '' });
      setSaid(t('resources.location.added'));
      onSaved();
    });
  };
  const problem = (field: string) =>
    fieldMessage(error, field) ?? (field === 'address1' ? fieldMessage(error, 'sealedAddress') : undefined);
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={error} fieldId={(field) => LOCATION_IDS[field.split('.')[0] ?? field]} />
      <StatusMessage>{said}</StatusMessage>
      <Field
        id="loc-name"
        label={t('resources.location.name')}
        value={values.name}
        onChange={(event) => set('name', event.target.value)}
      />
      <Checkbox
        id="loc-confidential"
        label={t('resources.location.confidentialLabel')}
        checked={confidential}
        onChange={(event) => setConfidential(event.target.checked)}
      />
      <Field
        id="loc-address"
        label={confidential ? t('resources.location.sealedAddress') : t('resources.fields.address')}
        hint={confidential ? t('resources.location.sealedHint') : undefined}
        value={values.address1}
        error={problem('address1')}
        onChange={(event) => set('address1', event.target.value)}
      />
      <Field
        id="loc-postal"
        label={t('resources.fields.postalCode')}
        value={values.postalCode}
        error={problem('postalCode')}
        onChange={(event) => set('postalCode', event.target.value)}
      />
      <Field
        id="loc-city"
        label={t('resources.fields.city')}
        value={values.city}
        error={problem('city')}
        onChange={(event) => set('city', event.target.value)}
      />
      {confidential ? (
        <>
          <TextAreaField
            id="loc-front-gate-fr"
            label={t('resources.location.frontGateFr')}
            hint={t('resources.location.frontGateHint')}
            required
            value={values.frontGateFr}
            error={problem('frontGateFr')}
            onChange={(event) => set('frontGateFr', event.target.value)}
          />
          <TextAreaField
            id="loc-front-gate-en"
            label={t('resources.location.frontGateEn')}
            value={values.frontGateEn}
            error={problem('frontGateEn')}
            onChange={(event) => set('frontGateEn', event.target.value)}
          />
        </>
      ) : null}
      <Button type="submit" pending={pending}>
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
