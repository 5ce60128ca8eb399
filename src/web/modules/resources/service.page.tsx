import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Capacity, RevealedAddress, ServiceDetail } from '../../../shared/contracts/resources';
import { ApiError, api } from '../../app/api';
import { useForm } from '../../app/form';
import { formatDate } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { TextAreaField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { ageRange, ago, languageName, NumberField } from './parts';

type Location = ServiceDetail['locations'][number];

/** A safe place's counter: two big buttons for its staff, "updated X ago" for everyone. */
function CapacityCounter({
  serviceId,
  at,
  canUpdate,
}: {
  serviceId: string;
  at: Location;
  canUpdate: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [capacity, setCapacity] = useState<Capacity>(at.capacity!);
  const headingId = `capacity-${at.serviceLocationId}`;
  const form = useForm({ available: String(at.capacity?.available ?? '') }, () => `${headingId}-value`);
  const { run, pending, error } = form;
  const [said, setSaid] = useState<string | null>(null);
  const tap = (step: -1 | 1) => {
    setSaid(null);
    void run(async () => {
      try {
        const next = await api.put<Capacity>(
          `/resources/service-locations/${at.serviceLocationId}/capacity`,
          {
            step,
            version: capacity.version,
          },
        );
        setCapacity(next);
        setSaid(t('resources.capacity.saved', { available: next.available }));
      } catch (reason) {
        // Someone else changed the count in between: show theirs with the message.
        if (reason instanceof ApiError && reason.status === 409) {
          const fresh = await api.get<ServiceDetail>(`/resources/services/${serviceId}`).catch(() => null);
          const theirs = fresh?.locations.find((l) => l.serviceLocationId === at.serviceLocationId)?.capacity;
          if (theirs) setCapacity(theirs);
        }
        throw reason;
      }
    });
  };
  return (
    <section className="res-capacity" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('resources.capacity.title')}</h4>
      <p className="res-capacity-count">
        {t('resources.capacity.count', {
          available: capacity.available ?? '—',
          maximum: capacity.maximum ?? '—',
        })}
      </p>
      <p className="muted">
        {capacity.updatedAt
          ? t('resources.capacity.updated', { when: ago(capacity.updatedAt, locale) })
          : t('resources.capacity.never')}
      </p>
      {canUpdate ? (
        <>
          <ErrorSummary error={error} />
          <div className="button-row">
            <Button
              className="res-tap"
              variant="secondary"
              pending={pending}
              disabled={capacity.available === 0}
              aria-label={t('resources.capacity.take')}
              onClick={() => tap(-1)}
            >
              −1
            </Button>
            <Button
              className="res-tap"
              variant="secondary"
              pending={pending}
              disabled={capacity.maximum !== null && capacity.available === capacity.maximum}
              aria-label={t('resources.capacity.free')}
              onClick={() => tap(1)}
            >
              +1
            </Button>
          </div>
          <StatusMessage>{said}</StatusMessage>
          <details>
            <summary>{t('resources.capacity.setTitle')}</summary>
            <form
              className="narrow"
              noValidate
              onSubmit={form.onSubmit(async () => {
                setSaid(null);
                const next = await api.put<Capacity>(
                  `/resources/service-locations/${at.serviceLocationId}/capacity`,
                  { available: Number(form.values.available), version: capacity.version },
                );
                setCapacity(next);
                setSaid(t('resources.capacity.saved', { available: next.available }));
              })}
            >
              <NumberField
                label={t('resources.capacity.setLabel')}
                min={0}
                max={capacity.maximum ?? undefined}
                {...form.field('available')}
              />
              <Button type="submit" pending={pending}>
                {t('resources.capacity.set')}
              </Button>
            </form>
          </details>
        </>
      ) : null}
    </section>
  );
}

/** The audited reveal of a confidential address: a purpose first, then the address. */
function Reveal({ at }: { at: Location }) {
  const { t } = useTranslation();
  const [address, setAddress] = useState<RevealedAddress | null>(null);
  const id = `reveal-${at.location.id}`;
  const form = useForm({ purpose: '' }, () => id);
  const onSubmit = form.onSubmit(async () => {
    setAddress(
      await api.post<RevealedAddress>(`/resources/locations/${at.location.id}/reveal`, {
        purpose: form.values.purpose,
      }),
    );
  });
  if (address)
    return (
      <address className="res-revealed">
        {address.address1}
        {address.address2 ? <>, {address.address2}</> : null}
        <br />
        {[address.city, address.postalCode].filter(Boolean).join(' ')}
      </address>
    );
  return (
    <details>
      <summary>{t('resources.reveal.open')}</summary>
      <form className="narrow" onSubmit={onSubmit} noValidate>
        <ErrorSummary error={form.error} fieldId={form.fieldId} />
        <TextAreaField
          label={t('resources.reveal.purpose')}
          hint={t('resources.reveal.hint')}
          required
          maxLength={300}
          {...form.field('purpose')}
        />
        <Button type="submit" pending={form.pending}>
          {t('resources.reveal.submit')}
        </Button>
      </form>
    </details>
  );
}

function LocationCard({ serviceId, at, canUpdate }: { serviceId: string; at: Location; canUpdate: boolean }) {
  const { t } = useTranslation();
  const l = at.location;
  return (
    <li className="card">
      <h3 className="card-title">{l.name ?? l.city ?? t('resources.location.unnamed')}</h3>
      {l.confidential ? (
        <>
          <p>
            <span className="tag">{t('resources.location.confidential')}</span> {l.city}
          </p>
          {l.frontGate ? (
            <p>
              <strong>{t('resources.location.frontGate')}</strong> {l.frontGate}
            </p>
          ) : null}
          {l.canReveal ? <Reveal at={at} /> : null}
        </>
      ) : (
        <address>
          {[l.address1, l.address2].filter(Boolean).join(', ')}
          {l.address1 ? <br /> : null}
          {[l.city, l.postalCode].filter(Boolean).join(' ')}
        </address>
      )}
      {l.description ? <p>{l.description}</p> : null}
      {l.transportation ? <p>{l.transportation}</p> : null}
      {l.accessibility ? <p>{l.accessibility}</p> : null}
      {at.capacity ? <CapacityCounter serviceId={serviceId} at={at} canUpdate={canUpdate} /> : null}
    </li>
  );
}

/**
 * Referring someone to the service, near the top where a thumb reaches it: through Filet when the
 * service receives referrals (its keeper answers them), else recording one made another way.
 */
function ReferThisService({ service, forSubject }: { service: ServiceDetail; forSubject: string | null }) {
  const { t } = useTranslation();
  const id = encodeURIComponent(service.id);
  // Coming from a person's page (`pour`), the referral form starts with that person.
  const pour = forSubject ? `&pour=${encodeURIComponent(forSubject)}` : '';
  // Filet refers only to an active service whose keeper answers; any other is recorded as made elsewhere.
  const throughFilet =
    service.acceptsReferrals && service.keeperOrganisationId !== null && service.status === 'active';
  return (
    <div className="res-refer">
      <p className="button-row">
        {throughFilet ? (
          <Link className="button button-primary" to={`/references/nouvelle?service=${id}${pour}`}>
            {t('referrals.service.refer')}
          </Link>
        ) : (
          <Link className="button button-secondary" to={`/references/consigner?service=${id}${pour}`}>
            {t('referrals.service.log')}
          </Link>
        )}
      </p>
      <p className="muted">
        {throughFilet
          ? t('referrals.service.referHint', { days: service.responseDays })
          : t('referrals.service.logHint')}
      </p>
    </div>
  );
}

/** A service of the directory: what it offers, to whom, when, where, and a safe place's free places. */
export function ServicePage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const service = useApiData<ServiceDetail>(`/resources/services/${encodeURIComponent(id)}`);
  const confirm = useAction();
  const { can } = useSession();
  const [said, setSaid] = useState<string | null>(null);
  if (service.error) return <LoadErrorPage error={service.error} />;
  const s = service.data;
  if (!s) return <LoadingPage />;
  const ages = ageRange(t, s.minAge, s.maxAge);
  return (
    <Page title={s.name} lead={s.organisation.name}>
      <p className="button-row">
        <Link to="/repertoire/recherche">{t('resources.backToSearch')}</Link>
        {s.canKeep ? (
          <Link className="button button-secondary" to={`/repertoire/services/${s.id}/modifier`}>
            {t('resources.service.edit')}
          </Link>
        ) : null}
      </p>
      {can('referrals.send') ? <ReferThisService service={s} forSubject={params.get('pour')} /> : null}
      {s.status !== 'active' ? <p className="notice">{t(`resources.statuses.${s.status}`)}</p> : null}
      {s.stale ? (
        <div className="notice">
          <p>{t('resources.service.staleNotice', { date: formatDate(s.confirmedAt, locale) })}</p>
          {s.canKeep ? (
            <>
              <ErrorSummary error={confirm.error} />
              <Button
                pending={confirm.pending}
                onClick={() =>
                  void confirm.run(async () => {
                    service.setData(
                      await api.post<ServiceDetail>(`/resources/services/${s.id}/confirm`, {
                        version: s.version,
                      }),
                    );
                    setSaid(t('resources.service.confirmed'));
                  })
                }
              >
                {t('resources.service.confirm')}
              </Button>
            </>
          ) : null}
        </div>
      ) : null}
      <StatusMessage>{said}</StatusMessage>
      <p>
        {s.taxonomy.map((code) => (
          <span key={code} className="tag">
            {t(`resources.taxonomy.${code}`)}
          </span>
        ))}
      </p>
      {s.description ? <p className="pre-wrap">{s.description}</p> : null}

      <h2>{t('resources.service.forWhom')}</h2>
      <dl className="summary-list">
        {ages ? <Detail term={t('resources.fields.ages')}>{ages}</Detail> : null}
        <Detail term={t('resources.fields.genders')}>
          {s.genders.length === 0
            ? t('resources.genders.all')
            : s.genders.map((g) => t(`resources.genders.${g}`)).join(', ')}
        </Detail>
        {s.audiences.length > 0 ? (
          <Detail term={t('resources.fields.audiences')}>
            {s.audiences.map((a) => t(`resources.audiences.${a}`)).join(', ')}
          </Detail>
        ) : null}
        <Detail term={t('resources.fields.languages')}>
          {s.languages.map((code) => languageName(code, locale)).join(', ')}
        </Detail>
        <Detail term={t('resources.fields.region')}>{s.region}</Detail>
        {s.eligibility ? (
          <Detail term={t('resources.fields.eligibility')} className="pre-wrap">
            {s.eligibility}
          </Detail>
        ) : null}
        {s.application ? (
          <Detail term={t('resources.fields.application')} className="pre-wrap">
            {s.application}
          </Detail>
        ) : null}
        <Detail term={t('resources.fields.fees')}>
          {s.free ? t('resources.service.free') : (s.fees ?? '—')}
        </Detail>
      </dl>

      <h2>{t('resources.service.contact')}</h2>
      {s.phones.length > 0 ? (
        <ul className="plain-list">
          {s.phones.map((p) => (
            <li key={`${p.number}-${p.extension ?? ''}`}>
              <a href={`tel:${p.number.replace(/[^0-9+]/g, '')}`}>{p.number}</a>
              {p.extension !== null ? ` ${t('resources.phone.extension', { extension: p.extension })}` : null}{' '}
              <span className="muted">
                ({t(`resources.phoneKinds.${p.kind}`)}
                {p.description ? ` — ${p.description}` : ''})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('resources.service.noPhone')}</p>
      )}
      {s.url ? (
        <p>
          <a href={/^https?:\/\//i.test(s.url) ? s.url : undefined} rel="noreferrer noopener" target="_blank">
            {s.url}
          </a>
        </p>
      ) : null}
      {s.email ? (
        <p>
          <a href={`mailto:${s.email}`}>{s.email}</a>
        </p>
      ) : null}

      <h2>{t('resources.service.hours')}</h2>
      {s.alwaysOpen ? (
        <p>{t('resources.service.alwaysOpen')}</p>
      ) : s.schedules.length > 0 ? (
        <ul className="plain-list">
          {s.schedules.map((h) => (
            <li key={`${h.weekday}-${h.opensAt}`}>
              {t(`resources.weekdays.${h.weekday}`)} : {h.opensAt} – {h.closesAt}
              {h.note ? ` (${h.note})` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('resources.service.noHours')}</p>
      )}

      <h2>{t('resources.service.locations')}</h2>
      {s.locations.length > 0 ? (
        <ul className="card-grid">
          {s.locations.map((at) => (
            <LocationCard
              key={at.serviceLocationId}
              serviceId={s.id}
              at={at}
              canUpdate={s.canUpdateCapacity}
            />
          ))}
        </ul>
      ) : (
        <p className="muted">{t('resources.service.noLocation')}</p>
      )}
      <p className="muted">
        {t('resources.service.confirmedOn', { date: formatDate(s.confirmedAt, locale) })}{' '}
        <Link to={`/repertoire/organisations/${s.organisation.id}`}>{s.organisation.name}</Link>
      </p>
    </Page>
  );
}
