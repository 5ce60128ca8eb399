import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { PeoplePage } from '../../../shared/contracts/accounts';
import type { Mandate, OrganisationNetwork } from '../../../shared/contracts/network';
import {
  ABSENCE_REASONS,
  EXPERTISE,
  NET_FUNCTIONS,
  TABLE_MANDATES,
} from '../../../shared/contracts/network.values';
import { api, fieldMessage, withQuery } from '../../app/api';
import { formatDate, formatNumber, fullName, labelOf } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Checkbox, CheckboxGroup, Field, SelectField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { Table } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { ContactLine, readAsBase64 } from './parts';

type Reload = (data: OrganisationNetwork) => void;

function usePeopleOf(organisationId: string, enabled: boolean) {
  return useApiData<PeoplePage>(
    enabled ? withQuery('/people', { organisationId, pageSize: 100, status: 'active' }) : null,
  );
}

function TargetForm({ data, onSaved }: { data: OrganisationNetwork; onSaved: Reload }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const [target, setTarget] = useState(data.coverage.target === null ? '' : String(data.coverage.target));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      onSaved(
        await api.put<OrganisationNetwork>(`/network/organisations/${data.organisation.id}/target`, {
          target: target.trim() === '' ? null : Number(target),
        }),
      );
    });
  };
  return (
    <form className="narrow" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={error} fieldId={() => 'network-target'} />
      <Field
        id="network-target"
        label={t('network.coverage.targetLabel')}
        hint={t('network.coverage.targetHint')}
        type="number"
        min={0}
        max={100}
        inputMode="numeric"
        value={target}
        error={fieldMessage(error, 'target')}
        onChange={(event) => setTarget(event.target.value)}
      />
      <Button type="submit" pending={pending}>
        {t('network.save')}
      </Button>
    </form>
  );
}

function NamePivotForm({ data, onSaved }: { data: OrganisationNetwork; onSaved: () => void }) {
  const { t } = useTranslation();
  const people = usePeopleOf(data.organisation.id, true);
  const { run, pending, error } = useAction();
  const [values, setValues] = useState({
    personId: '',
    startOn: data.today,
    endOn: '',
    prerequisiteCompletedOn: '',
    languages: 'fr',
  });
  const [expertise, setExpertise] = useState<string[]>([]);
  const set = (key: keyof typeof values, value: string) =>
    setValues((previous) => ({ ...previous, [key]: value }));
  const ids: Record<string, string> = {
    personId: 'pivot-person',
    startOn: 'pivot-start',
    endOn: 'pivot-end',
    prerequisiteCompletedOn: 'pivot-prerequisite',
    languages: 'pivot-languages',
    expertise: 'pivot-expertise',
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api.post('/network/mandates', {
        personId: values.personId,
        organisationId: data.organisation.id,
        startOn: values.startOn,
        endOn: values.endOn || null,
        prerequisiteCompletedOn: values.prerequisiteCompletedOn || null,
        expertise,
        languages: values.languages
          .split(/[\s,]+/)
          .map((code) => code.trim())
          .filter(Boolean),
      });
      onSaved();
    });
  };
  return (
    <form className="narrow" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={error} fieldId={(field) => ids[field]} />
      <SelectField
        id="pivot-person"
        label={t('network.fields.person')}
        value={values.personId}
        error={fieldMessage(error, 'personId')}
        onChange={(event) => set('personId', event.target.value)}
      >
        <option value="">{t('network.pivots.choosePerson')}</option>
        {(people.data?.items ?? []).map((person) => (
          <option key={person.id} value={person.id}>
            {fullName(person)}
          </option>
        ))}
      </SelectField>
      <Field
        id="pivot-start"
        label={t('network.fields.startOn')}
        type="date"
        required
        value={values.startOn}
        error={fieldMessage(error, 'startOn')}
        onChange={(event) => set('startOn', event.target.value)}
      />
      <Field
        id="pivot-end"
        label={t('network.fields.endOnOptional')}
        type="date"
        value={values.endOn}
        error={fieldMessage(error, 'endOn')}
        onChange={(event) => set('endOn', event.target.value)}
      />
      <CheckboxGroup
        id="pivot-expertise"
        legend={t('network.fields.expertise')}
        options={EXPERTISE.map((tag) => ({ value: tag, label: t(`network.expertise.${tag}`) }))}
        value={expertise}
        error={fieldMessage(error, 'expertise')}
        onChange={setExpertise}
      />
      <Field
        id="pivot-languages"
        label={t('network.fields.languages')}
        hint={t('network.pivots.languagesHint')}
        value={values.languages}
        error={fieldMessage(error, 'languages')}
        onChange={(event) => set('languages', event.target.value)}
      />
      <Field
        id="pivot-prerequisite"
        label={t('network.fields.prerequisiteCompletedOn')}
        hint={t('network.pivots.prerequisiteHint')}
        type="date"
        value={values.prerequisiteCompletedOn}
        error={fieldMessage(error, 'prerequisiteCompletedOn')}
        onChange={(event) => set('prerequisiteCompletedOn', event.target.value)}
      />
      <Button type="submit" pending={pending}>
        {t('network.pivots.name')}
      </Button>
    </form>
  );
}

function MandateActions({
  mandate,
  data,
  onSaved,
}: {
  mandate: Mandate;
  data: OrganisationNetwork;
  onSaved: Reload;
}) {
  const { t } = useTranslation();
  const end = useAction();
  const absence = useAction();
  const [endOn, setEndOn] = useState(mandate.endOn ?? data.today);
  const [absenceValues, setAbsenceValues] = useState({
    fromOn: data.today,
    toOn: data.today,
    reason: 'vacation',
  });
  const prefix = `mandate-${mandate.id}`;
  return (
    <details className="network-actions">
      <summary>{t('network.pivots.manage', { name: mandate.person.name })}</summary>
      <p>
        <Link
          className="button button-secondary"
          to={`/reseau/organisations/${encodeURIComponent(data.organisation.id)}/remplacer/${encodeURIComponent(mandate.id)}`}
        >
          {t('network.replace.link', { name: mandate.person.name })}
        </Link>
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void end.run(async () => {
            onSaved(await api.post<OrganisationNetwork>(`/network/mandates/${mandate.id}/end`, { endOn }));
          });
        }}
        noValidate
      >
        <ErrorSummary error={end.error} fieldId={() => `${prefix}-end`} />
        <Field
          id={`${prefix}-end`}
          label={t('network.pivots.endOn')}
          type="date"
          value={endOn}
          error={fieldMessage(end.error, 'endOn')}
          onChange={(event) => setEndOn(event.target.value)}
        />
        <Button type="submit" variant="secondary" pending={end.pending}>
          {t('network.pivots.end')}
        </Button>
      </form>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void absence.run(async () => {
            onSaved(
              await api.post<OrganisationNetwork>(`/network/mandates/${mandate.id}/absences`, absenceValues),
            );
          });
        }}
        noValidate
      >
        <ErrorSummary
          error={absence.error}
          fieldId={(field) => (field === 'toOn' ? `${prefix}-to` : `${prefix}-from`)}
        />
        <fieldset className="fieldset">
          <legend>{t('network.pivots.absence')}</legend>
          <Field
            id={`${prefix}-from`}
            label={t('network.fields.fromOn')}
            type="date"
            value={absenceValues.fromOn}
            error={fieldMessage(absence.error, 'fromOn')}
            onChange={(event) => setAbsenceValues((v) => ({ ...v, fromOn: event.target.value }))}
          />
          <Field
            id={`${prefix}-to`}
            label={t('network.fields.toOn')}
            type="date"
            value={absenceValues.toOn}
            error={fieldMessage(absence.error, 'toOn')}
            onChange={(event) => setAbsenceValues((v) => ({ ...v, toOn: event.target.value }))}
          />
          <SelectField
            id={`${prefix}-reason`}
            label={t('network.fields.reason')}
            value={absenceValues.reason}
            onChange={(event) => setAbsenceValues((v) => ({ ...v, reason: event.target.value }))}
          >
            {ABSENCE_REASONS.map((reason) => (
              <option key={reason} value={reason}>
                {t(`network.absenceReasons.${reason}`)}
              </option>
            ))}
          </SelectField>
          <Button type="submit" variant="secondary" pending={absence.pending}>
            {t('network.pivots.addAbsence')}
          </Button>
        </fieldset>
      </form>
    </details>
  );
}

function PivotsSection({
  data,
  onSaved,
  reload,
}: {
  data: OrganisationNetwork;
  onSaved: Reload;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [showHistory, setShowHistory] = useState(false);
  const shown = data.pivots.filter((m) => showHistory || m.status !== 'ended');
  return (
    <section className="section" aria-labelledby="network-pivots">
      <h2 id="network-pivots">{t('network.pivots.title')}</h2>
      <Checkbox
        id="network-history"
        label={t('network.pivots.showHistory')}
        checked={showHistory}
        onChange={(event) => setShowHistory(event.target.checked)}
      />
      {shown.length === 0 ? (
        <p>{t('network.pivots.none')}</p>
      ) : (
        <Table caption={t('network.pivots.caption')} captionHidden>
          <thead>
            <tr>
              <th scope="col">{t('network.fields.name')}</th>
              <th scope="col">{t('network.fields.status')}</th>
              <th scope="col">{t('network.fields.period')}</th>
              <th scope="col">{t('network.fields.expertise')}</th>
              <th scope="col">{t('network.fields.languages')}</th>
              <th scope="col">{t('network.fields.training')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((mandate) => (
              <tr key={mandate.id}>
                <th scope="row">
                  {mandate.person.name}
                  {mandate.person.email ? (
                    <ContactLine email={mandate.person.email} phone={mandate.person.phone ?? null} />
                  ) : null}
                </th>
                <td>
                  <span className={mandate.status === 'active' ? 'tag tag-info' : 'tag'}>
                    {t(`network.statuses.${mandate.status}`)}
                  </span>
                  {mandate.endingSoon ? (
                    <span className="tag network-tag-warning">{t('network.pivots.endingSoon')}</span>
                  ) : null}
                  {mandate.absentUntil ? (
                    <span className="tag network-tag-warning">
                      {t('network.pivots.absentUntil', { date: formatDate(mandate.absentUntil, locale) })}
                    </span>
                  ) : null}
                </td>
                <td>
                  {t('network.pivots.period', {
                    start: formatDate(mandate.startOn, locale),
                    end: mandate.endOn ? formatDate(mandate.endOn, locale) : t('network.pivots.openEnded'),
                  })}
                </td>
                <td>{mandate.expertise.map((tag) => t(`network.expertise.${tag}`)).join(', ') || '—'}</td>
                <td>{mandate.languages.join(', ').toUpperCase() || '—'}</td>
                <td>
                  {mandate.trained
                    ? mandate.prerequisiteCompletedOn
                      ? t('network.pivots.trainedOn', {
                          date: formatDate(mandate.prerequisiteCompletedOn, locale),
                        })
                      : t('network.pivots.trained')
                    : t('network.pivots.notTrained')}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {data.permissions.managePivots ? (
        <>
          {data.pivots
            .filter((m) => m.status !== 'ended')
            .map((mandate) => (
              <MandateActions key={mandate.id} mandate={mandate} data={data} onSaved={onSaved} />
            ))}
          <details className="network-actions">
            <summary>{t('network.pivots.nameTitle')}</summary>
            <NamePivotForm data={data} onSaved={reload} />
          </details>
        </>
      ) : null}
    </section>
  );
}

function AgreementSection({ data, onSaved }: { data: OrganisationNetwork; onSaved: Reload }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const agreement = data.agreement;
  const people = usePeopleOf(data.organisation.id, data.permissions.edit);
  const { run, pending, error } = useAction();
  const [values, setValues] = useState({
    signedOn: agreement?.signedOn ?? '',
    signatories: agreement?.signatories ?? '',
    releasedPersonId: agreement?.releasedPerson?.id ?? '',
    commitment: agreement?.commitment ?? '',
    renewalOn: agreement?.renewalOn ?? '',
  });
  const [file, setFile] = useState<File | null>(null);
  const set = (key: keyof typeof values, value: string) =>
    setValues((previous) => ({ ...previous, [key]: value }));
  const ids: Record<string, string> = {
    signedOn: 'agreement-signed',
    signatories: 'agreement-signatories',
    releasedPersonId: 'agreement-released',
    commitment: 'agreement-commitment',
    renewalOn: 'agreement-renewal',
    document: 'agreement-document',
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const document = file ? { filename: file.name, contentBase64: await readAsBase64(file) } : undefined;
      onSaved(
        await api.put<OrganisationNetwork>(`/network/organisations/${data.organisation.id}/agreement`, {
          signedOn: values.signedOn,
          signatories: values.signatories,
          releasedPersonId: values.releasedPersonId || null,
          commitment: values.commitment,
          renewalOn: values.renewalOn || null,
          ...(document ? { document } : {}),
        }),
      );
    });
  };
  return (
    <section className="section" aria-labelledby="network-agreement">
      <h2 id="network-agreement">{t('network.agreement.title')}</h2>
      {agreement ? (
        <dl className="details">
          <div>
            <dt>{t('network.fields.signedOn')}</dt>
            <dd>{formatDate(agreement.signedOn, locale)}</dd>
          </div>
          <div>
            <dt>{t('network.fields.signatories')}</dt>
            <dd>{agreement.signatories}</dd>
          </div>
          <div>
            <dt>{t('network.fields.releasedPerson')}</dt>
            <dd>{agreement.releasedPerson?.name ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('network.fields.renewalOn')}</dt>
            <dd>{agreement.renewalOn ? formatDate(agreement.renewalOn, locale) : '—'}</dd>
          </div>
          <div>
            <dt>{t('network.fields.commitment')}</dt>
            <dd>{agreement.commitment || '—'}</dd>
          </div>
          <div>
            <dt>{t('network.fields.document')}</dt>
            <dd>
              {agreement.document ? (
                <a
                  href={`/api/network/organisations/${encodeURIComponent(data.organisation.id)}/agreement/document`}
                  download
                >
                  {t('network.agreement.download', { filename: agreement.document.filename })}
                </a>
              ) : (
                '—'
              )}
            </dd>
          </div>
        </dl>
      ) : (
        <p>{t('network.agreement.none')}</p>
      )}
      {data.permissions.edit ? (
        <details className="network-actions">
          <summary>{agreement ? t('network.agreement.edit') : t('network.agreement.record')}</summary>
          <form className="narrow" onSubmit={onSubmit} noValidate>
            <ErrorSummary error={error} fieldId={(field) => ids[field]} />
            <Field
              id="agreement-signed"
              label={t('network.fields.signedOn')}
              type="date"
              required
              value={values.signedOn}
              error={fieldMessage(error, 'signedOn')}
              onChange={(event) => set('signedOn', event.target.value)}
            />
            <Field
              id="agreement-signatories"
              label={t('network.fields.signatories')}
              required
              value={values.signatories}
              error={fieldMessage(error, 'signatories')}
              onChange={(event) => set('signatories', event.target.value)}
            />
            <SelectField
              id="agreement-released"
              label={t('network.fields.releasedPerson')}
              value={values.releasedPersonId}
              error={fieldMessage(error, 'releasedPersonId')}
              onChange={(event) => set('releasedPersonId', event.target.value)}
            >
              <option value="">{t('network.agreement.nobody')}</option>
              {(people.data?.items ?? []).map((person) => (
                <option key={person.id} value={person.id}>
                  {fullName(person)}
                </option>
              ))}
            </SelectField>
            <div className="field">
              <label htmlFor="agreement-commitment">{t('network.fields.commitment')}</label>
              <textarea
                id="agreement-commitment"
                className="input"
                rows={4}
                maxLength={4000}
                value={values.commitment}
                onChange={(event) => set('commitment', event.target.value)}
              />
            </div>
            <Field
              id="agreement-renewal"
              label={t('network.fields.renewalOn')}
              type="date"
              value={values.renewalOn}
              error={fieldMessage(error, 'renewalOn')}
              onChange={(event) => set('renewalOn', event.target.value)}
            />
            <Field
              id="agreement-document"
              label={t('network.fields.document')}
              hint={t('network.agreement.documentHint')}
              type="file"
              accept="application/pdf"
              error={fieldMessage(error, 'document')}
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
            <Button type="submit" pending={pending}>
              {t('network.save')}
            </Button>
          </form>
        </details>
      ) : null}
    </section>
  );
}

function ContributionsSection({ data, onSaved }: { data: OrganisationNetwork; onSaved: Reload }) {
  const { t } = useTranslation();
  const { run, pending, error } = useAction();
  const [mandates, setMandates] = useState(data.contributions.mandates);
  const [functions, setFunctions] = useState(data.contributions.functions);
  const list = (keys: string[], group: string) =>
    keys.length > 0
      ? keys.map((key) => t(`network.${group}.${key}`)).join(', ')
      : t('network.contributions.nothing');
  return (
    <section className="section" aria-labelledby="network-contributions">
      <h2 id="network-contributions">{t('network.contributions.title')}</h2>
      <dl className="details">
        <div>
          <dt>{t('network.contributions.mandates')}</dt>
          <dd>{list(data.contributions.mandates, 'mandates')}</dd>
        </div>
        <div>
          <dt>{t('network.contributions.functions')}</dt>
          <dd>{list(data.contributions.functions, 'functions')}</dd>
        </div>
      </dl>
      {data.permissions.edit ? (
        <details className="network-actions">
          <summary>{t('network.contributions.edit')}</summary>
          <form
            className="narrow"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void run(async () => {
                onSaved(
                  await api.put<OrganisationNetwork>(
                    `/network/organisations/${data.organisation.id}/contributions`,
                    {
                      mandates,
                      functions,
                    },
                  ),
                );
              });
            }}
          >
            <ErrorSummary error={error} />
            <CheckboxGroup
              id="contribution-mandates"
              legend={t('network.contributions.mandates')}
              options={TABLE_MANDATES.map((key) => ({ value: key, label: t(`network.mandates.${key}`) }))}
              value={mandates}
              onChange={setMandates}
            />
            <CheckboxGroup
              id="contribution-functions"
              legend={t('network.contributions.functions')}
              options={NET_FUNCTIONS.map((key) => ({ value: key, label: t(`network.functions.${key}`) }))}
              value={functions}
              onChange={setFunctions}
            />
            <Button type="submit" pending={pending}>
              {t('network.save')}
            </Button>
          </form>
        </details>
      ) : null}
    </section>
  );
}

function ContactsSection({ data, reload }: { data: OrganisationNetwork; reload: () => void }) {
  const { t } = useTranslation();
  const add = useAction();
  const remove = useAction();
  const empty = { name: '', role: '', email: '', phone: '' };
  const [values, setValues] = useState(empty);
  const set = (key: keyof typeof values, value: string) =>
    setValues((previous) => ({ ...previous, [key]: value }));
  const ids: Record<string, string> = {
    name: 'contact-name',
    role: 'contact-role',
    email: 'contact-email',
    phone: 'contact-phone',
  };
  return (
    <section className="section" aria-labelledby="network-contacts">
      <h2 id="network-contacts">{t('network.contacts.title')}</h2>
      {!data.permissions.seeContacts ? <p>{t('network.contacts.restricted')}</p> : null}
      <ErrorSummary error={remove.error} />
      {data.contacts.length === 0 ? (
        <p>{t('network.contacts.none')}</p>
      ) : (
        <ul className="network-list">
          {data.contacts.map((contact) => (
            <li key={contact.id}>
              <strong>{contact.name}</strong>
              {contact.role ? ` — ${contact.role}` : ''}
              {contact.email !== undefined ? (
                <ContactLine email={contact.email ?? null} phone={contact.phone ?? null} />
              ) : null}
              {data.permissions.managePivots ? (
                <ConfirmButton
                  label={t('network.contacts.remove', { name: contact.name })}
                  title={t('network.contacts.removeTitle')}
                  message={t('network.contacts.removeMessage', { name: contact.name })}
                  confirmLabel={t('network.contacts.removeConfirm')}
                  pending={remove.pending}
                  onConfirm={() => {
                    void remove.run(async () => {
                      await api.delete(`/network/contacts/${contact.id}`);
                      reload();
                    });
                  }}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {data.permissions.managePivots ? (
        <details className="network-actions">
          <summary>{t('network.contacts.add')}</summary>
          <form
            className="narrow"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void add.run(async () => {
                await api.post(`/network/organisations/${data.organisation.id}/contacts`, {
                  name: values.name,
                  role: values.role,
                  email: values.email.trim() || null,
                  phone: values.phone.trim() || null,
                });
                setValues(empty);
                reload();
              });
            }}
          >
            <ErrorSummary error={add.error} fieldId={(field) => ids[field]} />
            <Field
              id="contact-name"
              label={t('network.fields.name')}
              required
              value={values.name}
              error={fieldMessage(add.error, 'name')}
              onChange={(event) => set('name', event.target.value)}
            />
            <Field
              id="contact-role"
              label={t('network.fields.contactRole')}
              value={values.role}
              error={fieldMessage(add.error, 'role')}
              onChange={(event) => set('role', event.target.value)}
            />
            <Field
              id="contact-email"
              label={t('network.fields.email')}
              type="email"
              value={values.email}
              error={fieldMessage(add.error, 'email')}
              onChange={(event) => set('email', event.target.value)}
            />
            <Field
              id="contact-phone"
              label={t('network.fields.phone')}
              type="tel"
              value={values.phone}
              error={fieldMessage(add.error, 'phone')}
              onChange={(event) => set('phone', event.target.value)}
            />
            <Button type="submit" pending={add.pending}>
              {t('network.contacts.add')}
            </Button>
          </form>
        </details>
      ) : null}
    </section>
  );
}

/** A partner's network page: warnings, coverage and target, pivots, agreement, contributions, contacts. */
export function OrganisationNetworkPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { id = '' } = useParams();
  const page = useApiData<OrganisationNetwork>(`/network/organisations/${encodeURIComponent(id)}`);
  const location = useLocation();
  const replaced = (location.state as { flash?: unknown } | null)?.flash === 'replaced';
  const [saved, setSaved] = useState(false);
  if (page.loading && !page.data) return <LoadingPage />;
  if (!page.data) return page.error ? <LoadErrorPage error={page.error} /> : <LoadingPage />;
  const data = page.data;
  const onSaved: Reload = (next) => {
    page.setData(next);
    setSaved(true);
  };
  const reload = () => {
    page.reload();
    setSaved(true);
  };
  const under = data.coverage.target !== null && data.coverage.trained < data.coverage.target;

  return (
    <Page title={data.organisation.name} lead={labelOf(t, 'organisationTypes', data.organisation.type)}>
      <p>
        <Link to="/reseau">{t('network.back')}</Link>
        {' · '}
        <Link to={`/organisations/${encodeURIComponent(data.organisation.id)}`}>
          {t('network.organisationRecord')}
        </Link>
      </p>
      <StatusMessage>
        {saved ? t('network.saved') : replaced ? t('network.replace.done') : null}
      </StatusMessage>
      {data.warnings.length > 0 ? (
        <section className="section network-warnings" aria-labelledby="network-warnings">
          <h2 id="network-warnings">{t('network.warnings.title')}</h2>
          <ul>
            {data.warnings.map((warning) => (
              <li key={warning.id}>
                {t(`network.warnings.${warning.kind}`, {
                  ...warning.params,
                  endOn:
                    typeof warning.params.endOn === 'string' ? formatDate(warning.params.endOn, locale) : '',
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="section" aria-labelledby="network-coverage">
        <h2 id="network-coverage">{t('network.coverage.organisationTitle')}</h2>
        <dl className="details">
          <div>
            <dt>{t('network.coverage.activePivots')}</dt>
            <dd>{formatNumber(data.coverage.active, locale)}</dd>
          </div>
          <div>
            <dt>{t('network.coverage.trainedPivots')}</dt>
            <dd>{formatNumber(data.coverage.trained, locale)}</dd>
          </div>
          <div>
            <dt>{t('network.coverage.target')}</dt>
            <dd>
              {data.coverage.target === null
                ? t('network.coverage.noTarget')
                : formatNumber(data.coverage.target, locale)}
              {under ? (
                <span className="tag network-tag-warning">{t('network.coverage.underTarget')}</span>
              ) : null}
            </dd>
          </div>
        </dl>
        {data.permissions.edit ? (
          <details className="network-actions">
            <summary>{t('network.coverage.setTarget')}</summary>
            <TargetForm data={data} onSaved={onSaved} />
          </details>
        ) : null}
      </section>
      <PivotsSection data={data} onSaved={onSaved} reload={reload} />
      <AgreementSection key={`agreement-${data.agreement?.signedOn ?? ''}`} data={data} onSaved={onSaved} />
      <ContributionsSection data={data} onSaved={onSaved} />
      <ContactsSection data={data} reload={reload} />
    </Page>
  );
}
