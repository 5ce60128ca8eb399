import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { ReferralConsent, SubjectDetail, Trajectory } from '../../../shared/contracts/referrals';
import type { SubjectKind } from '../../../shared/contracts/resources.values';
import { api, withQuery } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Page } from '../../ui/page';
import { LoggedReferralForm } from './logged.page';
import { formatDay, languageLabel, PurposeGate } from './parts';
import { ConsentForm, SubjectEditForm } from './subject-changes';
import { TrajectoryView } from './trajectory';

const PURPOSES = ['follow', 'refer', 'consent'] as const;

function ConsentCard({
  consent,
  kind,
  onRevoke,
  pending,
}: {
  consent: ReferralConsent;
  /** A parent followed who consented for themselves is the person, not "a parent". */
  kind: SubjectKind;
  onRevoke: () => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <li className={consent.flagged ? 'card card-flagged' : 'card'}>
      <p className="card-title">{consent.forOrganisationName}</p>
      <p>
        <span className="tag">{t(`referrals.consentStates.${consent.state}`)}</span>
        {consent.flagged ? <span className="tag ref-flag">{t('referrals.consent.flagged')}</span> : null}
      </p>
      <dl className="ref-card-facts">
        <Detail term={t('referrals.form.givenBy')}>
          {t(
            `referrals.givers.${kind === 'parent' && consent.givenBy === 'parent' ? 'parentSelf' : consent.givenBy}`,
          )}
        </Detail>
        <Detail term={t('referrals.form.givenOn')}>{formatDay(consent.givenOn, locale)}</Detail>
        <Detail term={t('referrals.form.expiresOn')}>{formatDay(consent.expiresOn, locale)}</Detail>
        {consent.revokedAt ? (
          <Detail term={t('referrals.consent.revokedAt')}>{formatDateTime(consent.revokedAt, locale)}</Detail>
        ) : null}
        <Detail term={t('referrals.consent.recordedBy')}>{consent.recordedByName}</Detail>
      </dl>
      {consent.state === 'active' ? (
        <ConfirmButton
          label={t('referrals.consent.revoke')}
          title={t('referrals.consent.revokeTitle', { organisation: consent.forOrganisationName })}
          message={t('referrals.consent.revokeMessage')}
          confirmLabel={t('referrals.consent.revoke')}
          pending={pending}
          onConfirm={onRevoke}
        />
      ) : null}
    </li>
  );
}

/**
 * A person the organisation follows, opened with a purpose (audited): identity, contact preferences,
 * consents (revocable: the services lose the details at once), the trajectory of services with its gaps,
 * and the recording of a referral made off Filet.
 */
export function SubjectPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { id = '' } = useParams();
  const location = useLocation();
  const [purpose, setPurpose] = useState<string | null>(null);
  const [subject, setSubject] = useState<SubjectDetail | null>(null);
  const [trajectory, setTrajectory] = useState<Trajectory | null>(null);
  const [said, setSaid] = useState<string | null>(
    (location.state as { created?: boolean } | null)?.created ? t('referrals.subject.created') : null,
  );
  const opening = useAction();
  const action = useAction();
  // A new, empty form after each referral recorded, so the same one is not recorded twice.
  const [loggedForm, setLoggedForm] = useState(0);
  const [consentForm, setConsentForm] = useState(0);
  const [editing, setEditing] = useState(false);
  const [conflict, setConflict] = useState(false);

  const load = async (why: string) => {
    const path = `/referrals/subjects/${encodeURIComponent(id)}`;
    const [detail, path2] = await Promise.all([
      api.get<SubjectDetail>(withQuery(path, { purpose: why })),
      api.get<Trajectory>(withQuery(`${path}/trajectory`, { purpose: why })),
    ]);
    setSubject(detail);
    setTrajectory(path2);
    setPurpose(why);
  };

  if (!subject || !trajectory || purpose === null) {
    return (
      <PurposeGate
        title={t('referrals.subject.title')}
        lead={t('referrals.subject.purposeLead')}
        group="subject"
        purposes={PURPOSES}
        opening={opening}
        onOpen={(why) => void opening.run(() => load(why))}
        back={{ to: '/suivis', label: t('referrals.subject.back') }}
        notice={said}
      />
    );
  }

  const s = subject;
  const name = s.preferredName || [s.givenName, s.familyName].filter(Boolean).join(' ');
  const revoke = (consent: ReferralConsent) =>
    void action
      .run(async () => {
        await api.post<ReferralConsent>(`/referrals/consents/${encodeURIComponent(consent.id)}/revoke`, {});
        await load(purpose);
      })
      .then((ok) => {
        if (ok) setSaid(t('referrals.consent.revoked', { organisation: consent.forOrganisationName }));
      });

  if (editing) {
    return (
      <Page title={t('referrals.subject.title')} heading={t('referrals.subject.editTitle', { name })}>
        {conflict ? (
          <p className="notice" role="alert">
            {t('referrals.subject.changedMeanwhile')}
          </p>
        ) : null}
        <SubjectEditForm
          key={s.version}
          subject={s}
          onSaved={(saved) => {
            setConflict(!saved);
            if (saved) {
              setSubject(saved);
              setEditing(false);
              setSaid(t('referrals.subject.saved'));
            } else {
              // Someone changed the person meanwhile: the form starts again from what they are now.
              void opening.run(() => load(purpose));
            }
          }}
          onCancel={() => {
            setConflict(false);
            setEditing(false);
          }}
        />
      </Page>
    );
  }

  return (
    <Page title={t('referrals.subject.title')} heading={name}>
      <StatusMessage>{said}</StatusMessage>
      <p className="button-row">
        <Link className="button button-primary" to={`/repertoire/recherche?pour=${encodeURIComponent(s.id)}`}>
          {t('referrals.subject.refer')}
        </Link>
        <Button
          variant="secondary"
          onClick={() => {
            setSaid(null);
            setEditing(true);
          }}
        >
          {t('referrals.subject.edit')}
        </Button>
        <a className="button button-secondary" href="#ref-consent-new">
          {t('referrals.consent.new')}
        </a>
        <a className="button button-secondary" href="#ref-logged">
          {t('referrals.logged.action')}
        </a>
      </p>
      <h2>{t('referrals.subject.identity')}</h2>
      <dl className="details">
        <Detail term={t('referrals.subject.kind')}>{t(`referrals.kinds.${s.kind}`)}</Detail>
        <Detail term={t('referrals.subject.givenName')}>{s.givenName}</Detail>
        {s.familyName ? <Detail term={t('referrals.subject.familyName')}>{s.familyName}</Detail> : null}
        {s.preferredName ? (
          <Detail term={t('referrals.subject.preferredName')}>{s.preferredName}</Detail>
        ) : null}
        <Detail term={t('referrals.subject.birthDate')}>
          {s.birthDate ? formatDay(s.birthDate, locale) : '—'}
          {s.age !== null ? ` (${t('referrals.subject.age', { count: s.age })})` : ''}
        </Detail>
        <Detail term={t('referrals.subject.gender')}>
          {s.gender ? t(`referrals.genders.${s.gender}`) : t('referrals.subject.genderUnsaid')}
        </Detail>
        <Detail term={t('referrals.subject.languages')}>
          {s.languages.map((code) => languageLabel(code, locale)).join(', ') || '—'}
        </Detail>
      </dl>
      <h2>{t('referrals.subject.contact')}</h2>
      {s.doNotContact ? (
        <p className="notice text-warning">{t('referrals.subject.doNotContactSaid')}</p>
      ) : null}
      <dl className="details">
        <Detail term={t('referrals.subject.safeChannels')}>
          {s.safeChannels.map((c) => t(`referrals.channels.${c}`)).join(', ') || '—'}
        </Detail>
        <Detail term={t('referrals.subject.phone')}>{s.phone || '—'}</Detail>
        <Detail term={t('referrals.subject.email')}>{s.email || '—'}</Detail>
        <Detail term={t('referrals.subject.contactNote')} className="pre-wrap">
          {s.contactNote || '—'}
        </Detail>
      </dl>

      <section aria-labelledby="ref-consents-heading">
        <h2 id="ref-consents-heading">{t('referrals.consent.title')}</h2>
        <ErrorSummary error={action.error} />
        {s.consents.length === 0 ? (
          <p>{t('referrals.consent.none')}</p>
        ) : (
          <ul className="card-list">
            {s.consents.map((consent) => (
              <ConsentCard
                key={consent.id}
                consent={consent}
                kind={s.kind}
                pending={action.pending}
                onRevoke={() => revoke(consent)}
              />
            ))}
          </ul>
        )}
      </section>

      <section id="ref-consent-new" aria-labelledby="ref-consent-new-heading">
        <h2 id="ref-consent-new-heading">{t('referrals.consent.new')}</h2>
        <p>{t('referrals.consent.newLead')}</p>
        <ConsentForm
          key={consentForm}
          subject={s}
          onRecorded={(consent) => {
            setSaid(t('referrals.consent.recorded', { organisation: consent.forOrganisationName }));
            setConsentForm((n) => n + 1);
            void opening.run(() => load(purpose));
          }}
        />
      </section>

      <section aria-labelledby="ref-trajectory-heading">
        <h2 id="ref-trajectory-heading">{t('referrals.trajectory.title')}</h2>
        <TrajectoryView trajectory={trajectory} />
      </section>

      <section id="ref-logged" aria-labelledby="ref-logged-heading">
        <h2 id="ref-logged-heading">{t('referrals.logged.title')}</h2>
        <p>{t('referrals.logged.lead')}</p>
        <LoggedReferralForm
          key={loggedForm}
          subjectId={s.id}
          service={null}
          onDone={() => {
            setSaid(t('referrals.logged.done'));
            setLoggedForm((n) => n + 1);
            void opening.run(() => load(purpose));
          }}
        />
      </section>
      <p>
        <Link to="/suivis">{t('referrals.subject.back')}</Link>
      </p>
    </Page>
  );
}
