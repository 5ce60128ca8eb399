import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  RESOURCE_AUDIENCES,
  RESOURCE_GENDERS,
  RESOURCE_LANGUAGES,
  RESOURCE_TAXONOMY,
  type ResourceOrganisationList,
  type ServiceDetail,
  WEEKDAYS,
} from '../../../shared/contracts/resources';
import { api, fieldMessage } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession, useSignedIn } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Checkbox, CheckboxGroup, Field, Fieldset, SelectField, TextAreaField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { languageName } from './parts';
import { ServiceLocations } from './service-locations';

const BILINGUAL = ['name', 'description', 'eligibility', 'application', 'fees'] as const;
type Bilingual = (typeof BILINGUAL)[number];
type TextKey = `${Bilingual}${'Fr' | 'En'}`;

interface PhoneRow {
  number: string;
  extension: string;
  kind: 'voice' | 'text' | 'hotline' | 'fax';
  descriptionFr: string;
}
interface ScheduleRow {
  weekday: number;
  opensAt: string;
  closesAt: string;
  noteFr: string;
}

const textsOf = (s: ServiceDetail | undefined): Record<TextKey, string> => ({
  nameFr: s?.texts.nameFr ?? '',
  nameEn: s?.texts.nameEn ?? '',
  descriptionFr: s?.texts.descriptionFr ?? '',
  descriptionEn: s?.texts.descriptionEn ?? '',
  eligibilityFr: s?.texts.eligibilityFr ?? '',
  eligibilityEn: s?.texts.eligibilityEn ?? '',
  applicationFr: s?.texts.applicationFr ?? '',
  applicationEn: s?.texts.applicationEn ?? '',
  feesFr: s?.texts.feesFr ?? '',
  feesEn: s?.texts.feesEn ?? '',
});

const ID: Record<string, string> = {
  organisationId: 'res-organisation',
  keeperOrganisationId: 'res-keeper',
  taxonomy: 'res-taxonomy',
  audiences: 'res-audiences',
  genders: 'res-genders',
  languages: 'res-languages',
  minAge: 'res-min-age',
  maxAge: 'res-max-age',
  region: 'res-region',
  url: 'res-url',
  email: 'res-email',
  responseDays: 'res-response-days',
  acceptsReferrals: 'res-accepts-referrals',
  ...Object.fromEntries(
    BILINGUAL.flatMap((k) => [
      [`${k}Fr`, `res-${k}-fr`],
      [`${k}En`, `res-${k}-en`],
    ]),
  ),
};
const fieldId = (field: string) => ID[field] ?? ID[field.split('.')[0] ?? ''];

function ServiceForm({ service }: { service?: ServiceDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const session = useSignedIn();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const ownOrganisation = session.person.organisation.id;
  const organisations = useApiData<ResourceOrganisationList>(service ? null : '/resources/organisations');
  const { run, pending, error } = useAction();
  const [organisationId, setOrganisationId] = useState(params.get('organisation') ?? '');
  const [keeper, setKeeper] = useState<string>(
    service ? (service.keeperOrganisationId ?? '') : ownOrganisation,
  );
  const [texts, setTexts] = useState(textsOf(service));
  const [taxonomy, setTaxonomy] = useState<string[]>(service?.taxonomy ?? []);
  const [audiences, setAudiences] = useState<string[]>(service?.audiences ?? []);
  const [genders, setGenders] = useState<string[]>(service?.genders ?? []);
  const [languages, setLanguages] = useState<string[]>(service?.languages ?? ['fr']);
  const [values, setValues] = useState({
    minAge: service?.minAge?.toString() ?? '',
    maxAge: service?.maxAge?.toString() ?? '',
    region: service?.region ?? '',
    url: service?.url ?? '',
    email: service?.email ?? '',
    responseDays: String(service?.responseDays ?? 2),
  });
  const [flags, setFlags] = useState({
    free: service?.free ?? true,
    alwaysOpen: service?.alwaysOpen ?? false,
    safePlace: service?.safePlace ?? false,
    public: service?.public ?? false,
    acceptsReferrals: service?.acceptsReferrals ?? false,
  });
  const [phones, setPhones] = useState<PhoneRow[]>(
    (service?.phones ?? []).map((p) => ({
      number: p.number,
      extension: p.extension?.toString() ?? '',
      kind: p.kind,
      descriptionFr: p.descriptionFr ?? '',
    })),
  );
  const [schedules, setSchedules] = useState<ScheduleRow[]>(
    (service?.schedules ?? []).map((h) => ({ ...h, noteFr: h.noteFr ?? '' })),
  );

  const keeperChoices = [
    ...(service?.keeperOrganisationId && service.keeperOrganisationId !== ownOrganisation
      ? [{ value: service.keeperOrganisationId, label: t('resources.form.currentKeeper') }]
      : []),
    { value: ownOrganisation, label: session.person.organisation.name },
    ...(can('resources.settings') ? [{ value: '', label: t('resources.form.tableKeeps') }] : []),
  ];
  const number = (value: string) => (value.trim() === '' ? null : Number(value));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const body = {
        keeperOrganisationId: keeper === '' ? null : keeper,
        // French name and description are always sent; an empty optional text is sent as null.
        ...Object.fromEntries(
          Object.entries(texts).map(([key, value]) => [
            key,
            key === 'nameFr' || key === 'descriptionFr' || value.trim() !== '' ? value : null,
          ]),
        ),
        taxonomy,
        audiences,
        genders,
        languages,
        minAge: number(values.minAge),
        maxAge: number(values.maxAge),
        region: values.region,
        url: values.url || null,
        email: values.email || null,
        responseDays: Number(values.responseDays) || 2,
        ...flags,
      };
      let saved = service
        ? await api.put<ServiceDetail>(`/resources/services/${service.id}`, {
            ...body,
            version: service.version,
          })
        : await api.post<ServiceDetail>('/resources/services', { ...body, organisationId });
      saved = await api.put<ServiceDetail>(`/resources/services/${saved.id}/phones`, {
        version: saved.version,
        phones: phones
          .filter((p) => p.number.trim() !== '')
          .map((p) => ({
            number: p.number,
            extension: number(p.extension),
            kind: p.kind,
            descriptionFr: p.descriptionFr || null,
          })),
      });
      saved = await api.put<ServiceDetail>(`/resources/services/${saved.id}/schedules`, {
        version: saved.version,
        schedules: schedules.map((h) => ({ ...h, noteFr: h.noteFr || null })),
      });
      navigate(`/repertoire/services/${saved.id}`);
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={error} fieldId={fieldId} />
      {service ? null : (
        <SelectField
          id="res-organisation"
          label={t('resources.fields.organisation')}
          value={organisationId}
          required
          error={fieldMessage(error, 'organisationId')}
          onChange={(event) => setOrganisationId(event.target.value)}
        >
          <option value="">{t('resources.form.chooseOrganisation')}</option>
          {(organisations.data?.items ?? [])
            .filter((o) => o.canKeep)
            .map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
        </SelectField>
      )}
      <SelectField
        id="res-keeper"
        label={t('resources.fields.keeper')}
        value={keeper}
        error={fieldMessage(error, 'keeperOrganisationId')}
        onChange={(event) => setKeeper(event.target.value)}
      >
        {keeperChoices.map((c) => (
          <option key={c.value || 'table'} value={c.value}>
            {c.label}
          </option>
        ))}
      </SelectField>
      {BILINGUAL.map((key) => {
        const long = key !== 'name';
        const Input = long ? TextAreaField : Field;
        return (
          <Fieldset key={key} id={`res-${key}`} legend={t(`resources.fields.${key}`)}>
            {(['Fr', 'En'] as const).map((lang) => {
              const name = `${key}${lang}` as TextKey;
              return (
                <Input
                  key={name}
                  id={`res-${key}-${lang.toLowerCase()}`}
                  label={t(`resources.form.in${lang}`)}
                  required={name === 'nameFr'}
                  value={texts[name]}
                  error={fieldMessage(error, name)}
                  onChange={(event: { target: { value: string } }) =>
                    setTexts((previous) => ({ ...previous, [name]: event.target.value }))
                  }
                />
              );
            })}
          </Fieldset>
        );
      })}
      <CheckboxGroup
        id="res-taxonomy"
        legend={t('resources.fields.taxonomy')}
        options={RESOURCE_TAXONOMY.map((code) => ({ value: code, label: t(`resources.taxonomy.${code}`) }))}
        value={taxonomy}
        error={fieldMessage(error, 'taxonomy')}
        onChange={setTaxonomy}
      />
      <CheckboxGroup
        id="res-audiences"
        legend={t('resources.fields.audiences')}
        options={RESOURCE_AUDIENCES.map((code) => ({ value: code, label: t(`resources.audiences.${code}`) }))}
        value={audiences}
        error={fieldMessage(error, 'audiences')}
        onChange={setAudiences}
      />
      <CheckboxGroup
        id="res-genders"
        legend={t('resources.fields.genders')}
        hint={t('resources.form.gendersHint')}
        options={RESOURCE_GENDERS.map((code) => ({ value: code, label: t(`resources.genders.${code}`) }))}
        value={genders}
        error={fieldMessage(error, 'genders')}
        onChange={setGenders}
      />
      <Field
        id="res-min-age"
        label={t('resources.fields.minAge')}
        type="number"
        inputMode="numeric"
        min={0}
        max={120}
        value={values.minAge}
        error={fieldMessage(error, 'minAge')}
        onChange={(event) => setValues({ ...values, minAge: event.target.value })}
      />
      <Field
        id="res-max-age"
        label={t('resources.fields.maxAge')}
        type="number"
        inputMode="numeric"
        min={0}
        max={120}
        value={values.maxAge}
        error={fieldMessage(error, 'maxAge')}
        onChange={(event) => setValues({ ...values, maxAge: event.target.value })}
      />
      <CheckboxGroup
        id="res-languages"
        legend={t('resources.fields.languages')}
        options={RESOURCE_LANGUAGES.map((code) => ({ value: code, label: languageName(code, locale) }))}
        value={languages}
        error={fieldMessage(error, 'languages')}
        onChange={setLanguages}
      />
      <Field
        id="res-region"
        label={t('resources.fields.region')}
        required
        value={values.region}
        error={fieldMessage(error, 'region')}
        onChange={(event) => setValues({ ...values, region: event.target.value })}
      />
      <Field
        id="res-url"
        label={t('resources.fields.url')}
        type="url"
        value={values.url}
        error={fieldMessage(error, 'url')}
        onChange={(event) => setValues({ ...values, url: event.target.value })}
      />
      <Field
        id="res-email"
        label={t('resources.fields.email')}
        type="email"
        value={values.email}
        error={fieldMessage(error, 'email')}
        onChange={(event) => setValues({ ...values, email: event.target.value })}
      />
      <Fieldset id="res-flags" legend={t('resources.form.flags')}>
        {(['free', 'safePlace', 'public', 'acceptsReferrals', 'alwaysOpen'] as const).map((flag) => (
          <Checkbox
            key={flag}
            id={flag === 'acceptsReferrals' ? 'res-accepts-referrals' : `res-${flag}`}
            label={t(`resources.fields.${flag}`)}
            checked={flags[flag]}
            onChange={(event) => setFlags({ ...flags, [flag]: event.target.checked })}
          />
        ))}
      </Fieldset>
      <Field
        id="res-response-days"
        label={t('resources.fields.responseDays')}
        type="number"
        inputMode="numeric"
        min={1}
        max={14}
        value={values.responseDays}
        error={fieldMessage(error, 'responseDays')}
        onChange={(event) => setValues({ ...values, responseDays: event.target.value })}
      />

      <Fieldset id="res-phones" legend={t('resources.fields.phones')}>
        {phones.map((p, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own.
          <div key={index} className="res-row">
            <Field
              id={`res-phone-${index}`}
              label={t('resources.fields.number')}
              type="tel"
              value={p.number}
              error={fieldMessage(error, `phones.${index}.number`)}
              onChange={(event) =>
                setPhones(
                  phones.map((row, i) => (i === index ? { ...row, number: event.target.value } : row)),
                )
              }
            />
            <SelectField
              id={`res-phone-kind-${index}`}
              label={t('resources.fields.kind')}
              value={p.kind}
              onChange={(event) =>
                setPhones(
                  phones.map((row, i) =>
                    i === index ? { ...row, kind: event.target.value as PhoneRow['kind'] } : row,
                  ),
                )
              }
            >
              {(['voice', 'text', 'hotline', 'fax'] as const).map((kind) => (
                <option key={kind} value={kind}>
                  {t(`resources.phoneKinds.${kind}`)}
                </option>
              ))}
            </SelectField>
            <Field
              id={`res-phone-note-${index}`}
              label={t('resources.fields.phoneNote')}
              value={p.descriptionFr}
              onChange={(event) =>
                setPhones(
                  phones.map((row, i) => (i === index ? { ...row, descriptionFr: event.target.value } : row)),
                )
              }
            />
            <Button variant="link" onClick={() => setPhones(phones.filter((_, i) => i !== index))}>
              {t('resources.form.removePhone', { number: p.number || index + 1 })}
            </Button>
          </div>
        ))}
        <Button
          variant="secondary"
          onClick={() =>
            setPhones([...phones, { number: '', extension: '', kind: 'voice', descriptionFr: '' }])
          }
        >
          {t('resources.form.addPhone')}
        </Button>
      </Fieldset>

      <Fieldset
        id="res-schedules"
        legend={t('resources.fields.schedules')}
        hint={t('resources.form.schedulesHint')}
      >
        {schedules.map((h, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own.
          <div key={index} className="res-row">
            <SelectField
              id={`res-weekday-${index}`}
              label={t('resources.fields.weekday')}
              value={String(h.weekday)}
              onChange={(event) =>
                setSchedules(
                  schedules.map((row, i) =>
                    i === index ? { ...row, weekday: Number(event.target.value) } : row,
                  ),
                )
              }
            >
              {WEEKDAYS.map((day) => (
                <option key={day} value={day}>
                  {t(`resources.weekdays.${day}`)}
                </option>
              ))}
            </SelectField>
            {(['opensAt', 'closesAt'] as const).map((key) => (
              <Field
                key={key}
                id={`res-${key}-${index}`}
                label={t(`resources.fields.${key}`)}
                type="time"
                value={h[key]}
                error={fieldMessage(error, `schedules.${index}.${key}`)}
                onChange={(event) =>
                  setSchedules(
                    schedules.map((row, i) => (i === index ? { ...row, [key]: event.target.value } : row)),
                  )
                }
              />
            ))}
            <Button variant="link" onClick={() => setSchedules(schedules.filter((_, i) => i !== index))}>
              {t('resources.form.removeHours', { day: t(`resources.weekdays.${h.weekday}`) })}
            </Button>
          </div>
        ))}
        <Button
          variant="secondary"
          onClick={() =>
            setSchedules([...schedules, { weekday: 1, opensAt: '09:00', closesAt: '17:00', noteFr: '' }])
          }
        >
          {t('resources.form.addHours')}
        </Button>
      </Fieldset>

      <Button type="submit" pending={pending}>
        {t('resources.form.save')}
      </Button>
    </form>
  );
}

/** A new service. */
export function NewServicePage() {
  const { t } = useTranslation();
  return (
    <Page title={t('resources.form.newTitle')}>
      <ServiceForm />
    </Page>
  );
}

/** A service's edit form (bilingual texts, taxonomy, ages, hours, phones); saving also confirms it. */
export function EditServicePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const service = useApiData<ServiceDetail>(`/resources/services/${encodeURIComponent(id)}`);
  if (service.error) return <LoadErrorPage error={service.error} />;
  if (!service.data) return <LoadingPage />;
  return (
    <Page
      title={t('resources.form.editTitle', { name: service.data.name })}
      lead={t('resources.form.editLead')}
    >
      <ServiceForm service={service.data} />
      <ServiceLocations service={service.data} onSaved={service.setData} />
    </Page>
  );
}
