import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  AccessReview,
  EmergencyAccess,
  PersonRef,
  RoleRequest,
} from '../../../shared/contracts/accounts';
import { api } from '../../app/api';
import { formatDate, formatDateTime, labelOf } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';

const name = (ref: PersonRef | null, fallback = '—') => ref?.name || fallback;

function Proposals({
  requests,
  onDecide,
  pending,
}: {
  requests: RoleRequest[];
  onDecide: (request: RoleRequest, decision: 'approve' | 'refuse') => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const open = requests.filter((r) => r.status === 'pending');
  const decided = requests.filter((r) => r.status !== 'pending');
  return (
    <>
      {open.length === 0 ? (
        <p>{t('access.review.noProposals')}</p>
      ) : (
        <ul className="card-list">
          {open.map((r) => (
            <li key={r.id} className="card">
              <p>
                <strong>{labelOf(t, 'roles', r.role)}</strong>{' '}
                {t('access.review.proposedFor', { person: name(r.person) })}
              </p>
              <p className="muted">
                {t('access.review.proposedBy', {
                  person: name(r.proposedBy),
                  at: formatDateTime(r.proposedAt, locale),
                })}
              </p>
              {r.canDecide ? (
                <div className="button-row">
                  <Button pending={pending} onClick={() => onDecide(r, 'approve')}>
                    {t('access.review.approve')}
                  </Button>
                  <Button variant="secondary" pending={pending} onClick={() => onDecide(r, 'refuse')}>
                    {t('access.review.refuse')}
                  </Button>
                </div>
              ) : (
                <p className="muted">{t('access.review.notYours')}</p>
              )}
            </li>
          ))}
        </ul>
      )}
      {decided.length > 0 ? (
        <details>
          <summary>{t('access.review.decided', { count: decided.length })}</summary>
          <ul>
            {decided.map((r) => (
              <li key={r.id}>
                {t(`access.requestStatuses.${r.status}`)} — {labelOf(t, 'roles', r.role)}, {name(r.person)} (
                {name(r.decidedBy)}, {formatDate(r.decidedAt, locale)})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

function Emergencies({
  items,
  onReview,
  pending,
}: {
  items: EmergencyAccess[];
  onReview: (item: EmergencyAccess, decision: 'accepted' | 'contested') => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  if (items.length === 0) return <p>{t('access.review.noEmergency')}</p>;
  return (
    <ul className="card-list">
      {items.map((e) => (
        <li key={e.id} className={e.review.status === 'pending' ? 'card card-flagged' : 'card'}>
          <p>
            <strong>
              {e.active
                ? t('access.emergency.activeUntil', { at: formatDateTime(e.expiresAt, locale) })
                : t('access.emergency.ended', { at: formatDateTime(e.endedAt, locale) })}
            </strong>
          </p>
          <dl className="details">
            <Detail term={t('access.emergency.administrator')}>{name(e.administrator)}</Detail>
            <Detail term={t('access.emergency.startedAt')}>{formatDateTime(e.startedAt, locale)}</Detail>
            <Detail term={t('access.emergency.roles')}>
              {e.roles.map((role) => labelOf(t, 'roles', role)).join(', ')}
            </Detail>
            <Detail term={t('access.emergency.actions')}>{e.actions}</Detail>
            <div>
              <dt>{t('access.emergency.justification')}</dt>
              <dd className="pre-wrap">{e.justification}</dd>
            </div>
            <Detail term={t('access.emergency.review')}>
              {e.review.status === 'pending'
                ? t('access.emergency.toReview')
                : t(`access.emergency.reviewed.${e.review.status}`, {
                    person: name(e.review.by),
                    at: formatDateTime(e.review.at, locale),
                  })}
            </Detail>
          </dl>
          {e.canReview ? (
            <div className="button-row">
              <Button pending={pending} onClick={() => onReview(e, 'accepted')}>
                {t('access.emergency.accept')}
              </Button>
              <ConfirmButton
                label={t('access.emergency.contest')}
                title={t('access.emergency.contestTitle')}
                message={t('access.emergency.contestMessage')}
                confirmLabel={t('access.emergency.contest')}
                pending={pending}
                onConfirm={() => onReview(e, 'contested')}
              />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * An organisation's access review, for its coordinators and privacy officers: who holds which role and
 * how it was consented, the proposals waiting for their decision, emergency accesses to review, and the
 * attestation due every 90 days, with the CSV.
 */
export function AccessReviewPage({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const review = useApiData<AccessReview>(`/organisations/${encodeURIComponent(organisationId)}/access`);
  const action = useAction();
  const [message, setMessage] = useState<string | null>(null);

  if (review.loading && !review.data) return <LoadingPage />;
  if (!review.data) return review.error ? <LoadErrorPage error={review.error} /> : <LoadingPage />;
  const data = review.data;
  const base = `/organisations/${encodeURIComponent(organisationId)}`;

  const act = (task: () => Promise<unknown>, done: string) => {
    setMessage(null);
    void action
      .run(async () => {
        await task();
      })
      .then((ok) => {
        if (ok) setMessage(done);
        review.reload();
      });
  };
  const pendingCount = data.requests.filter((r) => r.status === 'pending').length;
  const toReview = data.emergencies.filter((e) => e.review.status === 'pending').length;

  return (
    <Page
      title={t('access.review.title', { organisation: data.organisation.name })}
      lead={t('access.review.lead')}
    >
      <p>
        <Link to={base}>{t('access.review.back')}</Link>
      </p>
      <StatusMessage>{message}</StatusMessage>
      <ErrorSummary error={action.error} />

      <section className="section" aria-labelledby="access-summary">
        <h2 id="access-summary">{t('access.review.summary')}</h2>
        <ul className="summary-list">
          <li>{t('access.review.holdingsCount', { count: data.holdings.length })}</li>
          <li>{t('access.review.pendingCount', { count: pendingCount })}</li>
          <li>{t('access.review.emergencyCount', { count: toReview })}</li>
          <li className={data.overdue ? 'text-warning' : undefined}>
            {data.lastAttestation
              ? t('access.review.lastAttested', {
                  person: name(data.lastAttestation.by),
                  at: formatDate(data.lastAttestation.at, locale),
                })
              : t('access.review.neverAttested')}{' '}
            {data.overdue
              ? t('access.review.overdue')
              : t('access.review.due', { at: formatDate(data.dueAt, locale) })}
          </li>
        </ul>
        <div className="button-row">
          <ConfirmButton
            label={t('access.review.attest')}
            title={t('access.review.attestTitle')}
            message={t('access.review.attestMessage', { count: data.holdings.length })}
            confirmLabel={t('access.review.attest')}
            pending={action.pending}
            onConfirm={() =>
              act(() => api.post(`${base}/access/attestations`, {}), t('access.review.attested'))
            }
          />
          <a className="button button-secondary" href={`/api${base}/access.csv`} download>
            {t('access.review.csv')}
          </a>
        </div>
      </section>

      <section className="section" aria-labelledby="access-proposals">
        <h2 id="access-proposals">{t('access.review.proposals')}</h2>
        <p className="field-hint">{t('access.review.proposalsHint')}</p>
        <Proposals
          requests={data.requests}
          pending={action.pending}
          onDecide={(r, decision) =>
            act(
              () => api.post(`/role-requests/${encodeURIComponent(r.id)}/${decision}`, {}),
              t(decision === 'approve' ? 'access.review.approved' : 'access.review.refused'),
            )
          }
        />
      </section>

      <section className="section" aria-labelledby="access-emergencies">
        <h2 id="access-emergencies">{t('access.review.emergencies')}</h2>
        <Emergencies
          items={data.emergencies}
          pending={action.pending}
          onReview={(e, decision) =>
            act(
              () => api.post(`/emergency-access/${encodeURIComponent(e.id)}/review`, { decision }),
              t(`access.emergency.reviewDone.${decision}`),
            )
          }
        />
      </section>

      <section className="section" aria-labelledby="access-holdings">
        <h2 id="access-holdings">{t('access.review.holdings')}</h2>
        {data.bootstrap ? (
          <p>
            {t('access.review.bootstrap', {
              person: name(data.bootstrap.person),
              by: name(data.bootstrap.by),
              at: formatDate(data.bootstrap.at, locale),
            })}
          </p>
        ) : null}
        <DataTable
          caption={t('access.review.holdingsCaption', { organisation: data.organisation.name })}
          columns={[
            t('access.review.person'),
            t('access.review.role'),
            t('access.review.consent'),
            t('access.review.since'),
            t('access.review.grantedBy'),
            t('access.review.approvedBy'),
          ]}
          rows={data.holdings}
        >
          {(h) => (
            <tr
              key={`${h.person.id}:${h.role}`}
              className={h.consent === 'legacy' ? 'row-flagged' : undefined}
            >
              <th scope="row">
                <Link to={`/personnes/${encodeURIComponent(h.person.id)}`}>{h.person.name}</Link>
                {h.person.status !== 'active' ? ` (${labelOf(t, 'statuses', h.person.status)})` : ''}
              </th>
              <td>{labelOf(t, 'roles', h.role)}</td>
              <td>{t(`access.consents.${h.consent}`)}</td>
              <td>{formatDate(h.since, locale)}</td>
              <td>{name(h.grantedBy)}</td>
              <td>{h.approvedBy ? `${h.approvedBy.name} (${formatDate(h.approvedAt, locale)})` : '—'}</td>
            </tr>
          )}
        </DataTable>
      </section>
    </Page>
  );
}
