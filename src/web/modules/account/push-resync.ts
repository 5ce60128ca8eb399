import type { PushDevice, PushDeviceList, SubscribeBody } from '../../../shared/contracts/notify';
import { api } from '../../app/api';

/**
 * Keeps this device's web push subscription and Filet in step. Browsers may replace a subscription
 * (Chrome can drop one silently; the service worker handles `pushsubscriptionchange` where the browser
 * fires it), so once per page load, on a device that opted in, the subscription the browser holds is
 * compared with what Filet knows and registered again through the normal route if it changed or
 * vanished. Silent: nothing is shown and nothing is thrown.
 */

/**
 * This browser opted in for this person, under this label, with the subscription of this fingerprint.
 * No secret: the endpoint and keys stay in the browser's push subscription.
 */
interface OptIn {
  personId: string;
  label: string;
  fingerprint: string;
}

const STORAGE_KEY = 'filet.push';

export const pushSupported = () =>
  typeof window !== 'undefined' &&
  'serviceWorker' in navigator &&
  'PushManager' in window &&
  'Notification' in window;

export function readOptIn(): OptIn | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { personId, label, fingerprint } = value as Record<string, unknown>;
    return typeof personId === 'string' && typeof label === 'string' && typeof fingerprint === 'string'
      ? { personId, label, fingerprint }
      : null;
  } catch {
    return null;
  }
}

export function rememberOptIn(value: OptIn): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  } catch {
    // Storage refused (private mode): the device works, it only cannot resync itself later.
  }
}

export function forgetOptIn(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing to forget.
  }
}

/** The key the server gave, as the bytes `pushManager.subscribe` wants. */
export function keyBytes(base64url: string): Uint8Array {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/** SHA-256 of an endpoint, base64url: the `fingerprint` Filet lists for each device. */
export async function fingerprintOf(endpoint: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(endpoint)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The body of `POST /push/subscriptions` for a browser subscription. */
export function subscriptionBody(subscription: PushSubscription, deviceLabel: string): SubscribeBody {
  const json = subscription.toJSON();
  return {
    endpoint: json.endpoint ?? '',
    keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
    deviceLabel,
  };
}

async function registration(): Promise<ServiceWorkerRegistration> {
  const existing = await navigator.serviceWorker.getRegistration('/');
  if (existing) return existing;
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  return navigator.serviceWorker.ready;
}

/** Returns true when it changed something (registered again, or forgot a removed device). */
async function resync(personId: string): Promise<boolean> {
  const optIn = readOptIn();
  if (!optIn || optIn.personId !== personId || !pushSupported()) return false;
  // Without the permission nothing can be subscribed silently; the person decides on the account page.
  if (Notification.permission !== 'granted') return false;
  const pushManager = (await registration()).pushManager;
  const current = await pushManager.getSubscription();
  const { items } = await api.get<PushDeviceList>('/push/subscriptions', {
    reportAuthProblems: false,
  });
  const fingerprint = current ? await fingerprintOf(current.endpoint) : null;
  if (fingerprint && items.some((device) => device.fingerprint === fingerprint)) {
    // In step (perhaps thanks to the service worker): remember the subscription Filet knows.
    if (fingerprint !== optIn.fingerprint) rememberOptIn({ ...optIn, fingerprint });
    return false;
  }
  if (current && fingerprint === optIn.fingerprint) {
    // The browser kept the subscription Filet had, and Filet no longer has it: the person removed this
    // device (here or from another one). Respect it rather than opt the device in again.
    await current.unsubscribe().catch(() => false);
    forgetOptIn();
    return true;
  }
  // Changed or vanished: subscribe again with the same key and tell Filet through the normal route.
  let subscription = current;
  if (!subscription) {
    const key = await api.get<{ enabled: boolean; publicKey: string | null }>('/push/key', {
      reportAuthProblems: false,
    });
    if (!key.publicKey) return false;
    subscription = await pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(key.publicKey) as BufferSource,
    });
  }
  const device = await api.post<PushDevice>(
    '/push/subscriptions',
    subscriptionBody(subscription, optIn.label),
    { reportAuthProblems: false },
  );
  rememberOptIn({ ...optIn, fingerprint: device.fingerprint });
  // The subscription the browser replaced is dead: take it off the list rather than wait for its push
  // service to say so.
  const stale = items.find((item) => item.fingerprint === optIn.fingerprint);
  if (stale) await api.delete(`/push/subscriptions/${encodeURIComponent(stale.id)}`).catch(() => undefined);
  return true;
}

const runs = new Map<string, Promise<boolean>>();

/**
 * Starts the resync for this person, once per page load; later calls join the same run. Resolves
 * with whether it changed something.
 */
export function resyncPushOnce(personId: string): Promise<boolean> {
  let run = runs.get(personId);
  if (!run) {
    run = resync(personId).catch(() => false);
    runs.set(personId, run);
  }
  return run;
}
