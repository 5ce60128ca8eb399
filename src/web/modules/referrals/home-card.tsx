import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReferralCounts } from '../../../shared/contracts/referrals';
import { useApiData } from '../../app/hooks';
import { useSession } from '../../app/session';

/**
 * The home page's referrals card: referrals waiting for the service's answer (late ones first), and the
 * reader's own referrals (those they are in charge of) still unanswered past their due time or open.
 * Counts only; each links to its list, the reader's own ones to the list of theirs (`mine`).
 */
export function ReferralsHomeCard() {
  const { t } = useTranslation();
  const { can } = useSession();
  const counts = useApiData<ReferralCounts>('/referrals/counts');
  const data = counts.data;
  const lines: Array<{ to: string; text: string; urgent: boolean }> = [];
  if (data && can('referrals.receive')) {
    if (data.receivedOverdue > 0)
      lines.push({
        to: '/references?side=received&overdue=true',
        text: t('referrals.home.receivedOverdue', { count: data.receivedOverdue }),
        urgent: true,
      });
    lines.push({
      to: '/references?side=received&status=sent',
      text: t('referrals.home.receivedWaiting', { count: data.receivedWaiting }),
      urgent: false,
    });
  }
  if (data && can('referrals.send')) {
    if (data.sentOverdue > 0)
      lines.push({
        to: '/references?side=sent&mine=true&overdue=true',
        text: t('referrals.home.sentOverdue', { count: data.sentOverdue }),
        urgent: true,
      });
    lines.push({
      to: '/references?side=sent&mine=true&open=true',
      text: t('referrals.home.sentOpen', { count: data.sentOpen }),
      urgent: false,
    });
  }
  return (
    <>
      <h3 className="card-title">{t('referrals.home.title')}</h3>
      {counts.error ? <p role="alert">{t('referrals.home.unavailable')}</p> : null}
      {data ? (
        <ul className="plain-list">
          {lines.map((line) => (
            <li key={line.to}>
              <Link to={line.to}>{line.urgent ? <strong>{line.text}</strong> : line.text}</Link>
            </li>
          ))}
        </ul>
      ) : counts.error ? null : (
        <p>{t('referrals.home.loading')}</p>
      )}
    </>
  );
}
