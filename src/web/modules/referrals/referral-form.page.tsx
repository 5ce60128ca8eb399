import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Organisation } from '../../../shared/contracts/accounts';
import type {
  ReferralDetail,
  ReferralInput,
  SubjectDetail,
  SubjectSummary,
} from '../../../shared/contracts/referrals';
import type { ServiceDetail } from '../../../shared/contracts/resources';
import {
  CONSENT_DEFAULT_DAYS,
  CONSENT_MAX_DAYS,
  CONSENT_MIN_AGE,
  type ConsentGiver,
  DISCLOSABLE_FIELDS,
  type DisclosableField,
} from '../../../shared/contracts/resources.values';
import { ApiError, api, fieldMessage, withQuery } from '../../app/api';
import { useForm } from '../../app/form';
import { useApiData } from '../../app/hooks';
import { useSession, useSignedIn } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Checkbox, Field, Fieldset, Radio, TextAreaField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { addDays, ageOn, localProblem, today } from './parts';
import { followingEnd } from './subject-changes';
import { emptySubject, type SubjectDraft, subjectInput, subjectProblems } from './subject-fields';
import { type SubjectMode, SubjectStep } from './subject-step';

/**
 * The fields the form ticks to begin with: the name, without which the service cannot recognise the
 * person. How to reach them is the worker's choice (without it the service goes through the sender).
 */
export const MINIMUM_DISCLOSURE: readonly DisclosableField[] = ['name'];
/** Fields whose disclosure is a text written here. */
const WRITTEN = ['situation', 'needs', 'risks'] as const;
type Written = (typeof WRITTEN)[number];
const isWritten = (field: DisclosableField): field is Written =>
  (WRITTEN as readonly string[]).includes(field);
const WRITTEN_MAX: Record<Written, number> = { situation: 4000, needs: 2000, risks: 2000 };

const SUBJECT_FIELDS = new Set(Object.keys(emptySubject));

/** The input of an API field (the subject's, the consent's, the referral's). */
function fieldIdOf(field: string): string {
  const [head = field, sub] = field.split('.');
  if (SUBJECT_FIELDS.has(head)) return `ref-subject-${head}`;
  if (head === 'consent' || head === 'consentId') return `ref-consent-${sub ?? 'givenBy'}`;
  if (head === 'disclosedFields') return 'ref-disclosed';
  return `ref-${head}`;
}

/** Regions compared as the server compares them (a mismatch the server sees otherwise still shows the field). */
const sameRegion = (a: string, b: string) => a === b;

interface Values {
  givenBy: ConsentGiver | '';
  givenOn: string;
  expiresOn: string;
  justification: string;
  disclosed: DisclosableField[];
  situation: string;
  needs: string;
  risks: string;
  outOfRegionReason: string;
}

/**
 * A referral to one service of the directory, on one page: the person (followed already, or written
 * down here), their consent first (who gave it, when, until when), then only the details the service
 * needs, and why a service of another region when it is one. Nothing is sent until everything the form
 * can check holds; the referral's page follows.
 */
export function ReferralFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const session = useSignedIn();
  const [params] = useSearchParams();
  const serviceId = params.get('service') ?? '';
  const service = useApiData<ServiceDetail>(
    serviceId ? `/resources/services/${encodeURIComponent(serviceId)}` : null,
  );
  const organisation = useApiData<Organisation>(
    `/organisations/${encodeURIComponent(session.person.organisation.id)}`,
  );
  // The partner that keeps the service receives the details: the consent is given for it.
  const keeperId = service.data?.keeperOrganisationId ?? null;
  const keeper = useApiData<Organisation>(keeperId ? `/organisations/${encodeURIComponent(keeperId)}` : null);
  // Coming from a person's page: that person is referred (read for this purpose, like any opening).
  const forId = params.get('pour') ?? '';
  const forSubject = useApiData<SubjectDetail>(
    forId
      ? withQuery(`/referrals/subjects/${encodeURIComponent(forId)}`, {
          purpose: t('referrals.purposes.subject.refer'),
        })
      : null,
  );
  const [mode, setMode] = useState<SubjectMode>('pick');
  const [picked, setPicked] = useState<SubjectSummary | null>(null);
  const preselected = forSubject.data;
  useEffect(() => {
    if (!preselected) return;
    setPicked({
      id: preselected.id,
      kind: preselected.kind,
      displayName:
        preselected.preferredName ||
        [preselected.givenName, preselected.familyName].filter(Boolean).join(' '),
      age: preselected.age,
      openReferrals: 0,
      lastReferralAt: null,
      createdAt: new Date().toISOString(),
    });
    setMode('pick');
  }, [preselected]);
  const [draft, setDraft] = useState<SubjectDraft>(emptySubject);
  const [askRegion, setAskRegion] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  // The person recorded by an earlier try whose referral was refused: never recorded twice.
  const recorded = useRef<SubjectSummary | null>(null);
  const start = today();
  const form = useForm<Values>(
    {
      givenBy: '',
      givenOn: start,
      expiresOn: addDays(start, CONSENT_DEFAULT_DAYS),
      justification: '',
      disclosed: [...MINIMUM_DISCLOSURE],
      situation: '',
      needs: '',
      risks: '',
      outOfRegionReason: '',
    },
    fieldIdOf,
  );

  if (!serviceId)
    return <LoadErrorPage error={new ApiError(404, 'not_found', t('referrals.form.noService'))} />;
  if (service.error) return <LoadErrorPage error={service.error} />;
  const s = service.data;
  if (!s) return <LoadingPage />;

  const title = t('referrals.form.title', { service: s.name });
  // Until the keeper's name is known, the organisation that gives the service names the receiver.
  const receiver = keeper.data?.name ?? s.organisation.name;
  if (!s.acceptsReferrals || !s.keeperOrganisationId) {
    return (
      <Page title={title}>
        <p className="notice">{t('referrals.form.notThroughFilet')}</p>
        <p className="button-row">
          <Link
            className="button button-primary"
            to={`/references/consigner?service=${encodeURIComponent(s.id)}`}
          >
            {t('referrals.logged.action')}
          </Link>
          <Link to={`/repertoire/services/${encodeURIComponent(s.id)}`}>
            {t('referrals.form.backToService')}
          </Link>
        </p>
      </Page>
    );
  }

  const kind = mode === 'new' ? draft.kind : (picked?.kind ?? null);
  const age =
    mode === 'new' ? (draft.kind === 'youth' ? ageOn(draft.birthDate) : null) : (picked?.age ?? null);
  const youthTooYoung = kind === 'youth' && age !== null && age < CONSENT_MIN_AGE;
  const givers: ConsentGiver[] = [
    ...(kind === 'parent' ? [] : (['youth'] as const)),
    'parent',
    ...(can('referrals.override') ? (['override'] as const) : []),
  ];
  const otherRegion =
    askRegion ||
    Boolean(fieldMessage(form.error, 'outOfRegionReason')) ||
    (organisation.data !== undefined && !sameRegion(organisation.data.region, s.region));
  const v = form.values;
  const toggle = (field: DisclosableField, checked: boolean) =>
    form.set('disclosed', checked ? [...v.disclosed, field] : v.disclosed.filter((f) => f !== field));

  const onSubmit = form.onSubmit(async () => {
    setSaid(null);
    const problems: Array<{ field: string; message: string }> = [];
    if (mode === 'pick' && !picked)
      problems.push({ field: 'subjectId', message: t('referrals.form.needPerson') });
    if (mode === 'new') problems.push(...subjectProblems(draft, t));
    if (!v.givenBy) problems.push({ field: 'consent.givenBy', message: t('referrals.form.needConsent') });
    if (v.givenBy === 'youth' && youthTooYoung) {
      problems.push({
        field: 'consent.givenBy',
        message: t('referrals.form.tooYoung', { age: CONSENT_MIN_AGE }),
      });
    }
    if (v.givenBy === 'override' && v.justification.trim().length < 10) {
      problems.push({ field: 'consent.justification', message: t('referrals.form.needJustification') });
    }
    if (v.disclosed.length === 0)
      problems.push({ field: 'disclosedFields', message: t('referrals.form.needFields') });
    if (problems.length > 0) throw localProblem(problems);

    let subject = mode === 'pick' ? picked : recorded.current;
    if (!subject) {
      const created = await api.post<{ id: string }>('/referrals/subjects', subjectInput(draft));
      subject = {
        id: created.id,
        kind: draft.kind,
        displayName: (draft.preferredName.trim() || [draft.givenName, draft.familyName].join(' ')).trim(),
        age,
        openReferrals: 0,
        lastReferralAt: null,
        createdAt: new Date().toISOString(),
      };
      recorded.current = subject;
      // From now on the form refers this person; a second try does not record them again.
      setPicked(subject);
      setMode('pick');
    }
    const body: ReferralInput = {
      subjectId: subject.id,
      serviceId: s.id,
      consent: {
        givenBy: v.givenBy as ConsentGiver,
        givenOn: v.givenOn,
        expiresOn: v.expiresOn,
        ...(v.givenBy === 'override' ? { justification: v.justification.trim() } : {}),
      },
      disclosedFields: DISCLOSABLE_FIELDS.filter((f) => v.disclosed.includes(f)),
      ...Object.fromEntries(
        WRITTEN.filter((f) => v.disclosed.includes(f)).map((f) => [f, v[f].trim() || null]),
      ),
      ...(otherRegion && v.outOfRegionReason.trim() ? { outOfRegionReason: v.outOfRegionReason.trim() } : {}),
    };
    try {
      const referral = await api.post<ReferralDetail>('/referrals', body);
      navigate(`/references/${encodeURIComponent(referral.id)}`, { state: { sent: true } });
    } catch (reason) {
      if (reason instanceof ApiError && reason.details.some((d) => d.field === 'outOfRegionReason'))
        setAskRegion(true);
      if (recorded.current && mode === 'new')
        setSaid(t('referrals.form.personKept', { name: subject.displayName }));
      throw reason;
    }
  });

  return (
    <Page title={title} lead={t('referrals.form.lead', { organisation: receiver, days: s.responseDays })}>
      <form className="form ref-form" onSubmit={onSubmit} noValidate>
        <ErrorSummary error={form.error} fieldId={fieldIdOf} />
        <StatusMessage>{said}</StatusMessage>

        <section aria-labelledby="ref-step-person">
          <h2 id="ref-step-person">{t('referrals.form.stepPerson')}</h2>
          <ErrorSummary error={forSubject.error} />
          {picked && mode === 'pick' ? (
            <p className="notice">{t('referrals.form.personPicked', { name: picked.displayName })}</p>
          ) : null}
          <SubjectStep
            prefix="ref"
            mode={mode}
            setMode={setMode}
            picked={picked}
            onPick={setPicked}
            draft={draft}
            setDraft={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
            error={form.error}
          />
        </section>

        <section aria-labelledby="ref-step-consent">
          <h2 id="ref-step-consent">{t('referrals.form.stepConsent')}</h2>
          <p>{t('referrals.form.consentWhy', { organisation: receiver })}</p>
          <Fieldset
            id="ref-consent-givenBy"
            legend={t('referrals.form.givenBy')}
            hint={t('referrals.form.givenByHint', { age: CONSENT_MIN_AGE })}
            error={fieldMessage(form.error, 'consent.givenBy') ?? fieldMessage(form.error, 'consent')}
          >
            {givers.map((giver) => (
              <Radio
                key={giver}
                id={`ref-consent-${giver}`}
                name="ref-consent-giver"
                label={t(
                  `referrals.givers.${kind === 'parent' && giver === 'parent' ? 'parentSelf' : giver}`,
                )}
                checked={v.givenBy === giver}
                disabled={giver === 'youth' && youthTooYoung}
                onChange={() => form.set('givenBy', giver)}
              />
            ))}
            {youthTooYoung ? (
              <p className="field-hint">{t('referrals.form.tooYoung', { age: CONSENT_MIN_AGE })}</p>
            ) : null}
          </Fieldset>
          {v.givenBy === 'override' ? (
            <>
              <p className="notice">{t('referrals.form.overrideWarning')}</p>
              <TextAreaField
                label={t('referrals.form.justification')}
                hint={t('referrals.form.justificationHint')}
                required
                maxLength={2000}
                {...form.field('justification', 'consent.justification')}
              />
            </>
          ) : null}
          <div className="res-row">
            <Field
              type="date"
              label={t('referrals.form.givenOn')}
              required
              {...form.field('givenOn', 'consent.givenOn')}
              onChange={(event) => {
                const next = event.target.value;
                form.setValues((previous) => ({
                  ...previous,
                  givenOn: next,
                  expiresOn: followingEnd(previous.givenOn, next, previous.expiresOn),
                }));
              }}
            />
            <Field
              type="date"
              label={t('referrals.form.expiresOn')}
              hint={t('referrals.form.expiresOnHint', { days: CONSENT_DEFAULT_DAYS, max: CONSENT_MAX_DAYS })}
              required
              {...form.field('expiresOn', 'consent.expiresOn')}
            />
          </div>
        </section>

        <section aria-labelledby="ref-step-disclosure">
          <h2 id="ref-step-disclosure">{t('referrals.form.stepDisclosure')}</h2>
          <Fieldset
            id="ref-disclosed"
            legend={t('referrals.form.disclosed')}
            hint={t('referrals.form.disclosedHint')}
            error={fieldMessage(form.error, 'disclosedFields')}
          >
            <div className="checkbox-list">
              {DISCLOSABLE_FIELDS.map((field) => (
                <div key={field} className="ref-disclosable">
                  <Checkbox
                    id={`ref-disclose-${field}`}
                    label={t(`referrals.disclosable.${field}`)}
                    aria-describedby={`ref-disclose-${field}-hint`}
                    checked={v.disclosed.includes(field)}
                    onChange={(event) => toggle(field, event.target.checked)}
                  />
                  <p id={`ref-disclose-${field}-hint`} className="field-hint">
                    {t(`referrals.disclosableHints.${field}`)}
                  </p>
                  {isWritten(field) && v.disclosed.includes(field) ? (
                    <TextAreaField
                      label={t(`referrals.written.${field}`)}
                      maxLength={WRITTEN_MAX[field]}
                      {...form.field(field)}
                    />
                  ) : null}
                </div>
              ))}
            </div>
          </Fieldset>
        </section>

        {otherRegion ? (
          <section aria-labelledby="ref-step-region">
            <h2 id="ref-step-region">{t('referrals.form.stepRegion')}</h2>
            <TextAreaField
              label={t('referrals.form.outOfRegionReason')}
              hint={t('referrals.form.outOfRegionHint', { region: s.region })}
              maxLength={500}
              {...form.field('outOfRegionReason')}
            />
          </section>
        ) : null}

        <div className="button-row">
          <Button type="submit" pending={form.pending}>
            {t('referrals.form.submit')}
          </Button>
          <Link to={`/repertoire/services/${encodeURIComponent(s.id)}`}>{t('common.cancel')}</Link>
        </div>
      </form>
    </Page>
  );
}
