import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { OrganisationList } from '../../../shared/contracts/accounts';
import type { PlanItem, PlanItemDetail, PlanTree } from '../../../shared/contracts/governance';
import { PLAN_STATUSES, type PlanKind } from '../../../shared/contracts/governance.values';
import { api } from '../../app/api';
import { type Bind, useForm } from '../../app/form';
import { formatDate, formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { CheckboxGroup, ChoiceField, choices, Field } from '../../ui/field';
import { Loading, LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { PersonPicker } from './widgets';

// Keyed by the kind as the server sends it (plain text).
const CHILD_KIND: Record<string, PlanKind | null> = { mandate: 'means', means: 'action', action: null };

function ProgressBar({ item }: { item: PlanItem }) {
  const { t } = useTranslation();
  return (
    <span className="gov-progress">
      <progress
        value={item.progress}
        max={100}
        aria-label={t('governance.plan.progressOf', { title: item.title })}
      >
        {item.progress} %
      </progress>
      <span aria-hidden="true"> {item.progress} %</span>
    </span>
  );
}

function Tree({
  items,
  parentId,
  selected,
}: {
  items: PlanItem[];
  parentId: string | null;
  selected: string | null;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const level = items.filter((item) => item.parentId === parentId);
  if (level.length === 0) return null;
  return (
    <ul className={parentId === null ? 'gov-tree' : 'gov-tree gov-subtree'}>
      {level.map((item) => (
        <li key={item.id} className={`gov-node gov-node-${item.kind}`}>
          <div className={item.id === selected ? 'gov-node-row gov-node-selected' : 'gov-node-row'}>
            <span className="gov-kind">{t(`governance.plan.kinds.${item.kind}`)}</span>{' '}
            <Link
              to={`/table/plan?item=${encodeURIComponent(item.id)}`}
              aria-current={item.id === selected ? 'true' : undefined}
            >
              {item.title}
            </Link>{' '}
            {item.overdue ? <span className="badge gov-overdue">{t('governance.plan.overdue')}</span> : null}
            <span className="gov-node-meta">
              <ProgressBar item={item} />
              <span>{t(`governance.plan.statuses.${item.status}`)}</span>
              {item.dueDate ? (
                <span>{t('governance.plan.dueOn', { date: formatDate(item.dueDate, locale) })}</span>
              ) : null}
              {item.ownerOrganisations.length > 0 ? (
                <span>{item.ownerOrganisations.map((o) => o.name).join(', ')}</span>
              ) : null}
            </span>
          </div>
          <Tree items={items} parentId={item.id} selected={selected} />
        </li>
      ))}
    </ul>
  );
}

type ItemFields = Bind<'titleFr' | 'titleEn' | 'startDate' | 'dueDate' | 'weight'>;

/** The French and English titles of a plan item. */
function TitleFields({ field }: { field: ItemFields }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('governance.plan.fields.titleFr')} maxLength={300} {...field('titleFr')} />
      <Field label={t('governance.plan.fields.titleEn')} maxLength={300} {...field('titleEn')} />
    </>
  );
}

/** When a plan item starts and is due. */
function DateFields({ field }: { field: ItemFields }) {
  const { t } = useTranslation();
  return (
    <>
      <Field type="date" label={t('governance.plan.fields.startDate')} {...field('startDate')} />
      <Field type="date" label={t('governance.plan.fields.dueDate')} {...field('dueDate')} />
    </>
  );
}

/** How much a plan item counts in its parent's progress. */
function WeightField({ field }: { field: ItemFields }) {
  const { t } = useTranslation();
  return (
    <Field
      type="number"
      min={1}
      max={100}
      label={t('governance.plan.fields.weight')}
      hint={t('governance.plan.weightHint')}
      {...field('weight')}
    />
  );
}

function NewItemForm({
  parent,
  kind,
  onCreated,
}: {
  parent: PlanItem | null;
  kind: PlanKind;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const empty = { titleFr: '', titleEn: '', startDate: '', dueDate: '', weight: '1' };
  const form = useForm(empty, (field) => `gov-new-${kind}-${field}`);
  const { values } = form;
  const submit = form.onSubmit(async () => {
    const created = await api.post<PlanItemDetail>('/governance/plan', {
      parentId: parent?.id ?? null,
      kind,
      titleFr: values.titleFr,
      titleEn: values.titleEn,
      startDate: values.startDate || null,
      dueDate: values.dueDate || null,
      weight: Number(values.weight) || 1,
    });
    form.setValues(empty);
    onCreated(created.id);
  });
  return (
    <form className="narrow" onSubmit={submit} noValidate>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <TitleFields field={form.field} />
      <DateFields field={form.field} />
      <WeightField field={form.field} />
      <Button type="submit" pending={form.pending}>
        {t(`governance.plan.add.${kind}`)}
      </Button>
    </form>
  );
}

function EditForm({
  item,
  all,
  onSaved,
}: {
  item: PlanItemDetail;
  all: PlanItem[];
  onSaved: (d: PlanItemDetail) => void;
}) {
  const { t } = useTranslation();
  const organisations = useApiData<OrganisationList>('/organisations');
  const [saved, setSaved] = useState(false);
  const form = useForm(
    {
      titleFr: item.titleFr,
      titleEn: item.titleEn,
      status: item.status,
      progress: String(item.ownProgress),
      weight: String(item.weight),
      startDate: item.startDate ?? '',
      dueDate: item.dueDate ?? '',
      parentId: item.parentId ?? '',
      owners: item.ownerOrganisations.map((o) => o.id),
    },
    (field) => `gov-edit-${field}`,
  );
  const { values } = form;
  const parentKind: PlanKind | null =
    item.kind === 'action' ? 'means' : item.kind === 'means' ? 'mandate' : null;
  const parents = all.filter((p) => p.kind === parentKind);
  const isLeaf = !all.some((p) => p.parentId === item.id);
  const submit = (event: FormEvent) => {
    setSaved(false);
    form.onSubmit(async () => {
      const body: Record<string, unknown> = {
        titleFr: values.titleFr,
        titleEn: values.titleEn,
        status: values.status,
        weight: Number(values.weight),
        startDate: values.startDate || null,
        dueDate: values.dueDate || null,
        ownerOrganisationIds: values.owners,
      };
      if (isLeaf && values.progress !== '') body.progress = Number(values.progress);
      if (parentKind && values.parentId && values.parentId !== item.parentId) body.parentId = values.parentId;
      onSaved(await api.patch<PlanItemDetail>(`/governance/plan/${encodeURIComponent(item.id)}`, body));
      setSaved(true);
    })(event);
  };
  return (
    <form className="narrow" onSubmit={submit} noValidate>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <StatusMessage>{saved ? t('governance.plan.saved') : null}</StatusMessage>
      <TitleFields field={form.field} />
      <ChoiceField
        label={t('governance.plan.fields.status')}
        options={choices(PLAN_STATUSES, (s) => t(`governance.plan.statuses.${s}`))}
        {...form.field('status')}
      />
      {isLeaf ? (
        <Field
          type="number"
          min={0}
          max={100}
          label={t('governance.plan.fields.progress')}
          {...form.field('progress')}
        />
      ) : (
        <p className="field-hint">{t('governance.plan.rolledUp')}</p>
      )}
      <WeightField field={form.field} />
      <DateFields field={form.field} />
      {parentKind ? (
        <ChoiceField
          label={t('governance.plan.fields.parentId')}
          options={parents.map((p) => ({ value: p.id, label: p.title }))}
          {...form.field('parentId')}
        />
      ) : null}
      {organisations.data ? (
        <CheckboxGroup
          id="gov-edit-ownerOrganisationIds"
          legend={t('governance.plan.fields.ownerOrganisations')}
          options={organisations.data.items.map((o) => ({ value: o.id, label: o.name }))}
          value={values.owners}
          onChange={(owners) => form.set('owners', owners)}
        />
      ) : (
        <Loading />
      )}
      <Button type="submit" pending={form.pending}>
        {t('common.save')}
      </Button>
    </form>
  );
}

/** Owner people of an item: remove one, or find and add one. */
function OwnerPeople({ item, onSaved }: { item: PlanItemDetail; onSaved: (d: PlanItemDetail) => void }) {
  const { t } = useTranslation();
  const { run, error } = useAction();
  const ids = item.ownerPeople.map((p) => p.id);
  const save = (ownerPersonIds: string[]) =>
    void run(async () => {
      onSaved(
        await api.patch<PlanItemDetail>(`/governance/plan/${encodeURIComponent(item.id)}`, {
          ownerPersonIds,
        }),
      );
    });
  return (
    <>
      <ErrorSummary error={error} />
      {item.ownerPeople.length === 0 ? <p>{t('governance.plan.noOwnerPeople')}</p> : null}
      <ul className="gov-invitees">
        {item.ownerPeople.map((p) => (
          <li key={p.id}>
            {p.name}{' '}
            <Button variant="link" onClick={() => save(ids.filter((x) => x !== p.id))}>
              {t('governance.plan.removeOwner', { name: p.name })}
            </Button>
          </li>
        ))}
      </ul>
      <PersonPicker
        id="gov-owner-search"
        label={t('governance.plan.ownerSearch')}
        actionLabel={(name) => t('governance.plan.addOwner', { name })}
        exclude={ids}
        onPick={(person) => save([...ids, person.id])}
      />
    </>
  );
}

function Milestones({
  item,
  manage,
  onChanged,
}: {
  item: PlanItemDetail;
  manage: boolean;
  onChanged: (d: PlanItemDetail) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const form = useForm(
    { title: '', dueDate: '' },
    { title: 'gov-milestone-title', dueDate: 'gov-milestone-due' },
  );
  const today = new Date().toISOString().slice(0, 10);
  return (
    <>
      <ErrorSummary error={form.error} />
      {item.milestones.length === 0 ? <p>{t('governance.plan.noMilestones')}</p> : null}
      <ul className="gov-milestones">
        {item.milestones.map((m) => (
          <li key={m.id}>
            {m.title} — {t('governance.plan.dueOn', { date: formatDate(m.dueDate, locale) })}{' '}
            {m.doneDate ? (
              <span>{t('governance.plan.doneOn', { date: formatDate(m.doneDate, locale) })}</span>
            ) : m.overdue ? (
              <span className="badge gov-overdue">{t('governance.plan.overdue')}</span>
            ) : null}
            {manage && !m.doneDate ? (
              <Button
                variant="link"
                pending={form.pending}
                onClick={() =>
                  void form.run(async () => {
                    onChanged(
                      await api.patch<PlanItemDetail>(`/governance/milestones/${encodeURIComponent(m.id)}`, {
                        doneDate: today,
                      }),
                    );
                  })
                }
              >
                {t('governance.plan.markDone', { title: m.title })}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {manage ? (
        <form
          className="narrow"
          noValidate
          onSubmit={form.onSubmit(async () => {
            const path = `/governance/plan/${encodeURIComponent(item.id)}/milestones`;
            onChanged(await api.post<PlanItemDetail>(path, form.values));
            form.setValues({ title: '', dueDate: '' });
          })}
        >
          <h4>{t('governance.plan.addMilestone')}</h4>
          <Field
            label={t('governance.plan.fields.milestoneTitle')}
            maxLength={300}
            {...form.field('title')}
          />
          <Field type="date" label={t('governance.plan.fields.dueDate')} {...form.field('dueDate')} />
          <Button type="submit" variant="secondary" pending={form.pending}>
            {t('governance.plan.addMilestone')}
          </Button>
        </form>
      ) : null}
    </>
  );
}

function ItemPanel({
  id,
  all,
  manage,
  reloadTree,
}: {
  id: string;
  all: PlanItem[];
  manage: boolean;
  reloadTree: () => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const detail = useApiData<PlanItemDetail>(`/governance/plan/${encodeURIComponent(id)}`);
  if (!detail.data) return detail.error ? <p role="alert">{detail.error.message}</p> : <Loading />;
  const item = detail.data;
  const update = (d: PlanItemDetail) => {
    detail.setData(d);
    reloadTree();
  };
  const childKind = CHILD_KIND[item.kind] ?? null;
  const fieldLabel = (field: string) =>
    ['created', 'milestone', 'ownerOrganisations', 'ownerPeople', 'parentId'].includes(field) ||
    PLAN_FIELDS.includes(field)
      ? t(`governance.plan.history.fields.${field}`)
      : field;
  return (
    <section className="section gov-panel">
      <h2 id="gov-item-title">
        {t(`governance.plan.kinds.${item.kind}`)} : {item.title}
      </h2>
      <dl className="details">
        <Detail term={t('governance.plan.fields.progress')}>
          <ProgressBar item={item} />
        </Detail>
        <Detail term={t('governance.plan.fields.status')}>
          {t(`governance.plan.statuses.${item.status}`)}
          {item.overdue ? <span className="badge gov-overdue"> {t('governance.plan.overdue')}</span> : null}
        </Detail>
        <Detail term={t('governance.plan.fields.dueDate')}>
          {item.dueDate ? formatDate(item.dueDate, locale) : '—'}
        </Detail>
        <Detail term={t('governance.plan.fields.owners')}>
          {[...item.ownerOrganisations, ...item.ownerPeople].map((o) => o.name).join(', ') || '—'}
        </Detail>
      </dl>
      {manage ? (
        <>
          <h3>{t('governance.plan.edit')}</h3>
          <EditForm key={`${item.id}-${item.history.length}`} item={item} all={all} onSaved={update} />
          <h3>{t('governance.plan.ownerPeople')}</h3>
          <OwnerPeople item={item} onSaved={update} />
        </>
      ) : null}
      <h3>{t('governance.plan.milestones')}</h3>
      <Milestones item={item} manage={manage} onChanged={update} />
      <h3>{t('governance.plan.decisions')}</h3>
      {item.decisions.length === 0 ? (
        <p>{t('governance.plan.noDecisions')}</p>
      ) : (
        <ul>
          {item.decisions.map((d) => (
            <li key={d.id}>
              {d.text} —{' '}
              <Link to={`/table/rencontres/${encodeURIComponent(d.meetingId)}`}>{d.meetingTitle}</Link>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('governance.plan.historyTitle')}</h3>
      <DataTable
        caption={t('governance.plan.historyTitle')}
        captionHidden
        columns={[
          t('governance.plan.history.when'),
          t('governance.plan.history.field'),
          t('governance.plan.history.old'),
          t('governance.plan.history.new'),
          t('governance.plan.history.who'),
        ]}
        rows={item.history}
        empty={t('governance.plan.noHistory')}
      >
        {(h) => (
          <tr key={`${h.changedAt}-${h.field}-${h.newValue}`}>
            <td>{formatDateTime(h.changedAt, locale)}</td>
            <th scope="row">{fieldLabel(h.field)}</th>
            <td>{h.oldValue ?? '—'}</td>
            <td>{h.newValue ?? '—'}</td>
            <td>{h.changedBy ?? '—'}</td>
          </tr>
        )}
      </DataTable>
      {manage && childKind ? (
        <>
          <h3>{t(`governance.plan.add.${childKind}`)}</h3>
          <NewItemForm parent={item} kind={childKind} onCreated={() => reloadTree()} />
        </>
      ) : null}
    </section>
  );
}

const PLAN_FIELDS = [
  'titleFr',
  'titleEn',
  'description',
  'startDate',
  'dueDate',
  'status',
  'progress',
  'weight',
];

/** The action plan as a tree with rolled-up progress, overdue flags, and the selected item's details. */
export function PlanPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const manage = can('governance.manage');
  const [params, setParams] = useSearchParams();
  const selected = params.get('item');
  const plan = useApiData<PlanTree>('/governance/plan');
  if (plan.loading && !plan.data) return <LoadingPage />;
  if (!plan.data) return plan.error ? <LoadErrorPage error={plan.error} /> : <LoadingPage />;
  const items = plan.data.items;
  const overdue = items.filter((i) => i.overdue).length;
  return (
    <Page title={t('governance.plan.title')} lead={t('governance.plan.lead')}>
      <p>{t('governance.plan.overdueCount', { count: overdue })}</p>
      <div className="gov-plan-layout">
        <section className="section">
          <h2 id="gov-tree-title">{t('governance.plan.tree')}</h2>
          {items.length === 0 ? (
            <p>{t('governance.plan.empty')}</p>
          ) : (
            <Tree items={items} parentId={null} selected={selected} />
          )}
        </section>
        {selected ? (
          <ItemPanel key={selected} id={selected} all={items} manage={manage} reloadTree={plan.reload} />
        ) : null}
      </div>
      {manage ? (
        <section className="section">
          <h2 id="gov-new-mandate">{t('governance.plan.add.mandate')}</h2>
          <NewItemForm
            parent={null}
            kind="mandate"
            onCreated={(id) => {
              plan.reload();
              setParams({ item: id });
            }}
          />
        </section>
      ) : null}
    </Page>
  );
}
