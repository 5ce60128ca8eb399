import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { QueueList, TipLine, UnitList } from '../../../shared/contracts/tips';
import { CHANNELS, STATUSES } from '../../../shared/contracts/tips.values';
import { withQuery } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { ChoiceField, choices } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { TipLineStatus } from './line.page';

/** The tip queue: no content here, only what triage needs to choose what to open. */
export function TipQueuePage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('statut') ?? '';
  const channel = params.get('canal') ?? '';
  const queue = useApiData<QueueList>(withQuery('/tips', { status, channel }));
  const units = useApiData<UnitList>('/tips/units');
  const line = useApiData<TipLine>('/tips/line');
  const unitName = (id: string | null) => units.data?.items.find((u) => u.id === id)?.name ?? '—';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  return (
    <Page title={t('tips.queue.title')} lead={t('tips.queue.lead')}>
      {line.data ? <TipLineStatus line={line.data} /> : null}
      {session.can('tips.intake') || session.can('tips.units') || session.can('tips.retention') ? (
        <ul>
          {session.can('tips.intake') ? (
            <li>
              <Link className="button button-secondary" to="/signalements/telephone">
                {t('tips.queue.phone')}
              </Link>
            </li>
          ) : null}
          {session.can('tips.units') ? (
            <li>
              <Link to="/signalements/unites">{t('tips.queue.units')}</Link>
            </li>
          ) : null}
          {session.can('tips.retention') ? (
            <li>
              <Link to="/signalements/conservation">{t('tips.queue.retention')}</Link>
            </li>
          ) : null}
        </ul>
      ) : null}
      <div className="tips-filters">
        <ChoiceField
          id="tips-status"
          label={t('tips.fields.status')}
          value={status}
          onChange={(e) => set('statut', e.target.value)}
          placeholder={t('tips.queue.all')}
          options={choices(STATUSES, (s) => t(`tips.statuses.${s}`))}
        />
        <ChoiceField
          id="tips-channel"
          label={t('tips.fields.channel')}
          value={channel}
          onChange={(e) => set('canal', e.target.value)}
          placeholder={t('tips.queue.all')}
          options={choices(CHANNELS, (c) => t(`tips.channels.${c}`))}
        />
      </div>
      <Loaded data={queue}>
        {(data) => (
          <DataTable
            caption={t('tips.queue.caption', { count: data.items.length })}
            columns={[
              t('tips.fields.receivedAt'),
              t('tips.fields.channel'),
              t('tips.fields.priority'),
              t('tips.fields.status'),
              t('tips.fields.unit'),
              t('tips.queue.flags'),
            ]}
            rows={data.items}
            empty={t('tips.queue.empty')}
          >
            {(item) => (
              <tr key={item.id}>
                <th scope="row">
                  <Link to={`/signalements/${item.id}`}>
                    {formatDateTime(item.receivedAt, currentLocale())}
                  </Link>
                </th>
                <td>{t(`tips.channels.${item.channel}`)}</td>
                <td>{t(`tips.priorities.${item.priority}`)}</td>
                <td>{t(`tips.statuses.${item.status}`)}</td>
                <td>{unitName(item.unitId)}</td>
                <td>
                  {item.overdue ? (
                    <span className="badge tips-badge-overdue">{t('tips.queue.overdue')}</span>
                  ) : null}{' '}
                  {item.unreadAnswers > 0 ? (
                    <span className="badge">{t('tips.queue.answers', { count: item.unreadAnswers })}</span>
                  ) : null}
                </td>
              </tr>
            )}
          </DataTable>
        )}
      </Loaded>
    </Page>
  );
}
