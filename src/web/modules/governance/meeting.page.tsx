import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type {
  AgendaItem,
  MeetingDetail,
  MeetingList,
  PlanItem,
  PlanTree,
} from '../../../shared/contracts/governance';
import { ATTENDANCES } from '../../../shared/contracts/governance.values';
import { api, fieldMessage } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { ChoiceField, TextAreaField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { PersonPicker, PlanItemSelect } from './widgets';

function AgendaList({ items, parentId }: { items: AgendaItem[]; parentId: string | null }) {
  const { t } = useTranslation();
  const level = items.filter((item) => item.parentId === parentId);
  if (level.length === 0) return null;
  return (
    <ol className="gov-agenda">
      {level.map((item) => (
        <li key={item.id}>
          {item.title}
          {item.presenterName ? (
            <span className="gov-muted">
              {' '}
              — {t('governance.meetings.presenter', { name: item.presenterName })}
            </span>
          ) : null}
          {item.planItemId ? (
            <>
              {' '}
              <Link to={`/table/plan?item=${encodeURIComponent(item.planItemId)}`}>
                {t('governance.meetings.planLink')}
              </Link>
            </>
          ) : null}
          {item.approvesMeetingId ? (
            <>
              {' '}
              <Link to={`/table/rencontres/${encodeURIComponent(item.approvesMeetingId)}`}>
                {t('governance.meetings.minutesToApprove')}
              </Link>
            </>
          ) : null}
          <AgendaList items={items} parentId={item.id} />
        </li>
      ))}
    </ol>
  );
}

interface AgendaNode {
  title: string;
  presenterId?: string | null;
  planItemId?: string | null;
  approvesMeetingId?: string | null;
  children?: AgendaNode[];
}

/** The agenda as text: one item per line, "-" before a sub-item, "--" before a sub-sub-item. */
function agendaToText(items: AgendaItem[]): string {
  const lines: string[] = [];
  const walk = (parentId: string | null, depth: number) => {
    for (const item of items.filter((i) => i.parentId === parentId)) {
      lines.push(`${'-'.repeat(depth)}${depth > 0 ? ' ' : ''}${item.title}`);
      walk(item.id, depth + 1);
    }
  };
  walk(null, 0);
  return lines.join('\n');
}

/** Reads the text back into nested items, keeping the links of items whose title did not change. */
function textToAgenda(text: string, previous: AgendaItem[]): AgendaNode[] {
  const roots: AgendaNode[] = [];
  const stack: AgendaNode[] = [];
  for (const raw of text.split('\n')) {
    const match = /^\s*(-{0,2})\s*(.*)$/.exec(raw);
    const title = match?.[2]?.trim() ?? '';
    if (!title) continue;
    const depth = Math.min(match?.[1]?.length ?? 0, stack.length);
    const known = previous.find((p) => p.title === title);
    const node: AgendaNode = {
      title: title.slice(0, 300),
      ...(known?.presenterId ? { presenterId: known.presenterId } : {}),
      ...(known?.planItemId ? { planItemId: known.planItemId } : {}),
      ...(known?.approvesMeetingId ? { approvesMeetingId: known.approvesMeetingId } : {}),
    };
    stack.length = depth;
    const parent = stack[depth - 1];
    if (parent) {
      parent.children ??= [];
      parent.children.push(node);
    } else roots.push(node);
    stack.push(node);
  }
  return roots;
}

function AgendaEditor({ meeting, onSaved }: { meeting: MeetingDetail; onSaved: (m: MeetingDetail) => void }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const [text, setText] = useState(agendaToText(meeting.agenda));
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="narrow"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        void run(async () => {
          const updated = await api.patch<MeetingDetail>(
            `/governance/meetings/${encodeURIComponent(meeting.id)}`,
            {
              agenda: textToAgenda(text, meeting.agenda),
            },
          );
          onSaved(updated);
          setText(agendaToText(updated.agenda));
          setSaved(true);
        });
      }}
    >
      <ErrorSummary error={error} />
      <StatusMessage>{saved ? t('governance.meetings.agendaSaved') : null}</StatusMessage>
      <TextAreaField
        id="gov-agenda-text"
        label={t('governance.meetings.agendaText')}
        hint={t('governance.meetings.agendaHint')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        rows={8}
      />
      <Button type="submit" variant="secondary" pending={pending}>
        {t('governance.meetings.saveAgenda')}
      </Button>
    </form>
  );
}

function AttendanceEditor({
  meeting,
  onSaved,
}: {
  meeting: MeetingDetail;
  onSaved: (m: MeetingDetail) => void;
}) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  // The attendance as the server sends it (plain text); the select offers the known values.
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(meeting.invitations.map((i) => [i.personId, i.attendance])),
  );
  const [saved, setSaved] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    void run(async () => {
      const updated = await api.put<MeetingDetail>(
        `/governance/meetings/${encodeURIComponent(meeting.id)}/attendance`,
        {
          entries: Object.entries(values).map(([personId, attendance]) => ({ personId, attendance })),
        },
      );
      onSaved(updated);
      setSaved(true);
    });
  };
  return (
    <form onSubmit={submit}>
      <ErrorSummary error={error} />
      <StatusMessage>{saved ? t('governance.meetings.attendanceSaved') : null}</StatusMessage>
      <DataTable
        caption={t('governance.meetings.attendance')}
        captionHidden
        columns={[
          t('governance.meetings.person'),
          t('governance.meetings.organisation'),
          t('governance.meetings.attendance'),
        ]}
        rows={meeting.invitations}
      >
        {(invitation) => (
          <tr key={invitation.personId}>
            <th scope="row">{invitation.name}</th>
            <td>{invitation.organisationName}</td>
            <td>
              <label className="visually-hidden" htmlFor={`gov-att-${invitation.personId}`}>
                {t('governance.meetings.attendanceOf', { name: invitation.name })}
              </label>
              <select
                id={`gov-att-${invitation.personId}`}
                className="input select"
                value={values[invitation.personId] ?? 'unknown'}
                onChange={(event) => setValues((v) => ({ ...v, [invitation.personId]: event.target.value }))}
              >
                {ATTENDANCES.map((a) => (
                  <option key={a} value={a}>
                    {t(`governance.meetings.attendances.${a}`)}
                  </option>
                ))}
              </select>
            </td>
          </tr>
        )}
      </DataTable>
      {meeting.invitations.length > 0 ? (
        <Button type="submit" variant="secondary" pending={pending}>
          {t('governance.meetings.saveAttendance')}
        </Button>
      ) : null}
    </form>
  );
}

/** Invites or uninvites people while the meeting is planned. */
function Invitees({ meeting, onSaved }: { meeting: MeetingDetail; onSaved: (m: MeetingDetail) => void }) {
  const { t } = useTranslation();
  const { run, error } = useAction();
  const [status, setStatus] = useState<string | null>(null);
  const ids = meeting.invitations.map((i) => i.personId);
  const save = (inviteeIds: string[], message: string) =>
    void run(async () => {
      onSaved(
        await api.patch<MeetingDetail>(`/governance/meetings/${encodeURIComponent(meeting.id)}`, {
          inviteeIds,
        }),
      );
      setStatus(message);
    });
  return (
    <>
      <h3>{t('governance.meetings.invitations')}</h3>
      <ErrorSummary error={error} />
      <StatusMessage>{status}</StatusMessage>
      <ul className="gov-invitees">
        {meeting.invitations.map((i) => (
          <li key={i.personId}>
            {i.name} <span className="gov-muted">({i.organisationName})</span>{' '}
            <Button
              variant="link"
              onClick={() =>
                save(
                  ids.filter((x) => x !== i.personId),
                  t('governance.meetings.uninvited', { name: i.name }),
                )
              }
            >
              {t('governance.meetings.uninvite', { name: i.name })}
            </Button>
          </li>
        ))}
      </ul>
      <PersonPicker
        id="gov-invite-search"
        label={t('governance.meetings.inviteSearch')}
        actionLabel={(name) => t('governance.meetings.invite', { name })}
        exclude={ids}
        onPick={(person) =>
          save([...ids, person.id], t('governance.meetings.invited', { name: person.name }))
        }
      />
    </>
  );
}

function Decisions({
  meeting,
  plan,
  manage,
  reload,
}: {
  meeting: MeetingDetail;
  plan: PlanItem[];
  manage: boolean;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const [text, setText] = useState('');
  const [planItemId, setPlanItemId] = useState('');
  const [links, setLinks] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>(null);
  const add = (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    void run(async () => {
      await api.post(`/governance/meetings/${encodeURIComponent(meeting.id)}/decisions`, {
        text,
        planItemId: planItemId || null,
      });
      setText('');
      setPlanItemId('');
      setStatus(t('governance.meetings.decisionAdded'));
      reload();
    });
  };
  const link = (decisionId: string) => {
    setStatus(null);
    void run(async () => {
      await api.patch(`/governance/decisions/${encodeURIComponent(decisionId)}`, {
        planItemId: links[decisionId] || null,
      });
      setStatus(t('governance.meetings.decisionLinked'));
      reload();
    });
  };
  return (
    <>
      <ErrorSummary error={error} />
      <StatusMessage>{status}</StatusMessage>
      {meeting.decisions.length === 0 ? <p>{t('governance.meetings.noDecisions')}</p> : null}
      <ul className="gov-decisions">
        {meeting.decisions.map((decision) => (
          <li key={decision.id} className="gov-card">
            <p>{decision.text}</p>
            <p className="gov-muted">
              {decision.planItemId ? (
                <>
                  {t('governance.meetings.linkedTo')}{' '}
                  <Link to={`/table/plan?item=${encodeURIComponent(decision.planItemId)}`}>
                    {decision.planItemTitle}
                  </Link>
                </>
              ) : (
                t('governance.meetings.notLinked')
              )}
            </p>
            {manage ? (
              <div className="gov-inline-form">
                <PlanItemSelect
                  id={`gov-link-${decision.id}`}
                  label={t('governance.meetings.linkLabel')}
                  items={plan}
                  value={links[decision.id] ?? decision.planItemId ?? ''}
                  onChange={(value) => setLinks((l) => ({ ...l, [decision.id]: value }))}
                />
                <Button variant="secondary" pending={pending} onClick={() => link(decision.id)}>
                  {t('governance.meetings.link')}
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {manage && meeting.status !== 'cancelled' ? (
        <form className="narrow" onSubmit={add} noValidate>
          <h3>{t('governance.meetings.addDecision')}</h3>
          <TextAreaField
            id="gov-decision-text"
            label={t('governance.meetings.decisionText')}
            value={text}
            onChange={(event) => setText(event.target.value)}
            maxLength={2000}
            rows={3}
            error={fieldMessage(error, 'text')}
          />
          <PlanItemSelect
            id="gov-decision-plan"
            label={t('governance.meetings.decisionPlan')}
            items={plan}
            value={planItemId}
            onChange={setPlanItemId}
          />
          <Button type="submit" pending={pending}>
            {t('governance.meetings.addDecision')}
          </Button>
        </form>
      ) : null}
    </>
  );
}

function CloseForm({ meeting, onClosed }: { meeting: MeetingDetail; onClosed: (m: MeetingDetail) => void }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const [minutes, setMinutes] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      onClosed(
        await api.post<MeetingDetail>(`/governance/meetings/${encodeURIComponent(meeting.id)}/close`, {
          minutes,
        }),
      );
    });
  };
  return (
    <form className="narrow" onSubmit={submit} noValidate>
      <ErrorSummary error={error} fieldId={{ minutes: 'gov-minutes' }} />
      <TextAreaField
        id="gov-minutes"
        label={t('governance.meetings.minutes')}
        hint={t('governance.meetings.minutesHint')}
        value={minutes}
        onChange={(event) => setMinutes(event.target.value)}
        rows={10}
        maxLength={50000}
        error={fieldMessage(error, 'minutes')}
      />
      <Button type="submit" pending={pending}>
        {t('governance.meetings.close')}
      </Button>
    </form>
  );
}

function ApproveForm({ meeting, reload }: { meeting: MeetingDetail; reload: () => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const all = useApiData<MeetingList>('/governance/meetings');
  const { run, pending, error } = useAction();
  const [minutesOf, setMinutesOf] = useState('');
  const [done, setDone] = useState(false);
  const candidates = (all.data?.items ?? []).filter(
    (m) =>
      m.status === 'closed' && !m.minutesApproved && m.id !== meeting.id && m.startsAt < meeting.startsAt,
  );
  if (candidates.length === 0)
    return (
      <>
        <StatusMessage>{done ? t('governance.meetings.approved') : null}</StatusMessage>
        {all.data ? <p>{t('governance.meetings.noPendingMinutes')}</p> : null}
      </>
    );
  return (
    <form
      className="narrow"
      onSubmit={(event) => {
        event.preventDefault();
        setDone(false);
        void run(async () => {
          await api.post(`/governance/meetings/${encodeURIComponent(meeting.id)}/approve-minutes`, {
            minutesOf,
          });
          setDone(true);
          all.reload();
          reload();
        });
      }}
    >
      <ErrorSummary error={error} />
      <StatusMessage>{done ? t('governance.meetings.approved') : null}</StatusMessage>
      <ChoiceField
        id="gov-approve"
        label={t('governance.meetings.approveLabel')}
        value={minutesOf}
        onChange={(event) => setMinutesOf(event.target.value)}
        error={fieldMessage(error, 'minutesOf')}
        placeholder={t('governance.meetings.choose')}
        options={candidates.map((m) => ({
          value: m.id,
          label: `${m.title} (${formatDateTime(m.startsAt, locale)})`,
        }))}
      />
      <Button type="submit" variant="secondary" pending={pending} disabled={!minutesOf}>
        {t('governance.meetings.approve')}
      </Button>
    </form>
  );
}

/** One meeting: agenda, attendance, minutes and decisions; the coordination records and closes it. */
export function MeetingPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { can } = useSession();
  const locale = currentLocale();
  const manage = can('governance.manage');
  const meeting = useApiData<MeetingDetail>(`/governance/meetings/${encodeURIComponent(id)}`);
  const plan = useApiData<PlanTree>('/governance/plan');
  const [closedNow, setClosedNow] = useState(false);
  if (meeting.loading && !meeting.data) return <LoadingPage />;
  if (!meeting.data) return meeting.error ? <LoadErrorPage error={meeting.error} /> : <LoadingPage />;
  const data = meeting.data;
  return (
    <Page title={data.title}>
      <p>
        <Link to="/table/rencontres">{t('governance.meetings.back')}</Link>
      </p>
      <StatusMessage>{closedNow ? t('governance.meetings.closed') : null}</StatusMessage>
      <section className="section">
        <h2 id="gov-details">{t('governance.meetings.details')}</h2>
        <dl className="details">
          <Detail term={t('governance.meetings.fields.startsAt')}>
            {formatDateTime(data.startsAt, locale)}
          </Detail>
          <Detail term={t('governance.meetings.fields.endsAt')}>{formatDateTime(data.endsAt, locale)}</Detail>
          <Detail term={t('governance.meetings.fields.place')}>{data.place ?? '—'}</Detail>
          <Detail term={t('governance.meetings.fields.videoUrl')}>
            {data.videoUrl ? <a href={data.videoUrl}>{data.videoUrl}</a> : '—'}
          </Detail>
          <Detail term={t('governance.meetings.fields.status')}>
            {t(`governance.meetings.status.${data.status}`)}
          </Detail>
        </dl>
        <p>
          <a href={`/api/governance/meetings/${encodeURIComponent(data.id)}/meeting.ics`} download>
            {t('governance.meetings.downloadIcs')}
          </a>
        </p>
      </section>
      <section className="section">
        <h2 id="gov-agenda">{t('governance.meetings.agenda')}</h2>
        {data.agenda.length === 0 ? (
          <p>{t('governance.meetings.noAgenda')}</p>
        ) : (
          <AgendaList items={data.agenda} parentId={null} />
        )}
        {manage && data.status === 'planned' ? (
          <>
            <h3>{t('governance.meetings.editAgenda')}</h3>
            <AgendaEditor key={data.id} meeting={data} onSaved={meeting.setData} />
          </>
        ) : null}
      </section>
      <section className="section">
        <h2 id="gov-attendance">{t('governance.meetings.attendance')}</h2>
        <p>
          {t('governance.meetings.organisationsPresent', { count: data.organisationsPresent.length })}{' '}
          {data.organisationsPresent.map((o) => o.name).join(', ')}
        </p>
        {manage ? (
          <>
            <AttendanceEditor key={data.id} meeting={data} onSaved={meeting.setData} />
            {data.status === 'planned' ? <Invitees meeting={data} onSaved={meeting.setData} /> : null}
          </>
        ) : (
          <ul>
            {data.invitations.map((i) => (
              <li key={i.personId}>
                {i.name} ({i.organisationName}) — {t(`governance.meetings.attendances.${i.attendance}`)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="section">
        <h2 id="gov-minutes-title">{t('governance.meetings.minutes')}</h2>
        {data.status === 'closed' ? (
          <>
            <p className="gov-muted">
              {data.minutesApprovedAt
                ? t('governance.meetings.minutesApprovedOn', {
                    date: formatDateTime(data.minutesApprovedAt, locale),
                  })
                : t('governance.meetings.minutesDraftLong')}
            </p>
            {data.minutesVisible && data.minutes ? (
              <div className="gov-minutes">{data.minutes}</div>
            ) : (
              <p>{t('governance.meetings.minutesHidden')}</p>
            )}
          </>
        ) : manage && data.status === 'planned' ? (
          <CloseForm
            meeting={data}
            onClosed={(m) => {
              meeting.setData(m);
              setClosedNow(true);
            }}
          />
        ) : (
          <p>{t('governance.meetings.noMinutes')}</p>
        )}
        {manage ? (
          <>
            <h3>{t('governance.meetings.approveTitle')}</h3>
            <ApproveForm meeting={data} reload={meeting.reload} />
          </>
        ) : null}
      </section>
      <section className="section">
        <h2 id="gov-decisions">{t('governance.meetings.decisions')}</h2>
        <Decisions meeting={data} plan={plan.data?.items ?? []} manage={manage} reload={meeting.reload} />
      </section>
    </Page>
  );
}
