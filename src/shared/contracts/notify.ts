/**
 * The contract of notifications: the in-app list behind the bell menu, and web push device by device
 * (the server's public key, my devices, subscribing, and the service worker's renewal). Endpoints and
 * keys go in and never come out. Shared by the server and the web app.
 */
import { type Static, Type } from '@sinclair/typebox';
import { IsoDateTime, Nullable, Strict } from './common.js';

// ---------------------------------------------------------------- in-app notifications

export const NotificationItem = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  link: Nullable(Type.String()),
  createdAt: IsoDateTime,
  readAt: Nullable(IsoDateTime),
});
export type NotificationItem = Static<typeof NotificationItem>;

export const NotificationList = Type.Object({
  items: Type.Array(NotificationItem),
  unread: Type.Integer({ minimum: 0 }),
});
export type NotificationList = Static<typeof NotificationList>;

// ---------------------------------------------------------------- web push

const Base64Url = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+=*$' });
const Endpoint = Type.String({ minLength: 8, maxLength: 1000 });
const Keys = Strict({ p256dh: Base64Url(200), auth: Base64Url(100) });

/** Whether this server sends web push, and the key browsers must subscribe with. */
export const PushSettings = Type.Object({ enabled: Type.Boolean(), publicKey: Nullable(Type.String()) });
export type PushSettings = Static<typeof PushSettings>;

export const PushDevice = Type.Object({
  id: Type.String(),
  label: Type.String(),
  fingerprint: Type.String({
    description: 'SHA-256 of the endpoint (base64url), for the browser holding it',
  }),
  createdAt: IsoDateTime,
  lastSuccessAt: Nullable(IsoDateTime),
  lastFailureAt: Nullable(IsoDateTime),
});
export type PushDevice = Static<typeof PushDevice>;
export const PushDeviceList = Type.Object({ items: Type.Array(PushDevice) });
export type PushDeviceList = Static<typeof PushDeviceList>;

/** A browser's push subscription as it reaches Filet (`PushSubscription.toJSON()`). */
export const PushSubscription = Strict({ endpoint: Endpoint, keys: Keys });
export type PushSubscription = Static<typeof PushSubscription>;

/** Opting this device in, under a label the person chose. */
export const SubscribeBody = Strict({
  endpoint: Endpoint,
  keys: Keys,
  deviceLabel: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }),
});
export type SubscribeBody = Static<typeof SubscribeBody>;

/** A subscription the browser replaced, proven by the endpoint and `auth` secret of the old one. */
export const RenewBody = Strict({
  oldEndpoint: Endpoint,
  oldAuth: Base64Url(100),
  endpoint: Endpoint,
  keys: Keys,
});
export type RenewBody = Static<typeof RenewBody>;

export const UnsubscribeBody = Strict({ endpoint: Endpoint });
export type UnsubscribeBody = Static<typeof UnsubscribeBody>;
