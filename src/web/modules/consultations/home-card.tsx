import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ConsultationCounts } from '../../../shared/contracts/consultations';
import { useApiData } from '../../app/hooks';
import { useSession } from '../../app/session';
import { subscribeToConsultations } from './parts';

/**
 * The home page's consultations card: what waits for the reader (pivots: routed to them and not taken;
 * their own threads), for coordinators the overdue ones and those no pivot was found for, and the
 * reader's own questions (answered ones, current ones). Counts only, each linking to its list; live like the lists.
 */
export function ConsultationsHomeCard() {
  const { t } = useTranslation();
  const { can } = useSession();
  const counts = useApiData<ConsultationCounts>('/consultations/counts');
  const { reload } = counts;
  useEffect(() => subscribeToConsultations(() => reload()), [reload]);
  const data = counts.data;
  const lines: Array<{ to: string; text: string; urgent: boolean }> = [];
  if (data && can('consultations.answer')) {
    lines.push({
      to: '/consultations?box=inbox',
      text: t('consultations.home.waitingForMe', { count: data.waitingForMe }),
      urgent: data.waitingForMe > 0,
    });
    if (data.mineOpen > 0)
      lines.push({
        to: '/consultations?box=mine',
        text: t('consultations.home.mineOpen', { count: data.mineOpen }),
        urgent: false,
      });
  }
  if (data && can('consultations.coordinate')) {
    lines.push({
      to: '/consultations?box=coordination&overdue=1',
      text: t('consultations.home.overdue', { count: data.overdueForCoordination }),
      urgent: data.overdueForCoordination > 0,
    });
    if (data.unroutedForCoordination > 0)
      lines.push({
        to: '/consultations?box=coordination',
        text: t('consultations.home.unrouted', { count: data.unroutedForCoordination }),
        urgent: true,
      });
  }
  if (data && can('consultations.ask')) {
    if (data.askedAnswered > 0)
      lines.push({
        to: '/consultations?box=asked&state=',
        text: t('consultations.home.askedAnswered', { count: data.askedAnswered }),
        urgent: false,
      });
    if (data.askedOpen > 0)
      lines.push({
        to: '/consultations?box=asked&state=current',
        text: t('consultations.home.asked', { count: data.askedOpen }),
        urgent: false,
      });
  }
  return (
    <>
      <h3 className="card-title">{t('consultations.home.title')}</h3>
      {counts.error ? <p role="alert">{t('consultations.home.unavailable')}</p> : null}
      {data ? (
        <ul className="plain-list">
          {lines.map((line) => (
            <li key={line.to}>
              <Link to={line.to}>{line.urgent ? <strong>{line.text}</strong> : line.text}</Link>
            </li>
          ))}
          {can('consultations.ask') ? (
            <li>
              <Link to="/consultations/nouvelle">{t('consultations.home.ask')}</Link>
            </li>
          ) : null}
        </ul>
      ) : counts.error ? null : (
        <p>{t('consultations.home.loading')}</p>
      )}
    </>
  );
}
