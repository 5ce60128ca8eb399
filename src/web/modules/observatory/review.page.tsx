import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { PendingTextList } from '../../../shared/contracts/observatory';
import { withQuery } from '../../app/api';
import { formatDateTime, formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Detail } from '../../ui/details';
import { StatusMessage } from '../../ui/error-summary';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { Pagination } from '../../ui/pagination';
import { periodLabel, valueLabel } from './parts';
import { TextDecision } from './text-decision';

const PAGE_SIZE = 20;

/**
 * The table's review queue: free texts of observations waiting for a decision, oldest first. Each is
 * approved, or rejected with a reason; a text someone else decided meanwhile is said so and leaves the
 * list.
 */
export function ReviewPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const queue = useApiData<PendingTextList>(
    withQuery('/observatory/reviews', { limit: PAGE_SIZE, offset: page > 1 ? (page - 1) * PAGE_SIZE : null }),
  );
  const [said, setSaid] = useState<string | null>(null);

  return (
    <Page title={t('observatory.review.title')} lead={t('observatory.review.lead')}>
      <StatusMessage>{said}</StatusMessage>
      <Loaded data={queue}>
        {(data) => (
          <>
            <p>
              {t('observatory.review.total', {
                count: data.total,
                formatted: formatNumber(data.total, locale),
              })}
            </p>
            {data.items.length === 0 ? <p>{t('observatory.review.empty')}</p> : null}
            <ul className="card-list">
              {data.items.map((item) => {
                const headingId = `obs-review-${item.observationId}`;
                const name = t('observatory.observation.title', {
                  place: valueLabel(t, 'placeTypes', item.placeType),
                  month: periodLabel(item.month, locale),
                });
                return (
                  <li key={item.observationId} className="card" aria-labelledby={headingId}>
                    <h2 id={headingId} className="card-title">
                      <Link to={`/observatoire/observations/${encodeURIComponent(item.observationId)}`}>
                        {name}
                      </Link>
                    </h2>
                    <dl className="ref-card-facts">
                      <Detail term={t('observatory.fields.organisation')}>{item.organisationName}</Detail>
                      <Detail term={t('observatory.review.submittedAt')}>
                        {formatDateTime(item.submittedAt, locale)}
                      </Detail>
                    </dl>
                    <blockquote className="pre-wrap obs-text">{item.text}</blockquote>
                    <TextDecision
                      observationId={item.observationId}
                      version={item.version}
                      context={`${name}, ${item.organisationName}`}
                      onDecided={(_, words) => {
                        setSaid(words);
                        queue.setData({
                          items: data.items.filter((other) => other.observationId !== item.observationId),
                          total: Math.max(0, data.total - 1),
                        });
                      }}
                      onConflict={() => undefined}
                    />
                  </li>
                );
              })}
            </ul>
            <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
