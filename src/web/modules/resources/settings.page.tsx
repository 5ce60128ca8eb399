import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResourceSettings } from '../../../shared/contracts/resources';
import { api, fieldMessage } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';

/** The table's directory settings: how long an entry stays fresh without confirmation. */
export function ResourceSettingsPage() {
  const { t } = useTranslation();
  const settings = useApiData<ResourceSettings>('/resources/settings');
  const { run, pending, error } = useAction();
  const [days, setDays] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) setDays(String(settings.data.staleAfterDays));
  }, [settings.data]);
  if (settings.error) return <LoadErrorPage error={settings.error} />;
  if (!settings.data) return <LoadingPage />;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaid(null);
    void run(async () => {
      settings.setData(
        await api.put<ResourceSettings>('/resources/settings', { staleAfterDays: Number(days) }),
      );
      setSaid(t('resources.settings.saved'));
    });
  };
  return (
    <Page title={t('resources.settings.title')}>
      <form className="narrow" onSubmit={onSubmit} noValidate>
        <ErrorSummary error={error} fieldId={() => 'res-stale-days'} />
        <StatusMessage>{said}</StatusMessage>
        <Field
          id="res-stale-days"
          label={t('resources.settings.staleAfterDays')}
          hint={t('resources.settings.hint')}
          type="number"
          inputMode="numeric"
          min={30}
          max={730}
          disabled={!settings.data.canEdit}
          value={days}
          error={fieldMessage(error, 'staleAfterDays')}
          onChange={(event) => setDays(event.target.value)}
        />
        {settings.data.canEdit ? (
          <Button type="submit" pending={pending}>
            {t('resources.form.save')}
          </Button>
        ) : null}
      </form>
    </Page>
  );
}
