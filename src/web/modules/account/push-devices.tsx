import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PushDevice, PushDeviceList, PushSettings } from '../../../shared/contracts/notify';
import { ApiError, api, fieldMessage } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSignedIn } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { Loading } from '../../ui/page';
import { Table, TableHead } from '../../ui/table';
import {
  fingerprintOf,
  forgetOptIn,
  keyBytes,
  pushSupported,
  rememberOptIn,
  resyncPushOnce,
  subscriptionBody,
} from './push-resync';

/** A short name for this device, which the person may change: browser and system, nothing more. */
function guessLabel(fallback: string): string {
  const agent = navigator.userAgent;
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /Firefox\//.test(agent)
      ? 'Firefox'
      : /Chrome\//.test(agent)
        ? 'Chrome'
        : /Safari\//.test(agent)
          ? 'Safari'
          : fallback;
  const system = /Android/.test(agent)
    ? 'Android'
    : /iPhone|iPad/.test(agent)
      ? 'iOS'
      : /Windows/.test(agent)
        ? 'Windows'
        : /Mac OS X/.test(agent)
          ? 'macOS'
          : /Linux/.test(agent)
            ? 'Linux'
            : '';
  return system ? `${browser} — ${system}` : browser;
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration('/');
  return registration ? registration.pushManager.getSubscription() : null;
}

/**
 * Web push, device by device: turn it on for this browser (permission, service worker, subscription
 * sent to Filet), turn it off, and the list of my devices, each removable. Pushes carry no content.
 */
export function PushDevices() {
  const { t } = useTranslation();
  const session = useSignedIn();
  const key = useApiData<PushSettings>('/push/key');
  const devices = useApiData<PushDeviceList>('/push/subscriptions');
  const { run, pending, error, setError } = useAction();
  /** Fingerprint of the subscription this browser holds (null: none; undefined: not known yet). */
  const [local, setLocal] = useState<string | null | undefined>(undefined);
  const [label, setLabel] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const locale = currentLocale();
  const reloadDevices = devices.reload;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the guess is made once, in the language of the moment.
  useEffect(() => {
    setLabel(guessLabel(t('push.browser')));
    if (!pushSupported()) return;
    // The page-load resync may be re-registering this device (it runs once: this joins it).
    resyncPushOnce(session.person.id)
      .then(async (changed) => {
        if (changed) reloadDevices();
        const subscription = await currentSubscription();
        setLocal(subscription ? await fingerprintOf(subscription.endpoint) : null);
      })
      .catch(() => setLocal(null));
  }, []);

  // This browser receives push when Filet knows the subscription it holds.
  const here = local ? (devices.data?.items.some((device) => device.fingerprint === local) ?? false) : false;

  const enable = () => {
    setStatus(null);
    void run(async () => {
      const publicKey = key.data?.publicKey;
      if (!publicKey) return;
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        setError(new ApiError(0, 'push_denied', t('push.denied')));
        return;
      }
      await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey) as BufferSource,
      });
      let device: PushDevice;
      try {
        device = await api.post<PushDevice>('/push/subscriptions', subscriptionBody(subscription, label));
      } catch (reason) {
        // Filet refused it: the browser must not keep a subscription Filet does not know.
        await subscription.unsubscribe().catch(() => undefined);
        throw reason;
      }
      // Remembered so that a later page load can put the subscription right if the browser replaces it.
      rememberOptIn({ personId: session.person.id, label: device.label, fingerprint: device.fingerprint });
      setLocal(device.fingerprint);
      setStatus(t('push.enabled'));
      devices.reload();
    });
  };

  const disableHere = () => {
    setStatus(null);
    void run(async () => {
      const subscription = await currentSubscription();
      if (subscription) {
        await api.post('/push/unsubscribe', { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      forgetOptIn();
      setLocal(null);
      setStatus(t('push.disabled'));
      devices.reload();
    });
  };

  const remove = (device: PushDevice) => {
    setStatus(null);
    void run(async () => {
      await api.delete(`/push/subscriptions/${encodeURIComponent(device.id)}`);
      if (device.fingerprint === local) {
        // This very browser: stop its subscription too, and do not opt it in again at the next load.
        await (await currentSubscription())?.unsubscribe().catch(() => undefined);
        forgetOptIn();
        setLocal(null);
      }
      setStatus(t('push.removed', { label: device.label }));
      devices.reload();
    });
  };

  if ((key.loading && !key.data) || (devices.loading && !devices.data)) return <Loading />;
  if (!key.data || !devices.data) return <ErrorSummary error={key.error ?? devices.error} />;

  return (
    <>
      <p>{t('push.lead')}</p>
      <StatusMessage>{status}</StatusMessage>
      <ErrorSummary error={error} fieldId={{ deviceLabel: 'push-label' }} />
      {!key.data.enabled ? (
        <p>{t('push.off')}</p>
      ) : !pushSupported() ? (
        <p>{t('push.unsupported')}</p>
      ) : local === undefined ? (
        <Loading />
      ) : here ? (
        <p>
          {t('push.here')}{' '}
          <Button variant="secondary" pending={pending} onClick={disableHere}>
            {t('push.disableHere')}
          </Button>
        </p>
      ) : (
        <form
          className="form"
          noValidate
          aria-busy={pending}
          onSubmit={(event) => {
            event.preventDefault();
            enable();
          }}
        >
          <Field
            id="push-label"
            label={t('push.label')}
            hint={t('push.labelHint')}
            value={label}
            maxLength={80}
            required
            error={fieldMessage(error, 'deviceLabel')}
            onChange={(event) => setLabel(event.target.value)}
          />
          <Button type="submit" pending={pending}>
            {t('push.enable')}
          </Button>
        </form>
      )}
      {devices.data.items.length === 0 ? (
        <p>{t('push.none')}</p>
      ) : (
        <Table caption={t('push.caption')}>
          <TableHead
            columns={[
              t('push.device'),
              t('push.createdAt'),
              t('push.lastSuccessAt'),
              { label: t('common.actions'), hidden: true },
            ]}
          />
          <tbody>
            {devices.data.items.map((device) => (
              <tr key={device.id}>
                <th scope="row">
                  {device.label}
                  {device.fingerprint === local ? (
                    <>
                      {' '}
                      <span className="tag tag-info">{t('push.thisDevice')}</span>
                    </>
                  ) : null}
                </th>
                <td>{formatDateTime(device.createdAt, locale)}</td>
                <td>{device.lastSuccessAt ? formatDateTime(device.lastSuccessAt, locale) : '—'}</td>
                <td>
                  <Button variant="secondary" pending={pending} onClick={() => remove(device)}>
                    {t('push.remove')}
                    <span className="visually-hidden"> {device.label}</span>
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
