import type { TFunction } from 'i18next';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { NotificationItem, NotificationList } from '../../shared/contracts/notify';
import { api } from '../app/api';
import { subscribeToEvents } from '../app/event-stream';
import { formatDateTime } from '../app/format';
import { currentLocale, i18n } from '../app/i18n';

interface StreamedNotification {
  id: string;
  kind: string;
  params?: Record<string, string | number> | null;
  link?: string | null;
}

function isStreamed(value: unknown): value is StreamedNotification {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    typeof value.id === 'string' &&
    'kind' in value &&
    typeof value.kind === 'string'
  );
}

/**
 * The catalogue text of a notification kind: `<module>.notifications.<rest>` for a module's kinds
 * (`network.pivot_ending` → `network.notifications.pivot_ending`), else `notifications.<kind>`, else a
 * generic line.
 */
export function notificationText(
  t: TFunction,
  item: { kind: string; params?: Record<string, unknown> | null },
) {
  const dot = item.kind.indexOf('.');
  const candidates = [
    ...(dot > 0 ? [`${item.kind.slice(0, dot)}.notifications.${item.kind.slice(dot + 1)}`] : []),
    `notifications.${item.kind}`,
  ];
  const key = candidates.find((candidate) => i18n.exists(candidate));
  return key ? t(key, item.params ?? {}) : t('inbox.generic');
}

/**
 * The header's notifications: unread badge, a panel listing the latest, and a polite live
 * announcement of each one that arrives on the server-sent-event stream.
 */
export function NotificationsMenu() {
  const { t } = useTranslation();
  const [items, setItems] = useState<NotificationItem[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const panelId = useId();

  useEffect(() => {
    let current = true;
    api
      .get<NotificationList>('/notifications')
      .then((list) => {
        if (!current) return;
        setItems(list.items);
        setUnread(list.unread);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);

  useEffect(
    () =>
      subscribeToEvents('notification', (data) => {
        if (!isStreamed(data)) return;
        const item: NotificationItem = {
          id: data.id,
          kind: data.kind,
          params: data.params ?? {},
          link: data.link ?? null,
          createdAt: new Date().toISOString(),
          readAt: null,
        };
        setItems((previous) => [item, ...previous.filter((existing) => existing.id !== item.id)]);
        setUnread((count) => count + 1);
        setAnnouncement(i18n.t('inbox.announce', { text: notificationText(i18n.t, item) }));
      }),
    [],
  );

  const markRead = useCallback((item: NotificationItem) => {
    if (item.readAt) return;
    const readAt = new Date().toISOString();
    setItems((previous) =>
      previous.map((existing) => (existing.id === item.id ? { ...existing, readAt } : existing)),
    );
    setUnread((count) => Math.max(0, count - 1));
    void api.post(`/notifications/${encodeURIComponent(item.id)}/read`, {}).catch(() => undefined);
  }, []);

  const locale = currentLocale();

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape closes the panel from anywhere inside it.
    <div
      className="notifications"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) setOpen(false);
      }}
    >
      <button
        type="button"
        className="header-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        {t('inbox.button')}{' '}
        {unread > 0 ? (
          <span className="badge">
            {unread}
            <span className="visually-hidden"> {t('inbox.unreadSuffix')}</span>
          </span>
        ) : null}
      </button>
      <div id={panelId} className="notifications-panel" hidden={!open}>
        <p className="notifications-title">{t('inbox.title')}</p>
        {items.length === 0 ? (
          <p>{t('inbox.empty')}</p>
        ) : (
          <ul className="notifications-list">
            {items.map((item) => (
              <li key={item.id} className={item.readAt ? 'notification' : 'notification notification-unread'}>
                <p>
                  {item.readAt ? null : <span className="tag tag-info">{t('inbox.new')}</span>}{' '}
                  {notificationText(t, item)}
                </p>
                <p className="muted">{formatDateTime(item.createdAt, locale)}</p>
                <div className="button-row">
                  {item.link?.startsWith('/') ? (
                    <Link
                      to={item.link}
                      onClick={() => {
                        markRead(item);
                        setOpen(false);
                      }}
                    >
                      {t('inbox.open')}
                    </Link>
                  ) : null}
                  {item.readAt ? null : (
                    <button type="button" className="button button-link" onClick={() => markRead(item)}>
                      {t('inbox.markRead')}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
