import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../shared/contracts/accounts';
import { ROLES } from '../../../shared/roles';
import { api } from '../../app/api';
import { labelOf } from '../../app/format';
import { useAction } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { CheckboxGroup } from '../../ui/field';

function byRoleOrder(a: string, b: string): number {
  const rank = (role: string) => {
    const index = (ROLES as readonly string[]).indexOf(role);
    return index === -1 ? ROLES.length : index;
  };
  return rank(a) - rank(b);
}

/**
 * Roles the viewer may grant are checkboxes; roles the person holds that the viewer may not
 * grant are listed and sent back untouched, since PUT replaces the whole set.
 */
export function RolesEditor({ person, onSaved }: { person: PersonDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  const grantable = [...person.grantableRoles].sort(byRoleOrder);
  const kept = person.roles.filter((role) => !person.grantableRoles.includes(role));
  const waiting = new Set(person.pendingRoles.map((p) => p.role));
  // A proposal left unchecked is withdrawn: proposals start checked, like the roles in force.
  const [selected, setSelected] = useState(
    [...person.roles, ...waiting].filter((role) => person.grantableRoles.includes(role)),
  );
  const { run, pending, error } = useAction();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const roles = [...kept, ...selected].sort(byRoleOrder);
      await api.put(`/people/${encodeURIComponent(person.id)}/roles`, { roles });
      onSaved();
    });
  };

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending}>
      <ErrorSummary error={error} fieldId={{ roles: 'person-roles' }} />
      <CheckboxGroup
        id="person-roles"
        legend={t('people.roles.legend')}
        hint={`${t('people.roles.hint')} ${t('access.person.consentHint')}`}
        options={grantable.map((role) => ({
          value: role,
          label: waiting.has(role)
            ? `${labelOf(t, 'roles', role)} — ${t('access.person.waiting')}`
            : labelOf(t, 'roles', role),
        }))}
        value={selected}
        onChange={setSelected}
        error={error?.details.find((detail) => detail.field.startsWith('roles'))?.message}
      />
      {kept.length > 0 ? (
        <p>
          {t('people.roles.kept')} {kept.map((role) => labelOf(t, 'roles', role)).join(', ')}
        </p>
      ) : null}
      <Button type="submit" pending={pending}>
        {t('people.roles.save')}
      </Button>
    </form>
  );
}
