import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TipLine } from '../../../shared/contracts/tips';
import { api } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { ChoiceField } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';

/**
 * Who receives the public tip line, in one sentence: the police desk sees it above its queue, the table
 * coordination on the page where it chooses. Without a receiving service the line is closed.
 */
export function TipLineStatus({ line }: { line: TipLine }) {
  const { t } = useTranslation();
  if (!line.receivingService) {
    return (
      <div className="notice">
        <p>{t('tips.line.closed')}</p>
      </div>
    );
  }
  return (
    <p>
      {t('tips.line.receivedBy', { name: line.receivingService.name })}
      {line.receivingService.active ? null : ` ${t('tips.line.inactive')}`}
    </p>
  );
}

/** The table coordination (or the administration) names the police service receiving the public line. */
export function TipLinePage() {
  const { t } = useTranslation();
  const line = useApiData<TipLine>('/tips/line');
  const [serviceId, setServiceId] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const action = useAction();
  useEffect(() => {
    if (line.data?.receivingService) setServiceId(line.data.receivingService.id);
  }, [line.data]);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await action.run(async () => {
      await api.put<TipLine>('/tips/line', { receivingServiceId: serviceId });
      setMessage(t('tips.line.saved'));
      line.reload();
    });
  };
  return (
    <Page title={t('tips.line.title')} lead={t('tips.line.lead')}>
      <StatusMessage>{message}</StatusMessage>
      <Loaded data={line}>
        {(data) => (
          <>
            <TipLineStatus line={data} />
            {data.updatedAt ? (
              <p>{t('tips.line.updatedAt', { date: formatDateTime(data.updatedAt, currentLocale()) })}</p>
            ) : null}
            {data.canEdit ? (
              <>
                <h2>{t('tips.line.change')}</h2>
                <ErrorSummary error={action.error} fieldId={{ receivingServiceId: 'tip-line-service' }} />
                {data.candidates.length === 0 ? (
                  <p>{t('tips.line.noCandidates')}</p>
                ) : (
                  <form className="form" onSubmit={onSubmit}>
                    <ChoiceField
                      id="tip-line-service"
                      label={t('tips.line.service')}
                      hint={t('tips.line.serviceHint')}
                      value={serviceId}
                      onChange={(e) => setServiceId(e.target.value)}
                      required
                      placeholder={t('tips.line.choose')}
                      options={data.candidates.map((c) => ({ value: c.id, label: c.name }))}
                    />
                    <Button type="submit" pending={action.pending}>
                      {t('tips.line.save')}
                    </Button>
                  </form>
                )}
              </>
            ) : null}
          </>
        )}
      </Loaded>
    </Page>
  );
}
