import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Trajectory } from '../../../shared/contracts/referrals';
import { formatDate } from '../../app/format';
import { currentLocale } from '../../app/i18n';
import { Flags, StatusBadge } from './parts';

/**
 * A person's trajectory: referrals in order with their status and outcome, the gaps between them. Each
 * entry links to its referral unless `linked` says the reader cannot open it (a service reading the path
 * opens only its own referrals).
 */
export function TrajectoryView({
  trajectory,
  linked = () => true,
}: {
  trajectory: Trajectory;
  linked?: (referralId: string) => boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (trajectory.entries.length === 0) return <p>{t('referrals.trajectory.empty')}</p>;
  const entries = [...trajectory.entries].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  return (
    <ol className="ref-timeline">
      {entries.map((e) => (
        <li key={e.referralId} className="ref-event">
          {e.gapDaysBefore !== null && e.gapDaysBefore > 0 ? (
            <p className="ref-gap">{t('referrals.trajectory.gap', { count: e.gapDaysBefore })}</p>
          ) : null}
          <p className="muted">{formatDate(e.sentAt, locale)}</p>
          <p>
            {linked(e.referralId) ? (
              <Link to={`/references/${encodeURIComponent(e.referralId)}`}>{e.serviceName}</Link>
            ) : (
              e.serviceName
            )}
            {e.receivingOrganisationName ? ` — ${e.receivingOrganisationName}` : ''}
          </p>
          <p>
            <StatusBadge status={e.status} />
            <Flags overdue={e.overdue} escalated={false} />
            {e.logged ? <span className="tag">{t('referrals.flags.logged')}</span> : null}
            {e.outcome ? (
              <span className="ref-line">
                {t('referrals.fields.outcome')} : {t(`referrals.outcomes.${e.outcome}`)}
              </span>
            ) : null}
          </p>
          <p className="muted">{t('referrals.trajectory.by', { organisation: e.senderOrganisationName })}</p>
        </li>
      ))}
    </ol>
  );
}
