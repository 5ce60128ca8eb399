import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResourceSettings } from '../../../shared/contracts/resources';
import { api } from '../../app/api';
import { useForm } from '../../app/form';
import { useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { NumberField } from './parts';

/** The table's directory settings: how long an entry stays fresh without confirmation. */
export function ResourceSettingsPage() {
  const { t } = useTranslation();
  const settings = useApiData<ResourceSettings>('/resources/settings');
  const form = useForm({ staleAfterDays: '' }, () => 'res-stale-days');
  const { set } = form;
  const [said, setSaid] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) set('staleAfterDays', String(settings.data.staleAfterDays));
  }, [settings.data, set]);
  if (settings.error) return <LoadErrorPage error={settings.error} />;
  if (!settings.data) return <LoadingPage />;
  const onSubmit = form.onSubmit(async () => {
    setSaid(null);
    settings.setData(
      await api.put<ResourceSettings>('/resources/settings', {
        staleAfterDays: Number(form.values.staleAfterDays),
      }),
    );
    setSaid(t('resources.settings.saved'));
  });
  return (
    <Page title={t('resources.settings.title')}>
      <form className="narrow" onSubmit={onSubmit} noValidate>
        <ErrorSummary error={form.error} fieldId={form.fieldId} />
        <StatusMessage>{said}</StatusMessage>
        <NumberField
          label={t('resources.settings.staleAfterDays')}
          hint={t('resources.settings.hint')}
          min={30}
          max={730}
          disabled={!settings.data.canEdit}
          {...form.field('staleAfterDays')}
        />
        {settings.data.canEdit ? (
          <Button type="submit" pending={form.pending}>
            {t('resources.form.save')}
          </Button>
        ) : null}
      </form>
    </Page>
  );
}
