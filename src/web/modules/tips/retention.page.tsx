import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RetentionList, RetentionResult } from '../../../shared/contracts/tips';
import { CHANNELS } from '../../../shared/contracts/tips.values';
import { api } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { ChoiceField, choices, Field, Radio } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { DataTable } from '../../ui/table';

/**
 * Retention of tips by channel, set by the police service. Changing a period asks plainly whether it
 * also applies to tips already received (a shorter period applied to them destroys at the next daily
 * run those already past it).
 */
export function RetentionPage() {
  const { t } = useTranslation();
  const periods = useApiData<RetentionList>('/tips/retention');
  const [channel, setChannel] = useState<string>('solicitation');
  const [days, setDays] = useState('');
  const [applyToExisting, setApplyToExisting] = useState<'yes' | 'no' | ''>('');
  const [message, setMessage] = useState<string | null>(null);
  const action = useAction();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await action.run(async () => {
      const result = await api.put<RetentionResult>(`/tips/retention/${channel}`, {
        retentionDays: Number(days),
        applyToExisting: applyToExisting === 'yes',
      });
      setMessage(
        applyToExisting === 'yes'
          ? t('tips.retention.savedApplied', { count: result.updatedTips })
          : t('tips.retention.savedNew'),
      );
      setDays('');
      setApplyToExisting('');
      periods.reload();
    });
  };
  return (
    <Page title={t('tips.retention.title')} lead={t('tips.retention.lead')}>
      <StatusMessage>{message}</StatusMessage>
      <Loaded data={periods}>
        {(data) => (
          <DataTable
            caption={t('tips.retention.caption')}
            columns={[
              t('tips.fields.channel'),
              t('tips.retention.days'),
              t('tips.retention.default'),
              t('tips.retention.updatedAt'),
            ]}
            rows={data.items}
          >
            {(p) => (
              <tr key={p.channel}>
                <th scope="row">{t(`tips.channels.${p.channel}`)}</th>
                <td>{p.days}</td>
                <td>{p.defaultDays}</td>
                <td>{p.updatedAt ? formatDateTime(p.updatedAt, currentLocale()) : '—'}</td>
              </tr>
            )}
          </DataTable>
        )}
      </Loaded>
      <h2>{t('tips.retention.change')}</h2>
      <ErrorSummary
        error={action.error}
        fieldId={{ retentionDays: 'retention-days', applyToExisting: 'retention-apply-yes' }}
      />
      <form className="form" onSubmit={onSubmit}>
        <ChoiceField
          id="retention-channel"
          label={t('tips.fields.channel')}
          value={channel}
          onChange={(e) => setChannel(e.target.value)}
          options={choices(CHANNELS, (c) => t(`tips.channels.${c}`))}
        />
        <Field
          id="retention-days"
          label={t('tips.retention.days')}
          hint={t('tips.retention.daysHint')}
          type="number"
          inputMode="numeric"
          min={30}
          max={3650}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          required
        />
        <fieldset className="field fieldset" aria-describedby="retention-apply-hint">
          <legend>{t('tips.retention.applyQuestion')}</legend>
          <p className="field-hint" id="retention-apply-hint">
            {t('tips.retention.applyHint')}
          </p>
          <Radio
            id="retention-apply-yes"
            label={t('tips.retention.applyYes')}
            name="applyToExisting"
            value="yes"
            checked={applyToExisting === 'yes'}
            onChange={() => setApplyToExisting('yes')}
            required
          />
          <Radio
            id="retention-apply-no"
            label={t('tips.retention.applyNo')}
            name="applyToExisting"
            value="no"
            checked={applyToExisting === 'no'}
            onChange={() => setApplyToExisting('no')}
          />
        </fieldset>
        <Button type="submit" pending={action.pending}>
          {t('tips.retention.save')}
        </Button>
      </form>
      <p>
        <Link to="/signalements">{t('tips.tip.back')}</Link>
      </p>
    </Page>
  );
}
