import { useTranslation } from 'react-i18next';
import type { OrganisationList } from '../../../shared/contracts/accounts';
import type { ConsentInput, ReferralConsent, SubjectDetail } from '../../../shared/contracts/referrals';
import {
  CONSENT_DEFAULT_DAYS,
  CONSENT_MAX_DAYS,
  CONSENT_MIN_AGE,
  type ConsentGiver,
} from '../../../shared/contracts/resources.values';
import { ApiError, api, fieldMessage } from '../../app/api';
import { useForm } from '../../app/form';
import { useApiData } from '../../app/hooks';
import { useSignedIn } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { ChoiceField, Field, Fieldset, Radio, TextAreaField } from '../../ui/field';
import { addDays, localProblem, today } from './parts';
import {
  type SubjectDraft,
  SubjectFields,
  subjectDraftOf,
  subjectProblems,
  subjectUpdate,
} from './subject-fields';

/**
 * The end of a consent that follows its start: while the end is still the default (the start plus the
 * default days), moving the start moves it along; an end the worker chose stays.
 */
export function followingEnd(previousStart: string, nextStart: string, end: string): string {
  const wasDefault = previousStart !== '' && end === addDays(previousStart, CONSENT_DEFAULT_DAYS);
  return wasDefault && /^\d{4}-\d{2}-\d{2}$/.test(nextStart) ? addDays(nextStart, CONSENT_DEFAULT_DAYS) : end;
}

interface SubjectEditFormProps {
  subject: SubjectDetail;
  /** The person as saved; null when someone changed them meanwhile (the page reloads them). */
  onSaved: (subject: SubjectDetail | null) => void;
  onCancel: () => void;
}

/**
 * Changing a person followed, at the version read: the contact preferences first. When someone changed
 * the person meanwhile the change is refused; the page reloads them and says so.
 */
export function SubjectEditForm({ subject, onSaved, onCancel }: SubjectEditFormProps) {
  const { t } = useTranslation();
  const form = useForm<SubjectDraft>(subjectDraftOf(subject), (field) => `subject-edit-${field}`);
  const onSubmit = form.onSubmit(async () => {
    const problems = subjectProblems(form.values, t);
    if (problems.length > 0) throw localProblem(problems);
    try {
      onSaved(
        await api.patch<SubjectDetail>(
          `/referrals/subjects/${encodeURIComponent(subject.id)}`,
          subjectUpdate(form.values, subject.version),
        ),
      );
    } catch (reason) {
      // The page reloads the person and says why; this form starts again from what they are now.
      if (reason instanceof ApiError && reason.status === 409) return onSaved(null);
      throw reason;
    }
  });
  return (
    <form className="form narrow" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <SubjectFields prefix="subject-edit" values={form.values} set={form.set} error={form.error} editing />
      <div className="button-row">
        <Button type="submit" pending={form.pending}>
          {t('referrals.subject.save')}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

interface ConsentValues {
  forOrganisationId: string;
  givenBy: ConsentGiver | '';
  givenOn: string;
  expiresOn: string;
  justification: string;
}

const consentFieldId = (field: string) => `consent-new-${field}`;

interface ConsentFormProps {
  subject: SubjectDetail;
  onRecorded: (consent: ReferralConsent) => void;
}

/**
 * A consent recorded on the person's page, for the partner organisation that keeps the service (the one
 * that will receive the details): who gave it, when, until when; without consent only for a coordinator,
 * with a justification the privacy officer reviews.
 */
export function ConsentForm({ subject, onRecorded }: ConsentFormProps) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const organisations = useApiData<OrganisationList>('/organisations');
  const start = today();
  const form = useForm<ConsentValues>(
    {
      forOrganisationId: '',
      givenBy: '',
      givenOn: start,
      expiresOn: addDays(start, CONSENT_DEFAULT_DAYS),
      justification: '',
    },
    consentFieldId,
  );
  const v = form.values;
  const youthTooYoung = subject.kind === 'youth' && subject.age !== null && subject.age < CONSENT_MIN_AGE;
  const givers: ConsentGiver[] = [
    ...(subject.kind === 'parent' ? [] : (['youth'] as const)),
    'parent',
    // A share without consent is decided with the referral it serves (single use), never recorded ahead.
  ];
  const partners = (organisations.data?.items ?? []).filter(
    (o) => o.active && o.id !== session.person.organisation.id,
  );
  const onSubmit = form.onSubmit(async () => {
    const problems: Array<{ field: string; message: string }> = [];
    if (!v.forOrganisationId)
      problems.push({ field: 'forOrganisationId', message: t('referrals.consent.needOrganisation') });
    if (!v.givenBy) problems.push({ field: 'givenBy', message: t('referrals.form.needConsent') });
    if (v.givenBy === 'youth' && youthTooYoung)
      problems.push({ field: 'givenBy', message: t('referrals.form.tooYoung', { age: CONSENT_MIN_AGE }) });
    if (v.givenBy === 'override' && v.justification.trim().length < 10)
      problems.push({ field: 'justification', message: t('referrals.form.needJustification') });
    if (problems.length > 0) throw localProblem(problems);
    const body: ConsentInput = {
      forOrganisationId: v.forOrganisationId,
      givenBy: v.givenBy as ConsentGiver,
      givenOn: v.givenOn,
      expiresOn: v.expiresOn,
      ...(v.givenBy === 'override' ? { justification: v.justification.trim() } : {}),
    };
    onRecorded(
      await api.post<ReferralConsent>(`/referrals/subjects/${encodeURIComponent(subject.id)}/consents`, body),
    );
  });
  const givenOn = form.field('givenOn');
  return (
    <form className="form narrow" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={form.error ?? organisations.error} fieldId={consentFieldId} />
      <ChoiceField
        label={t('referrals.consent.organisation')}
        hint={t('referrals.consent.organisationHint')}
        placeholder={t('referrals.consent.chooseOrganisation')}
        options={partners.map((o) => ({ value: o.id, label: o.name }))}
        {...form.field('forOrganisationId')}
      />
      <Fieldset
        id={consentFieldId('givenBy')}
        legend={t('referrals.form.givenBy')}
        hint={t('referrals.form.givenByHint', { age: CONSENT_MIN_AGE })}
        error={fieldMessage(form.error, 'givenBy')}
      >
        {givers.map((giver) => (
          <Radio
            key={giver}
            id={`consent-new-${giver}`}
            name="consent-new-giver"
            label={t(
              `referrals.givers.${subject.kind === 'parent' && giver === 'parent' ? 'parentSelf' : giver}`,
            )}
            checked={v.givenBy === giver}
            disabled={giver === 'youth' && youthTooYoung}
            onChange={() => form.set('givenBy', giver)}
          />
        ))}
      </Fieldset>
      {v.givenBy === 'override' ? (
        <>
          <p className="notice">{t('referrals.form.overrideWarning')}</p>
          <TextAreaField
            label={t('referrals.form.justification')}
            hint={t('referrals.form.justificationHint')}
            required
            maxLength={2000}
            {...form.field('justification')}
          />
        </>
      ) : null}
      <div className="res-row">
        <Field
          type="date"
          label={t('referrals.form.givenOn')}
          required
          {...givenOn}
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
          {...form.field('expiresOn')}
        />
      </div>
      <Button type="submit" pending={form.pending}>
        {t('referrals.consent.record')}
      </Button>
    </form>
  );
}
