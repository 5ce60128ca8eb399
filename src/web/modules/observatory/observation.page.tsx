import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { ObservationDetail } from '../../../shared/contracts/observatory';
import { VERIFICATION_STATUSES, type VerificationStatus } from '../../../shared/contracts/observatory.values';
import { api } from '../../app/api';
import { formatDateTime, formatNumber } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { ChoiceField, choices } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { OBS } from './access';
import {
  conflictError,
  labelsOf,
  periodLabel,
  TextStatusBadge,
  VerificationBadge,
  valueLabel,
} from './parts';
import { TextDecision } from './text-decision';

const FLASHES = ['recorded', 'saved'] as const;

/**
 * One observation: what was seen, when (the month) and where (the type of place), its free text and
 * where its review stands, its verification. A pivot of the organisation corrects it while it is not
 * verified; the table verifies it and decides on its text.
 */
export function ObservationPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const { id = '' } = useParams();
  const location = useLocation();
  const flash = (location.state as { flash?: string } | null)?.flash;
  const path = `/observatory/observations/${encodeURIComponent(id)}`;
  const observation = useApiData<ObservationDetail>(path);
  const [said, setSaid] = useState<string | null>(
    flash && (FLASHES as readonly string[]).includes(flash) ? t(`observatory.observation.${flash}`) : null,
  );
  const verifying = useAction();
  const [status, setStatus] = useState<VerificationStatus | ''>('');

  if (observation.error) return <LoadErrorPage error={observation.error} />;
  const o = observation.data;
  if (!o) return <LoadingPage />;
  const chosen = status || o.verification;
  const title = t('observatory.observation.title', {
    place: valueLabel(t, 'placeTypes', o.placeType),
    month: periodLabel(o.month, locale),
  });

  const verify = (event: FormEvent) => {
    event.preventDefault();
    setSaid(null);
    void verifying.run(async () => {
      try {
        const next = await api.post<ObservationDetail>(`${path}/verification`, {
          status: chosen,
          version: o.version,
        });
        observation.setData(next);
        setStatus('');
        setSaid(t('observatory.observation.verified', { status: t(`observatory.verification.${chosen}`) }));
      } catch (reason) {
        observation.reload();
        throw conflictError(reason, t('observatory.observation.changedMeanwhile'));
      }
    });
  };

  const count = (value: number | null) => (value === null ? '—' : formatNumber(value, locale));
  return (
    <Page title={title}>
      <StatusMessage>{said}</StatusMessage>
      <p>
        <VerificationBadge status={o.verification} />
        <TextStatusBadge status={o.textStatus} />
      </p>
      {o.canEdit ? (
        <p>
          <Link className="button button-secondary" to={`/observatoire/observations/${o.id}/modifier`}>
            {t('observatory.observation.edit')}
          </Link>
        </p>
      ) : null}
      <section aria-labelledby="obs-facts">
        <h2 id="obs-facts">{t('observatory.observation.facts')}</h2>
        <dl className="details">
          <Detail term={t('observatory.fields.month')}>{periodLabel(o.month, locale)}</Detail>
          <Detail term={t('observatory.fields.organisation')}>{o.organisationName}</Detail>
          {o.authorName ? <Detail term={t('observatory.fields.author')}>{o.authorName}</Detail> : null}
          <Detail term={t('observatory.fields.placeType')}>{valueLabel(t, 'placeTypes', o.placeType)}</Detail>
          {o.placeType === 'online' ? (
            <Detail term={t('observatory.fields.platform')}>
              {o.platformName ?? t('observatory.form.platformUnknown')}
            </Detail>
          ) : null}
          <Detail term={t('observatory.fields.recruitmentMethods')}>
            {labelsOf(t, 'methods', o.recruitmentMethods)}
          </Detail>
          <Detail term={t('observatory.fields.modusOperandi')}>
            {labelsOf(t, 'modusOperandi', o.modusOperandi)}
          </Detail>
          <Detail term={t('observatory.fields.codeWords')}>
            {o.codeWords.length > 0 ? (
              <ul className="inline-list">
                {o.codeWords.map((word) => (
                  <li key={word} className="tag">
                    {word}
                  </li>
                ))}
              </ul>
            ) : (
              '—'
            )}
          </Detail>
          <Detail term={t('observatory.fields.ageRanges')}>{labelsOf(t, 'ageRanges', o.ageRanges)}</Detail>
          <Detail term={t('observatory.fields.genders')}>{labelsOf(t, 'genders', o.genders)}</Detail>
          <Detail term={t('observatory.fields.exploiterProfiles')}>
            {labelsOf(t, 'exploiterProfiles', o.exploiterProfiles)}
          </Detail>
          <Detail term={t('observatory.fields.girlsSeen')}>{count(o.girlsSeen)}</Detail>
          <Detail term={t('observatory.fields.boysSeen')}>{count(o.boysSeen)}</Detail>
          <Detail term={t('observatory.fields.createdAt')}>{formatDateTime(o.createdAt, locale)}</Detail>
          {o.verifiedAt && o.verification !== 'pending' ? (
            <Detail term={t('observatory.fields.verifiedAt')}>{formatDateTime(o.verifiedAt, locale)}</Detail>
          ) : null}
        </dl>
      </section>
      <section aria-labelledby="obs-text-heading">
        <h2 id="obs-text-heading">{t('observatory.fields.text')}</h2>
        {o.text ? (
          <p className="pre-wrap obs-text">{o.text}</p>
        ) : (
          <p>{t('observatory.observation.noText')}</p>
        )}
        {o.textStatus !== 'none' ? (
          <p className="muted">
            {t(`observatory.observation.textExplained.${o.textStatus}`, {
              date: formatDateTime(o.textReviewedAt, locale),
            })}
          </p>
        ) : null}
        {o.textStatus === 'rejected' && o.textRejectionReason ? (
          <dl className="details">
            <Detail term={t('observatory.review.reason')} className="pre-wrap">
              {o.textRejectionReason}
            </Detail>
          </dl>
        ) : null}
        {can(OBS.review) && o.textStatus === 'pending' && o.text ? (
          <TextDecision
            observationId={o.id}
            version={o.version}
            onDecided={(next, words) => {
              observation.setData(next);
              setSaid(words);
            }}
            onConflict={() => observation.reload()}
          />
        ) : null}
      </section>
      {can(OBS.review) ? (
        <section aria-labelledby="obs-verification">
          <h2 id="obs-verification">{t('observatory.observation.verification')}</h2>
          <p>{t('observatory.observation.verificationLead')}</p>
          <ErrorSummary error={verifying.error} />
          <form className="form narrow" onSubmit={verify} noValidate>
            <ChoiceField
              id="obs-verification-status"
              label={t('observatory.observation.verificationStatus')}
              value={chosen}
              onChange={(event) => setStatus(event.target.value as VerificationStatus)}
              options={choices(VERIFICATION_STATUSES, (s) => t(`observatory.verification.${s}`))}
            />
            <Button type="submit" pending={verifying.pending}>
              {t('observatory.observation.saveVerification')}
            </Button>
          </form>
        </section>
      ) : null}
      <p>
        <Link to="/observatoire">{t('observatory.observation.back')}</Link>
      </p>
    </Page>
  );
}
