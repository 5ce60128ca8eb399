import { useState } from 'react';
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
import { useForm } from '../../app/form';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession, useSignedIn } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import {
  Checkbox,
  CheckboxGroup,
  ChoiceField,
  choices,
  Field,
  Fieldset,
  TextAreaField,
} from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { languageName, NumberField } from './parts';
import { ServiceLocations } from './service-locations';

const BILINGUAL = ['name', 'description', 'eligibility', 'application', 'fees'] as const;
type Bilingual = (typeof BILINGUAL)[number];
type TextKey = `${Bilingual}${'Fr' | 'En'}`;

/** A phone line being edited; its English description and languages, not on the form, are kept. */
interface PhoneRow {
  number: string;
  extension: string;
  kind: 'voice' | 'text' | 'hotline' | 'fax';
  descriptionFr: string;
  descriptionEn: string | null;
  languages: string[];
}
/** A row of weekly hours being edited; its English note, not on the form, is kept. */
interface ScheduleRow {
  weekday: number;
  opensAt: string;
  closesAt: string;
  noteFr: string;
  noteEn: string | null;
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
  free: 'res-free',
  safePlace: 'res-safePlace',
  public: 'res-public',
  alwaysOpen: 'res-alwaysOpen',
  ...Object.fromEntries(
    BILINGUAL.flatMap((k) => [
      [`${k}Fr`, `res-${k}-fr`],
      [`${k}En`, `res-${k}-en`],
    ]),
  ),
};
const fieldId = (field: string) => ID[field] ?? ID[field.split('.')[0] ?? ''];

const FLAGS = ['free', 'safePlace', 'public', 'acceptsReferrals', 'alwaysOpen'] as const;
const GROUPS = ['taxonomy', 'audiences', 'genders', 'languages'] as const;
const PHONE_KINDS = ['voice', 'text', 'hotline', 'fax'] as const;

function ServiceForm({ service }: { service?: ServiceDetail }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const session = useSignedIn();
  const { can } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const ownOrganisation = session.person.organisation.id;
  const organisations = useApiData<ResourceOrganisationList>(service ? null : '/resources/organisations');
  const form = useForm(
    () => ({
      organisationId: params.get('organisation') ?? '',
      keeper: service ? (service.keeperOrganisationId ?? '') : ownOrganisation,
      ...textsOf(service),
      taxonomy: service?.taxonomy ?? [],
      audiences: service?.audiences ?? [],
      genders: service?.genders ?? [],
      languages: service?.languages ?? ['fr'],
      minAge: service?.minAge?.toString() ?? '',
      maxAge: service?.maxAge?.toString() ?? '',
      region: service?.region ?? '',
      url: service?.url ?? '',
      email: service?.email ?? '',
      responseDays: String(service?.responseDays ?? 2),
      free: service?.free ?? true,
      alwaysOpen: service?.alwaysOpen ?? false,
      safePlace: service?.safePlace ?? false,
      public: service?.public ?? false,
      acceptsReferrals: service?.acceptsReferrals ?? false,
    }),
    fieldId,
  );
  const { values } = form;
  const [phones, setPhones] = useState<PhoneRow[]>(
    (service?.phones ?? []).map((p) => ({
      number: p.number,
      extension: p.extension?.toString() ?? '',
      kind: p.kind,
      descriptionFr: p.descriptionFr ?? '',
      descriptionEn: p.descriptionEn,
      languages: p.languages,
    })),
  );
  const [schedules, setSchedules] = useState<ScheduleRow[]>(
    (service?.schedules ?? []).map((h) => ({
      weekday: h.weekday,
      opensAt: h.opensAt,
      closesAt: h.closesAt,
      noteFr: h.noteFr ?? '',
      noteEn: h.noteEn,
    })),
  );
  const setPhone = (index: number, change: Partial<PhoneRow>) =>
    setPhones(phones.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const setSchedule = (index: number, change: Partial<ScheduleRow>) =>
    setSchedules(schedules.map((row, i) => (i === index ? { ...row, ...change } : row)));
  /** Binds one group of checkboxes to its list of values and its API error. */
  const group = (key: (typeof GROUPS)[number]) => ({
    id: fieldId(key) ?? key,
    value: values[key],
    error: fieldMessage(form.error, key),
    onChange: (value: string[]) => form.set(key, value),
  });

  const keeperChoices = [
    ...(service?.keeperOrganisationId && service.keeperOrganisationId !== ownOrganisation
      ? [{ value: service.keeperOrganisationId, label: t('resources.form.currentKeeper') }]
      : []),
    { value: ownOrganisation, label: session.person.organisation.name },
    ...(can('resources.settings') ? [{ value: '', label: t('resources.form.tableKeeps') }] : []),
  ];
  const number = (value: string) => (value.trim() === '' ? null : Number(value));
  const onSubmit = form.onSubmit(async () => {
    const body = {
      keeperOrganisationId: values.keeper === '' ? null : values.keeper,
      // French name and description are always sent; an empty optional text is sent as null.
      ...Object.fromEntries(
        Object.entries(textsOf(undefined)).map(([key]) => {
          const value = values[key as TextKey];
          return [key, key === 'nameFr' || key === 'descriptionFr' || value.trim() !== '' ? value : null];
        }),
      ),
      ...Object.fromEntries(GROUPS.map((key) => [key, values[key]])),
      minAge: number(values.minAge),
      maxAge: number(values.maxAge),
      region: values.region,
      url: values.url || null,
      email: values.email || null,
      responseDays: Number(values.responseDays) || 2,
      ...Object.fromEntries(FLAGS.map((flag) => [flag, values[flag]])),
    };
    // The service, its phone lines and its hours go together: saved in one transaction or not at all.
    const parts = {
      phones: phones
        .filter((p) => p.number.trim() !== '')
        .map((p) => ({
          number: p.number,
          extension: number(p.extension),
          kind: p.kind,
          descriptionFr: p.descriptionFr || null,
          descriptionEn: p.descriptionEn,
          languages: p.languages,
        })),
      schedules: schedules.map((h) => ({
        weekday: h.weekday,
        opensAt: h.opensAt,
        closesAt: h.closesAt,
        noteFr: h.noteFr || null,
        noteEn: h.noteEn,
      })),
    };
    const saved = service
      ? await api.put<ServiceDetail>(`/resources/services/${service.id}`, {
          ...body,
          ...parts,
          version: service.version,
        })
      : await api.post<ServiceDetail>('/resources/services', {
          ...body,
          ...parts,
          organisationId: values.organisationId,
        });
    navigate(`/repertoire/services/${saved.id}`);
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={form.error} fieldId={fieldId} />
      {service ? null : (
        <ChoiceField
          label={t('resources.fields.organisation')}
          required
          placeholder={t('resources.form.chooseOrganisation')}
          options={(organisations.data?.items ?? [])
            .filter((o) => o.canKeep)
            .map((o) => ({ value: o.id, label: o.name }))}
          {...form.field('organisationId')}
        />
      )}
      <ChoiceField
        label={t('resources.fields.keeper')}
        options={keeperChoices}
        {...form.field('keeper', 'keeperOrganisationId')}
      />
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
                  label={t(`resources.form.in${lang}`)}
                  required={name === 'nameFr'}
                  {...form.field(name)}
                />
              );
            })}
          </Fieldset>
        );
      })}
      <CheckboxGroup
        legend={t('resources.fields.taxonomy')}
        options={choices(RESOURCE_TAXONOMY, (code) => t(`resources.taxonomy.${code}`))}
        {...group('taxonomy')}
      />
      <CheckboxGroup
        legend={t('resources.fields.audiences')}
        options={choices(RESOURCE_AUDIENCES, (code) => t(`resources.audiences.${code}`))}
        {...group('audiences')}
      />
      <CheckboxGroup
        legend={t('resources.fields.genders')}
        hint={t('resources.form.gendersHint')}
        options={choices(RESOURCE_GENDERS, (code) => t(`resources.genders.${code}`))}
        {...group('genders')}
      />
      {(['minAge', 'maxAge'] as const).map((key) => (
        <NumberField key={key} label={t(`resources.fields.${key}`)} min={0} max={120} {...form.field(key)} />
      ))}
      <CheckboxGroup
        legend={t('resources.fields.languages')}
        options={choices(RESOURCE_LANGUAGES, (code) => languageName(code, locale))}
        {...group('languages')}
      />
      <Field label={t('resources.fields.region')} required {...form.field('region')} />
      <Field label={t('resources.fields.url')} type="url" {...form.field('url')} />
      <Field label={t('resources.fields.email')} type="email" {...form.field('email')} />
      <Fieldset id="res-flags" legend={t('resources.form.flags')}>
        {FLAGS.map((flag) => (
          <Checkbox key={flag} label={t(`resources.fields.${flag}`)} {...form.check(flag)} />
        ))}
      </Fieldset>
      <NumberField
        label={t('resources.fields.responseDays')}
        min={1}
        max={14}
        {...form.field('responseDays')}
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
              error={fieldMessage(form.error, `phones.${index}.number`)}
              onChange={(event) => setPhone(index, { number: event.target.value })}
            />
            <ChoiceField
              id={`res-phone-kind-${index}`}
              label={t('resources.fields.kind')}
              options={choices(PHONE_KINDS, (kind) => t(`resources.phoneKinds.${kind}`))}
              value={p.kind}
              onChange={(event) => setPhone(index, { kind: event.target.value as PhoneRow['kind'] })}
            />
            <Field
              id={`res-phone-note-${index}`}
              label={t('resources.fields.phoneNote')}
              value={p.descriptionFr}
              onChange={(event) => setPhone(index, { descriptionFr: event.target.value })}
            />
            <Button variant="link" onClick={() => setPhones(phones.filter((_, i) => i !== index))}>
              {t('resources.form.removePhone', { number: p.number || index + 1 })}
            </Button>
          </div>
        ))}
        <Button
          variant="secondary"
          onClick={() =>
            setPhones([
              ...phones,
              {
                number: '',
                extension: '',
                kind: 'voice',
                descriptionFr: '',
                descriptionEn: null,
                languages: [],
              },
            ])
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
            <ChoiceField
              id={`res-weekday-${index}`}
              label={t('resources.fields.weekday')}
              options={choices(WEEKDAYS.map(String), (day) => t(`resources.weekdays.${day}`))}
              value={String(h.weekday)}
              onChange={(event) => setSchedule(index, { weekday: Number(event.target.value) })}
            />
            {(['opensAt', 'closesAt'] as const).map((key) => (
              <Field
                key={key}
                id={`res-${key}-${index}`}
                label={t(`resources.fields.${key}`)}
                type="time"
                value={h[key]}
                error={fieldMessage(form.error, `schedules.${index}.${key}`)}
                onChange={(event) => setSchedule(index, { [key]: event.target.value })}
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
            setSchedules([
              ...schedules,
              { weekday: 1, opensAt: '09:00', closesAt: '17:00', noteFr: '', noteEn: null },
            ])
          }
        >
          {t('resources.form.addHours')}
        </Button>
      </Fieldset>

      <Button type="submit" pending={form.pending}>
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
