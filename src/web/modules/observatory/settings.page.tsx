import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObservatorySettings, Platform, PlatformList } from '../../../shared/contracts/observatory';
import { MIN_SUPPRESSION_THRESHOLD } from '../../../shared/contracts/observatory.values';
import { api, fieldMessage, withQuery } from '../../app/api';
import { formatDateTime, formatNumber } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { conflictError, localProblem } from './parts';

/**
 * What the table keeps for the observatory: the list of online platforms pivots choose from (a used
 * one is retired, never deleted) and the suppression threshold of research exports (never below 10).
 */
export function SettingsPage() {
  const { t } = useTranslation();
  const [said, setSaid] = useState<string | null>(null);
  return (
    <Page title={t('observatory.settings.title')} lead={t('observatory.settings.lead')}>
      <StatusMessage>{said}</StatusMessage>
      <Platforms onSaid={setSaid} />
      <Threshold onSaid={setSaid} />
    </Page>
  );
}

function Platforms({ onSaid }: { onSaid: (said: string | null) => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const platforms = useApiData<PlatformList>(withQuery('/observatory/platforms', { includeRetired: 'true' }));
  const action = useAction();
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);

  const change = (task: () => Promise<unknown>, words: string) =>
    action.run(async () => {
      onSaid(null);
      try {
        await task();
        onSaid(words);
      } catch (reason) {
        throw conflictError(reason, t('observatory.settings.changedMeanwhile'));
      } finally {
        platforms.reload();
      }
    });
  const add = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      action.setError(localProblem([{ field: 'name', message: t('observatory.settings.needName') }]));
      return;
    }
    void change(
      async () => {
        await api.post('/observatory/platforms', { name: trimmed });
        setName('');
      },
      t('observatory.settings.added', { name: trimmed }),
    );
  };
  const update = (platform: Platform, body: { name?: string; status?: Platform['status'] }, words: string) =>
    change(
      () =>
        api.patch(`/observatory/platforms/${encodeURIComponent(platform.id)}`, {
          ...body,
          version: platform.version,
        }),
      words,
    );
  const rename = (event: FormEvent, platform: Platform) => {
    event.preventDefault();
    const next = renaming?.name.trim() ?? '';
    if (!next) {
      action.setError(localProblem([{ field: 'rename', message: t('observatory.settings.needName') }]));
      return;
    }
    void update(platform, { name: next }, t('observatory.settings.renamed', { name: next })).then((ok) => {
      if (ok) setRenaming(null);
    });
  };

  return (
    <section aria-labelledby="obs-platforms">
      <h2 id="obs-platforms">{t('observatory.settings.platforms')}</h2>
      <p>{t('observatory.settings.platformsLead')}</p>
      <ErrorSummary
        error={action.error}
        fieldId={{ name: 'obs-platform-name', rename: 'obs-platform-rename' }}
      />
      <Loaded data={platforms}>
        {(data) => (
          <DataTable
            caption={t('observatory.settings.platformsCaption')}
            captionHidden
            columns={[
              t('observatory.settings.name'),
              t('observatory.settings.status'),
              { label: t('observatory.settings.used'), className: 'numeric' },
              { label: t('common.actions'), hidden: true },
            ]}
            rows={data.items}
            empty={t('observatory.settings.noPlatforms')}
          >
            {(platform) => (
              <tr key={platform.id}>
                <th scope="row">
                  {renaming?.id === platform.id ? (
                    <form
                      className="obs-inline-form"
                      onSubmit={(event) => rename(event, platform)}
                      noValidate
                    >
                      <Field
                        id="obs-platform-rename"
                        label={t('observatory.settings.newName', { name: platform.name })}
                        value={renaming.name}
                        maxLength={80}
                        error={fieldMessage(action.error, 'rename')}
                        onChange={(event) => setRenaming({ id: platform.id, name: event.target.value })}
                      />
                      <div className="button-row">
                        <Button type="submit" pending={action.pending}>
                          {t('common.save')}
                        </Button>
                        <Button variant="secondary" onClick={() => setRenaming(null)}>
                          {t('common.cancel')}
                        </Button>
                      </div>
                    </form>
                  ) : (
                    platform.name
                  )}
                </th>
                <td>{t(`observatory.settings.statuses.${platform.status}`)}</td>
                <td className="numeric">{formatNumber(platform.observations, locale)}</td>
                <td>
                  <div className="button-row">
                    {renaming?.id === platform.id ? null : (
                      <Button
                        variant="link"
                        onClick={() => setRenaming({ id: platform.id, name: platform.name })}
                        aria-label={t('observatory.settings.renameOf', { name: platform.name })}
                      >
                        {t('observatory.settings.rename')}
                      </Button>
                    )}
                    {platform.status === 'active' ? (
                      <Button
                        variant="secondary"
                        pending={action.pending}
                        aria-label={t('observatory.settings.retireOf', { name: platform.name })}
                        onClick={() =>
                          void update(
                            platform,
                            { status: 'retired' },
                            t('observatory.settings.retired', { name: platform.name }),
                          )
                        }
                      >
                        {t('observatory.settings.retire')}
                      </Button>
                    ) : (
                      <Button
                        variant="secondary"
                        pending={action.pending}
                        aria-label={t('observatory.settings.reactivateOf', { name: platform.name })}
                        onClick={() =>
                          void update(
                            platform,
                            { status: 'active' },
                            t('observatory.settings.reactivated', { name: platform.name }),
                          )
                        }
                      >
                        {t('observatory.settings.reactivate')}
                      </Button>
                    )}
                    {platform.observations === 0 ? (
                      <ConfirmButton
                        label={t('observatory.settings.deleteOf', { name: platform.name })}
                        title={t('observatory.settings.deleteTitle', { name: platform.name })}
                        message={t('observatory.settings.deleteMessage')}
                        confirmLabel={t('observatory.settings.delete')}
                        pending={action.pending}
                        onConfirm={() =>
                          void change(
                            () => api.delete(`/observatory/platforms/${encodeURIComponent(platform.id)}`),
                            t('observatory.settings.deleted', { name: platform.name }),
                          )
                        }
                      />
                    ) : null}
                  </div>
                </td>
              </tr>
            )}
          </DataTable>
        )}
      </Loaded>
      <form className="form narrow" onSubmit={add} noValidate>
        <Field
          id="obs-platform-name"
          label={t('observatory.settings.newPlatform')}
          value={name}
          maxLength={80}
          error={fieldMessage(action.error, 'name')}
          onChange={(event) => setName(event.target.value)}
        />
        <Button type="submit" pending={action.pending}>
          {t('observatory.settings.add')}
        </Button>
      </form>
    </section>
  );
}

function Threshold({ onSaid }: { onSaid: (said: string | null) => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const settings = useApiData<ObservatorySettings>('/observatory/settings');
  const action = useAction();
  const [draft, setDraft] = useState<string | null>(null);
  const current = settings.data;
  const value = draft ?? (current ? String(current.suppressionThreshold) : '');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!current) return;
    void action.run(async () => {
      onSaid(null);
      const threshold = Number(value);
      if (!Number.isInteger(threshold) || threshold < MIN_SUPPRESSION_THRESHOLD) {
        throw localProblem([
          {
            field: 'suppressionThreshold',
            message: t('observatory.settings.thresholdTooLow', { min: MIN_SUPPRESSION_THRESHOLD }),
          },
        ]);
      }
      try {
        const next = await api.put<ObservatorySettings>('/observatory/settings', {
          suppressionThreshold: threshold,
          version: current.version,
        });
        settings.setData(next);
        setDraft(null);
        onSaid(t('observatory.settings.thresholdSaved', { threshold }));
      } catch (reason) {
        settings.reload();
        throw conflictError(reason, t('observatory.settings.changedMeanwhile'));
      }
    });
  };

  return (
    <section aria-labelledby="obs-threshold">
      <h2 id="obs-threshold">{t('observatory.settings.threshold')}</h2>
      <ErrorSummary error={action.error} fieldId={{ suppressionThreshold: 'obs-threshold-value' }} />
      <Loaded data={settings}>
        {(data) => (
          <form className="form narrow" onSubmit={onSubmit} noValidate>
            <Field
              id="obs-threshold-value"
              type="number"
              inputMode="numeric"
              min={MIN_SUPPRESSION_THRESHOLD}
              label={t('observatory.settings.thresholdLabel')}
              hint={t('observatory.settings.thresholdHint', { min: MIN_SUPPRESSION_THRESHOLD })}
              value={value}
              error={fieldMessage(action.error, 'suppressionThreshold')}
              onChange={(event) => setDraft(event.target.value)}
            />
            {data.updatedAt ? (
              <p className="muted">
                {t('observatory.settings.updatedAt', { date: formatDateTime(data.updatedAt, locale) })}
              </p>
            ) : null}
            <Button type="submit" pending={action.pending}>
              {t('common.save')}
            </Button>
          </form>
        )}
      </Loaded>
    </section>
  );
}
