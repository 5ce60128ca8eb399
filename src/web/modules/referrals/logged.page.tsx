import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type {
  LoggedReferralInput,
  ReferralDetail,
  SubjectSummary,
} from '../../../shared/contracts/referrals';
import type { ServiceDetail, ServiceSearchResult } from '../../../shared/contracts/resources';
import { REFERRAL_OUTCOMES, REFERRAL_STATUSES } from '../../../shared/contracts/resources.values';
import { api, fieldMessage, withQuery } from '../../app/api';
import { useForm } from '../../app/form';
import { useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { ChoiceField, choices, Field, Fieldset, Radio, TextAreaField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { localProblem, today } from './parts';
import { emptySubject, type SubjectDraft, subjectInput, subjectProblems } from './subject-fields';
import { type SubjectMode, SubjectStep } from './subject-step';

interface Values {
  where: 'directory' | 'elsewhere';
  serviceId: string;
  serviceName: string;
  sentOn: string;
  status: string;
  outcome: string;
  note: string;
}

const SUBJECT_FIELDS = new Set(Object.keys(emptySubject));
const fieldIdOf = (field: string) => {
  const head = field.split('.')[0] ?? field;
  return SUBJECT_FIELDS.has(head) ? `logged-subject-${head}` : `logged-${head}`;
};

interface LoggedReferralFormProps {
  /** The person, when the form is on their page; otherwise the form asks who. */
  subjectId: string | null;
  /** The service, when the form comes from its page; otherwise a directory service or a name. */
  service: ServiceDetail | null;
  onDone: (referral: ReferralDetail) => void;
}

/**
 * A referral made off Filet (by phone, to a service that is not on it), recorded so the person's
 * trajectory stays whole: nothing is disclosed through Filet.
 */
export function LoggedReferralForm({ subjectId, service, onDone }: LoggedReferralFormProps) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<SubjectMode>('pick');
  const [picked, setPicked] = useState<SubjectSummary | null>(null);
  const [draft, setDraft] = useState<SubjectDraft>(emptySubject);
  const recorded = useRef<string | null>(null);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState<string | null>(null);
  const found = useApiData<ServiceSearchResult>(
    q === null ? null : withQuery('/resources/services', { q: q || null, limit: 20 }),
  );
  const form = useForm<Values>(
    {
      where: 'directory',
      serviceId: '',
      serviceName: '',
      sentOn: today(),
      status: 'sent',
      outcome: '',
      note: '',
    },
    fieldIdOf,
  );
  const v = form.values;
  const onSubmit = form.onSubmit(async () => {
    const problems: Array<{ field: string; message: string }> = [];
    if (!subjectId && mode === 'pick' && !picked) {
      problems.push({ field: 'subjectId', message: t('referrals.form.needPerson') });
    }
    if (!subjectId && mode === 'new') problems.push(...subjectProblems(draft, t));
    if (!service && v.where === 'directory' && !v.serviceId) {
      problems.push({ field: 'serviceId', message: t('referrals.logged.needService') });
    }
    if (!service && v.where === 'elsewhere' && !v.serviceName.trim()) {
      problems.push({ field: 'serviceName', message: t('referrals.logged.needServiceName') });
    }
    // The server refuses a completed referral without what came of it.
    if (v.status === 'completed' && !v.outcome) {
      problems.push({ field: 'outcome', message: t('referrals.logged.needOutcome') });
    }
    if (problems.length > 0) throw localProblem(problems);
    let person = subjectId ?? (mode === 'pick' ? (picked?.id ?? null) : recorded.current);
    if (!person) {
      person = (await api.post<{ id: string }>('/referrals/subjects', subjectInput(draft))).id;
      recorded.current = person;
    }
    const body: LoggedReferralInput = {
      subjectId: person,
      ...(service
        ? { serviceId: service.id }
        : v.where === 'directory'
          ? { serviceId: v.serviceId }
          : { serviceName: v.serviceName.trim() }),
      sentOn: v.sentOn,
      status: v.status as LoggedReferralInput['status'],
      outcome: (v.outcome || null) as LoggedReferralInput['outcome'],
      note: v.note.trim() || null,
    };
    onDone(await api.post<ReferralDetail>('/referrals/logged', body));
  });

  return (
    <form className="form narrow" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={form.error} fieldId={fieldIdOf} />
      {subjectId ? null : (
        <SubjectStep
          prefix="logged"
          mode={mode}
          setMode={setMode}
          picked={picked}
          onPick={setPicked}
          draft={draft}
          setDraft={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
          error={form.error}
        />
      )}
      {service ? (
        <p>
          {t('referrals.logged.toService', {
            service: service.name,
            organisation: service.organisation.name,
          })}
        </p>
      ) : (
        <>
          <Fieldset id="logged-where" legend={t('referrals.logged.where')}>
            <Radio
              id="logged-where-directory"
              name="logged-where"
              label={t('referrals.logged.directory')}
              checked={v.where === 'directory'}
              onChange={() => form.set('where', 'directory')}
            />
            <Radio
              id="logged-where-elsewhere"
              name="logged-where"
              label={t('referrals.logged.elsewhere')}
              checked={v.where === 'elsewhere'}
              onChange={() => form.set('where', 'elsewhere')}
            />
          </Fieldset>
          {v.where === 'directory' ? (
            <>
              <div className="ref-search-row">
                <Field
                  id="logged-service-q"
                  type="search"
                  label={t('referrals.logged.serviceSearch')}
                  maxLength={200}
                  value={typed}
                  onChange={(event) => setTyped(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') {
                      event.preventDefault();
                      setQ(typed.trim());
                    }
                  }}
                />
                <Button variant="secondary" onClick={() => setQ(typed.trim())}>
                  {t('referrals.form.personSearchButton')}
                </Button>
              </div>
              {found.data ? (
                <ChoiceField
                  id="logged-serviceId"
                  label={t('referrals.logged.service')}
                  placeholder={
                    found.data.items.length === 0
                      ? t('referrals.logged.noService')
                      : t('referrals.logged.chooseService')
                  }
                  options={found.data.items.map((s) => ({
                    value: s.id,
                    label: `${s.name} — ${s.organisationName}`,
                  }))}
                  error={fieldMessage(form.error, 'serviceId')}
                  value={v.serviceId}
                  onChange={(event) => form.set('serviceId', event.target.value)}
                />
              ) : null}
            </>
          ) : (
            <Field label={t('referrals.logged.serviceName')} maxLength={200} {...form.field('serviceName')} />
          )}
        </>
      )}
      <Field type="date" label={t('referrals.logged.sentOn')} {...form.field('sentOn')} />
      <ChoiceField
        label={t('referrals.fields.status')}
        hint={v.status === 'declined' ? t('referrals.logged.declinedHint') : undefined}
        options={choices(REFERRAL_STATUSES, (s) => t(`referrals.statuses.${s}`))}
        {...form.field('status')}
      />
      <ChoiceField
        label={
          v.status === 'completed' ? t('referrals.logged.outcomeRequired') : t('referrals.fields.outcome')
        }
        required={v.status === 'completed'}
        placeholder={t('referrals.logged.noOutcome')}
        options={choices(REFERRAL_OUTCOMES, (o) => t(`referrals.outcomes.${o}`))}
        {...form.field('outcome')}
      />
      <TextAreaField label={t('referrals.logged.note')} maxLength={2000} {...form.field('note')} />
      <Button type="submit" pending={form.pending}>
        {t('referrals.logged.submit')}
      </Button>
    </form>
  );
}

/** Recording a referral made off Filet, from a service's page (a service Filet cannot refer to). */
export function LoggedReferralPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const serviceId = params.get('service');
  // Coming from a person's page (`pour`), the referral is theirs: the form skips choosing the person.
  const forSubject = params.get('pour');
  const service = useApiData<ServiceDetail>(
    serviceId ? `/resources/services/${encodeURIComponent(serviceId)}` : null,
  );
  if (service.error) return <LoadErrorPage error={service.error} />;
  if (serviceId && !service.data) return <LoadingPage />;
  return (
    <Page title={t('referrals.logged.title')} lead={t('referrals.logged.lead')}>
      <LoggedReferralForm
        subjectId={forSubject}
        service={service.data ?? null}
        onDone={(referral) =>
          navigate(`/references/${encodeURIComponent(referral.id)}`, { state: { sent: true } })
        }
      />
      <p>
        <Link to={serviceId ? `/repertoire/services/${encodeURIComponent(serviceId)}` : '/references'}>
          {t('referrals.referral.back')}
        </Link>
      </p>
    </Page>
  );
}
