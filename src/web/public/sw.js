/*
 * Filet's service worker, served at /sw.js under the same strict Content Security Policy as the app.
 * It shows the web push Filet sends and opens Filet where it points, and keeps the subscription alive
 * when the browser replaces it. The push carries no content — "new item" and a link inside Filet —
 * because a lock screen is visible to whoever holds the phone. There is deliberately no fetch handler:
 * nothing of Filet is cached on the device.
 */
self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

function insideLink(value) {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  const title = typeof data.title === 'string' ? data.title : 'Filet';
  const body = typeof data.body === 'string' ? data.body : '';
  event.waitUntil(
    self.registration.showNotification(title, {
      body,
      tag: 'filet',
      renotify: true,
      data: { url: insideLink(data.url) },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(insideLink(event.notification.data?.url), self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const client of windows) {
        if (new URL(client.url).origin !== self.location.origin) continue;
        await client.focus();
        if ('navigate' in client) await client.navigate(target);
        return;
      }
      await self.clients.openWindow(target);
    })(),
  );
});

function base64url(buffer) {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function keyBytes(value) {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

/** The key the old subscription was made with, else the one Filet gives (needs a session). */
async function applicationServerKey(oldSubscription) {
  const known = oldSubscription.options?.applicationServerKey;
  if (known) return known;
  const response = await fetch('/api/push/key', {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) return null;
  const { publicKey } = await response.json();
  return typeof publicKey === 'string' ? keyBytes(publicKey) : null;
}

/**
 * The browser replaced this device's subscription: subscribe again with the same key (unless the
 * browser already did) and hand the new one to Filet with proof of the old one — its endpoint and its
 * `auth` secret, which only this browser and Filet know. There is no session to speak for a service
 * worker. Without the old subscription (older browsers fire the event bare), the page puts things
 * right at its next load. Resolves with whether Filet took the new subscription.
 */
async function renewSubscription(oldSubscription, newSubscription) {
  const auth = oldSubscription?.getKey('auth');
  if (!auth) return false;
  let subscription = newSubscription;
  if (!subscription) {
    const key = await applicationServerKey(oldSubscription);
    if (!key) return false;
    subscription = await self.registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: key,
    });
  }
  const json = subscription.toJSON();
  const response = await fetch('/api/push/renew', {
    method: 'POST',
    credentials: 'omit',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      oldEndpoint: oldSubscription.endpoint,
      oldAuth: base64url(auth),
      endpoint: json.endpoint,
      keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' },
    }),
  });
  return response.ok;
}

self.addEventListener('pushsubscriptionchange', (event) => {
  event.waitUntil(
    renewSubscription(event.oldSubscription ?? null, event.newSubscription ?? null).catch(() => false),
  );
});
