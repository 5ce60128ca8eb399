import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferralDisclosure, ReferralDisclosureList } from '../../../shared/contracts/referrals';
import { api, withQuery } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { StatusMessage } from '../../ui/error-summary';
import { Checkbox } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';

const PAGE_SIZE = 50;

/**
 * Whether the reader may mark this share reviewed: a flagged share not reviewed yet, made by the
 * reader's organisation (the server says so with `mayReview`).
 */
function reviewable(d: ReferralDisclosure): d is ReferralDisclosure & {
  consentId: string;
} {
  return d.flagged && !d.reviewedAt && d.consentId !== null && d.mayReview;
}

/**
 * The register of disclosures made by referrals, for the privacy officer: who shared what with whom, on
 * what legal ground; shares without consent are flagged with their justification until marked reviewed.
 */
export function RegisterPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [page, setPage] = useState(1);
  const [said, setSaid] = useState<string | null>(null);
  const register = useApiData<ReferralDisclosureList>(
    withQuery('/referrals/disclosures', {
      flagged: flaggedOnly ? 'true' : null,
      limit: PAGE_SIZE,
      offset: page > 1 ? (page - 1) * PAGE_SIZE : null,
    }),
  );
  const action = useAction();
  const review = async (consentId: string) => {
    setSaid(null);
    const ok = await action.run(() =>
      api.post(`/referrals/consents/${encodeURIComponent(consentId)}/review`, {}),
    );
    if (ok) {
      setSaid(t('referrals.register.reviewedDone'));
      register.reload();
    }
  };
  return (
    <Page title={t('referrals.register.title')} lead={t('referrals.register.lead')}>
      <Checkbox
        id="ref-register-flagged"
        label={t('referrals.register.flaggedOnly')}
        checked={flaggedOnly}
        onChange={(event) => {
          setFlaggedOnly(event.target.checked);
          setPage(1);
        }}
      />
      <StatusMessage>{said}</StatusMessage>
      <Loaded data={register} error={register.error ?? action.error}>
        {(data) => (
          <>
            <p role="status">{t('referrals.register.total', { count: data.total })}</p>
            <ul className="card-list">
              {data.items.map((d) => (
                <li key={d.id} className={d.flagged && !d.reviewedAt ? 'card card-flagged' : 'card'}>
                  <p className="card-title">
                    {t('referrals.register.share', {
                      from: d.fromOrganisationName,
                      to: d.toOrganisationName,
                    })}
                  </p>
                  <p>
                    <span className="tag">{t(`referrals.bases.${d.legalBasis}`)}</span>
                    {d.flagged ? (
                      <span className="tag ref-flag">
                        {d.reviewedAt ? t('referrals.register.reviewed') : t('referrals.register.toReview')}
                      </span>
                    ) : null}
                  </p>
                  <dl className="ref-card-facts">
                    <Detail term={t('referrals.register.when')}>
                      {formatDateTime(d.disclosedAt, locale)}
                    </Detail>
                    <Detail term={t('referrals.register.who')}>{d.disclosedByName}</Detail>
                    <Detail term={t('referrals.register.fields')}>
                      {d.fields.map((f) => t(`referrals.disclosable.${f}`)).join(', ')}
                    </Detail>
                    {d.justification ? (
                      <Detail term={t('referrals.form.justification')} className="pre-wrap">
                        {d.justification}
                      </Detail>
                    ) : null}
                    {d.reviewedAt ? (
                      <Detail term={t('referrals.register.reviewedAt')}>
                        {formatDateTime(d.reviewedAt, locale)}
                      </Detail>
                    ) : null}
                  </dl>
                  {reviewable(d) ? (
                    <Button
                      variant="secondary"
                      pending={action.pending}
                      onClick={() => void review(d.consentId)}
                    >
                      {t('referrals.register.markReviewed')}
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
            {data.items.length === 0 ? <p>{t('referrals.register.empty')}</p> : null}
            {data.total > PAGE_SIZE ? (
              <p className="button-row">
                {page > 1 ? (
                  <Button variant="secondary" onClick={() => setPage(page - 1)}>
                    {t('pagination.previous')}
                  </Button>
                ) : null}
                {page * PAGE_SIZE < data.total ? (
                  <Button variant="secondary" onClick={() => setPage(page + 1)}>
                    {t('pagination.next')}
                  </Button>
                ) : null}
              </p>
            ) : null}
          </>
        )}
      </Loaded>
    </Page>
  );
}
