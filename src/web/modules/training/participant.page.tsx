import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { OutsideParticipant } from '../../../shared/contracts/training';
import { OUTSIDE_TYPES } from '../../../shared/contracts/training.values';
import { api, fieldMessage } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { ChoiceField, choices, Field } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { CertificateCell } from './parts';
import { formatDay } from './training.types';

const FIELDS = ['fullName', 'email', 'organisationName', 'organisationType', 'profession', 'locale'] as const;
type FieldName = (typeof FIELDS)[number];
type Values = Record<FieldName, string>;

function valuesOf(participant: OutsideParticipant): Values {
  return {
    fullName: participant.fullName,
    email: participant.email,
    organisationName: participant.organisationName ?? '',
    organisationType: participant.organisationType,
    profession: participant.profession ?? '',
    locale: participant.locale,
  };
}

const isField = (field: string): field is FieldName => (FIELDS as readonly string[]).includes(field);
const fieldId = (field: string) => (isField(field) ? `training-participant-${field}` : undefined);

/**
 * The correction form: only what differs from the record is sent; each problem the server reports
 * shows next to its field and in the summary, which links to it.
 */
function Correction({
  participant,
  onSaved,
}: {
  participant: OutsideParticipant;
  onSaved: (saved: OutsideParticipant) => void;
}) {
  const { t } = useTranslation();
  const { run, pending, error, setError } = useAction();
  const [values, setValues] = useState<Values>(() => valuesOf(participant));
  const [done, setDone] = useState<string | null>(null);
  const set = (field: FieldName) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const recorded = valuesOf(participant);
    const changes: Partial<Values> = {};
    for (const field of FIELDS) {
      const value = values[field].trim();
      if (value !== recorded[field]) changes[field] = value;
    }
    if (Object.keys(changes).length === 0) {
      setError(undefined);
      setDone(t('training.participant.unchanged'));
      return;
    }
    void run(async () => {
      const saved = await api.patch<OutsideParticipant>(
        `/training/participants/${encodeURIComponent(participant.id)}`,
        changes,
      );
      setValues(valuesOf(saved));
      setDone(t('training.participant.saved'));
      onSaved(saved);
    });
  };

  const text = (field: 'fullName' | 'organisationName' | 'profession', max: number, hint?: string) => (
    <Field
      id={fieldId(field)!}
      label={t(`training.participant.fields.${field}`)}
      hint={hint}
      value={values[field]}
      onChange={set(field)}
      maxLength={max}
      autoComplete="off"
      error={fieldMessage(error, field)}
    />
  );
  // A type the form no longer offers stays choosable, so saving another field does not change it.
  const types: readonly string[] = OUTSIDE_TYPES.includes(
    participant.organisationType as (typeof OUTSIDE_TYPES)[number],
  )
    ? OUTSIDE_TYPES
    : [...OUTSIDE_TYPES, participant.organisationType];
  return (
    <section className="section" aria-labelledby="training-participant-correction">
      <h2 id="training-participant-correction">{t('training.participant.correction')}</h2>
      <p>{t('training.participant.correctionLead')}</p>
      <form className="narrow" onSubmit={submit} noValidate>
        <ErrorSummary error={error} fieldId={fieldId} />
        <StatusMessage>{done}</StatusMessage>
        {text('fullName', 200, t('training.participant.nameHint'))}
        <Field
          id={fieldId('email')!}
          type="email"
          label={t('training.participant.fields.email')}
          hint={t('training.participant.emailHint')}
          value={values.email}
          onChange={set('email')}
          maxLength={254}
          autoComplete="off"
          spellCheck={false}
          error={fieldMessage(error, 'email')}
        />
        {text('organisationName', 200)}
        <ChoiceField
          id={fieldId('organisationType')!}
          label={t('training.participant.fields.organisationType')}
          value={values.organisationType}
          onChange={set('organisationType')}
          error={fieldMessage(error, 'organisationType')}
          options={choices(types, (type) => t(`training.outsideTypes.${type}`, { defaultValue: type }))}
        />
        {text('profession', 120)}
        <ChoiceField
          id={fieldId('locale')!}
          label={t('training.participant.fields.locale')}
          hint={t('training.participant.localeHint')}
          value={values.locale}
          onChange={set('locale')}
          error={fieldMessage(error, 'locale')}
          options={choices(['fr-CA', 'en-CA'] as const, (code) => t(`locales.${code}`))}
        />
        <Button type="submit" pending={pending}>
          {t('training.participant.save')}
        </Button>
      </form>
    </section>
  );
}

/**
 * An outside professional's record (registered through an invitation link, no account): the table
 * corrects anyone's, a trainer those of the sessions they give; the registrations and certificates
 * shown are those the reader may see. The server answers 404 for anyone else, and for members.
 */
export function ParticipantPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const locale = currentLocale();
  const participant = useApiData<OutsideParticipant>(`/training/participants/${encodeURIComponent(id)}`);
  if (!participant.data)
    return participant.error ? <LoadErrorPage error={participant.error} /> : <LoadingPage />;
  const p = participant.data;
  return (
    <Page title={p.fullName} lead={t('training.participant.lead')}>
      {/* Keyed by the record: another participant's page starts from their own values. */}
      <Correction key={p.id} participant={p} onSaved={participant.setData} />
      <section className="section" aria-labelledby="training-participant-registrations">
        <h2 id="training-participant-registrations">{t('training.participant.registrations')}</h2>
        <DataTable
          caption={t('training.participant.registrationsCaption', { count: p.registrations.length })}
          columns={[t('training.fields.course'), t('training.fields.startsAt'), t('training.fields.status')]}
          rows={p.registrations}
          empty={t('training.participant.noRegistration')}
        >
          {(r) => (
            <tr key={r.id}>
              <th scope="row">
                <Link to={`/formation/sessions/${encodeURIComponent(r.sessionId)}`}>{r.courseTitle}</Link>
              </th>
              <td>{formatDateTime(r.startsAt, locale)}</td>
              <td>
                {t(`training.status.${r.status}`)}
                {r.sessionStatus === 'planned' ? '' : ` (${t(`training.sessionStatus.${r.sessionStatus}`)})`}
              </td>
            </tr>
          )}
        </DataTable>
      </section>
      <section className="section" aria-labelledby="training-participant-certificates">
        <h2 id="training-participant-certificates">{t('training.participant.certificates')}</h2>
        <DataTable
          caption={t('training.participant.certificatesCaption', { count: p.completions.length })}
          columns={[
            t('training.fields.course'),
            t('training.fields.completedOn'),
            t('training.fields.expiresOn'),
            t('training.fields.certificate'),
          ]}
          rows={p.completions}
          empty={t('training.participant.noCertificate')}
        >
          {(c) => (
            <tr key={c.id}>
              <th scope="row">{c.courseTitle}</th>
              <td>{formatDay(c.completedOn, locale)}</td>
              <td>{c.expiresOn ? formatDay(c.expiresOn, locale) : '—'}</td>
              <CertificateCell
                completion={c}
                label={t('training.participant.download', { course: c.courseTitle })}
              />
            </tr>
          )}
        </DataTable>
      </section>
    </Page>
  );
}
