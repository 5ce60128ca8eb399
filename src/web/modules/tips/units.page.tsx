import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ServicePeople, UnitList } from '../../../shared/contracts/tips';
import { api } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { CheckboxGroup, Field } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Loading, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';

type ServicePerson = ServicePeople['items'][number];

function unitFieldId(field: string): string | undefined {
  if (field === 'name') return 'unit-name';
  if (field.startsWith('memberIds')) return 'unit-members';
  return undefined;
}

/** The unit form (create or edit): a name and members chosen among the people of the police service. */
function UnitForm({
  initial,
  people,
  submitLabel,
  onSubmit,
}: {
  initial: { name: string; memberIds: string[] };
  people: ServicePerson[];
  submitLabel: string;
  onSubmit: (value: { name: string; memberIds: string[] }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial.name);
  const [memberIds, setMemberIds] = useState<string[]>(initial.memberIds);
  const action = useAction();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await action.run(() => onSubmit({ name, memberIds }));
  };
  return (
    <>
      <ErrorSummary error={action.error} fieldId={unitFieldId} />
      <form className="form" onSubmit={submit}>
        <Field
          id="unit-name"
          label={t('tips.units.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={120}
        />
        <CheckboxGroup
          id="unit-members"
          legend={t('tips.units.members')}
          hint={t('tips.units.membersHint')}
          options={people.map((p) => ({ value: p.id, label: p.name }))}
          value={memberIds}
          onChange={setMemberIds}
        />
        <Button type="submit" pending={action.pending}>
          {submitLabel}
        </Button>
      </form>
    </>
  );
}

/** The units of the police service: who receives which tips. Analysts create and edit them. */
export function UnitsPage() {
  const { t } = useTranslation();
  const units = useApiData<UnitList>('/tips/units');
  const people = useApiData<ServicePeople>('/tips/units/people');
  const [message, setMessage] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const nameOf = (id: string) => people.data?.items.find((p) => p.id === id)?.name ?? '—';
  return (
    <Page title={t('tips.units.title')} lead={t('tips.units.lead')}>
      <StatusMessage>{message}</StatusMessage>
      <Loaded data={units} error={units.error ?? people.error}>
        {(data) => (
          <DataTable
            caption={t('tips.units.caption', { count: data.items.length })}
            columns={[t('tips.units.name'), t('tips.units.members')]}
            rows={data.items}
            empty={t('tips.units.empty')}
          >
            {(unit) => (
              <tr key={unit.id}>
                <th scope="row">
                  <Link to={`/signalements/unites/${unit.id}`}>{unit.name}</Link>
                </th>
                <td>{unit.memberIds.length === 0 ? '—' : unit.memberIds.map(nameOf).sort().join(', ')}</td>
              </tr>
            )}
          </DataTable>
        )}
      </Loaded>
      <h2>{t('tips.units.create')}</h2>
      {people.data ? (
        <UnitForm
          key={formKey}
          initial={{ name: '', memberIds: [] }}
          people={people.data.items}
          submitLabel={t('tips.units.createSubmit')}
          onSubmit={async (value) => {
            await api.post('/tips/units', value);
            setMessage(t('tips.units.created', { name: value.name.trim() }));
            setFormKey((k) => k + 1);
            units.reload();
          }}
        />
      ) : (
        <Loading />
      )}
      <p>
        <Link to="/signalements">{t('tips.tip.back')}</Link>
      </p>
    </Page>
  );
}

/** Renames a unit and changes its members. */
export function UnitPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const units = useApiData<UnitList>('/tips/units');
  const people = useApiData<ServicePeople>('/tips/units/people');
  const unit = units.data?.items.find((u) => u.id === id);
  return (
    <Page title={unit ? t('tips.units.editTitle', { name: unit.name }) : t('tips.units.title')}>
      <ErrorSummary error={units.error ?? people.error} />
      {!units.data || !people.data ? (
        <Loading />
      ) : !unit ? (
        <p>{t('tips.units.notFound')}</p>
      ) : (
        <UnitForm
          initial={{ name: unit.name, memberIds: unit.memberIds }}
          people={people.data.items}
          submitLabel={t('tips.units.save')}
          onSubmit={async (value) => {
            await api.patch(`/tips/units/${id}`, value);
            navigate('/signalements/unites');
          }}
        />
      )}
      <p>
        <Link to="/signalements/unites">{t('tips.units.back')}</Link>
      </p>
    </Page>
  );
}
