import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PendingTextList } from '../../../shared/contracts/observatory';
import { formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';

/** The home page's observatory card for the table: how many free texts wait for review, linking to the queue. */
export function ReviewHomeCard() {
  const { t } = useTranslation();
  const queue = useApiData<PendingTextList>('/observatory/reviews?limit=1');
  const total = queue.data?.total;
  return (
    <>
      <h3 className="card-title">{t('observatory.home.title')}</h3>
      {queue.error ? <p role="alert">{t('observatory.home.unavailable')}</p> : null}
      {total === undefined ? (
        queue.error ? null : (
          <p>{t('observatory.home.loading')}</p>
        )
      ) : (
        <ul className="plain-list">
          <li>
            <Link to="/observatoire/revue">
              {total > 0 ? (
                <strong>
                  {t('observatory.home.pending', {
                    count: total,
                    formatted: formatNumber(total, currentLocale()),
                  })}
                </strong>
              ) : (
                t('observatory.home.nonePending')
              )}
            </Link>
          </li>
        </ul>
      )}
    </>
  );
}
