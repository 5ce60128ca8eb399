import { useState } from 'react';
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
import { useForm } from '../../app/form';
import { formatDate, formatNumber, fullName, labelOf } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Checkbox, CheckboxGroup, ChoiceField, choices, Field, TextAreaField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { LoadErrorPage } from '../errors/load-error';
import { ActionPanel, ContactLine, readAsBase64 } from './parts';

type Reload = (data: OrganisationNetwork) => void;

function usePeopleOf(organisationId: string, enabled: boolean) {
  return useApiData<PeoplePage>(
    enabled ? withQuery('/people', { organisationId, pageSize: 100, status: 'active' }) : null,
  );
}

function personChoices(people: PeoplePage | undefined) {
  return (people?.items ?? []).map((person) => ({ value: person.id, label: fullName(person) }));
}

function TargetForm({ data, onSaved }: { data: OrganisationNetwork; onSaved: Reload }) {
  const { t } = useTranslation();
  const form = useForm(
    { target: data.coverage.target === null ? '' : String(data.coverage.target) },
    () => 'network-target',
  );
  const onSubmit = form.onSubmit(async () => {
    const target = form.values.target.trim() === '' ? null : Number(form.values.target);
    onSaved(
      await api.put<OrganisationNetwork>(`/network/organisations/${data.organisation.id}/target`, { target }),
    );
  });
  return (
    <form className="narrow" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <Field
        label={t('network.coverage.targetLabel')}
        hint={t('network.coverage.targetHint')}
        type="number"
        min={0}
        max={100}
        inputMode="numeric"
        {...form.field('target')}
      />
      <Button type="submit" pending={form.pending}>
        {t('network.save')}
      </Button>
    </form>
  );
}

function NamePivotForm({ data, onSaved }: { data: OrganisationNetwork; onSaved: () => void }) {
  const { t } = useTranslation();
  const people = usePeopleOf(data.organisation.id, true);
  const form = useForm(
    { personId: '', startOn: data.today, endOn: '', prerequisiteCompletedOn: '', languages: 'fr' },
    {
      personId: 'pivot-person',
      startOn: 'pivot-start',
      endOn: 'pivot-end',
      prerequisiteCompletedOn: 'pivot-prerequisite',
      languages: 'pivot-languages',
      expertise: 'pivot-expertise',
    },
  );
  const [expertise, setExpertise] = useState<string[]>([]);
  const { values } = form;
  const onSubmit = form.onSubmit(async () => {
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
  return (
    <form className="narrow" onSubmit={onSubmit} noValidate>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <ChoiceField
        label={t('network.fields.person')}
        placeholder={t('network.pivots.choosePerson')}
        options={personChoices(people.data)}
        {...form.field('personId')}
      />
      <Field label={t('network.fields.startOn')} type="date" required {...form.field('startOn')} />
      <Field label={t('network.fields.endOnOptional')} type="date" {...form.field('endOn')} />
      <CheckboxGroup
        id="pivot-expertise"
        legend={t('network.fields.expertise')}
        options={choices(EXPERTISE, (tag) => t(`network.expertise.${tag}`))}
        value={expertise}
        error={fieldMessage(form.error, 'expertise')}
        onChange={setExpertise}
      />
      <Field
        label={t('network.fields.languages')}
        hint={t('network.pivots.languagesHint')}
        {...form.field('languages')}
      />
      <Field
        label={t('network.fields.prerequisiteCompletedOn')}
        hint={t('network.pivots.prerequisiteHint')}
        type="date"
        {...form.field('prerequisiteCompletedOn')}
      />
      <Button type="submit" pending={form.pending}>
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
  const prefix = `mandate-${mandate.id}`;
  const end = useForm({ endOn: mandate.endOn ?? data.today }, () => `${prefix}-end`);
  const absence = useForm({ fromOn: data.today, toOn: data.today, reason: 'vacation' }, (field) =>
    field === 'reason' ? `${prefix}-reason` : field === 'toOn' ? `${prefix}-to` : `${prefix}-from`,
  );
  return (
    <ActionPanel summary={t('network.pivots.manage', { name: mandate.person.name })}>
      <p>
        <Link
          className="button button-secondary"
          to={`/reseau/organisations/${encodeURIComponent(data.organisation.id)}/remplacer/${encodeURIComponent(mandate.id)}`}
        >
          {t('network.replace.link', { name: mandate.person.name })}
        </Link>
      </p>
      <form
        onSubmit={end.onSubmit(async () => {
          onSaved(await api.post<OrganisationNetwork>(`/network/mandates/${mandate.id}/end`, end.values));
        })}
        noValidate
      >
        <ErrorSummary error={end.error} fieldId={end.fieldId} />
        <Field label={t('network.pivots.endOn')} type="date" {...end.field('endOn')} />
        <Button type="submit" variant="secondary" pending={end.pending}>
          {t('network.pivots.end')}
        </Button>
      </form>
      <form
        onSubmit={absence.onSubmit(async () => {
          onSaved(
            await api.post<OrganisationNetwork>(`/network/mandates/${mandate.id}/absences`, absence.values),
          );
        })}
        noValidate
      >
        <ErrorSummary error={absence.error} fieldId={absence.fieldId} />
        <fieldset className="fieldset">
          <legend>{t('network.pivots.absence')}</legend>
          <Field label={t('network.fields.fromOn')} type="date" {...absence.field('fromOn')} />
          <Field label={t('network.fields.toOn')} type="date" {...absence.field('toOn')} />
          <ChoiceField
            label={t('network.fields.reason')}
            options={choices(ABSENCE_REASONS, (reason) => t(`network.absenceReasons.${reason}`))}
            {...absence.field('reason')}
          />
          <Button type="submit" variant="secondary" pending={absence.pending}>
            {t('network.pivots.addAbsence')}
          </Button>
        </fieldset>
      </form>
    </ActionPanel>
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
      <DataTable
        caption={t('network.pivots.caption')}
        captionHidden
        columns={[
          t('network.fields.name'),
          t('network.fields.status'),
          t('network.fields.period'),
          t('network.fields.expertise'),
          t('network.fields.languages'),
          t('network.fields.training'),
        ]}
        rows={shown}
        empty={t('network.pivots.none')}
      >
        {(mandate) => (
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
        )}
      </DataTable>
      {data.permissions.managePivots ? (
        <>
          {data.pivots
            .filter((m) => m.status !== 'ended')
            .map((mandate) => (
              <MandateActions key={mandate.id} mandate={mandate} data={data} onSaved={onSaved} />
            ))}
          <ActionPanel summary={t('network.pivots.nameTitle')}>
            <NamePivotForm data={data} onSaved={reload} />
          </ActionPanel>
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
  const form = useForm(
    {
      signedOn: agreement?.signedOn ?? '',
      signatories: agreement?.signatories ?? '',
      releasedPersonId: agreement?.releasedPerson?.id ?? '',
      commitment: agreement?.commitment ?? '',
      renewalOn: agreement?.renewalOn ?? '',
    },
    {
      signedOn: 'agreement-signed',
      signatories: 'agreement-signatories',
      releasedPersonId: 'agreement-released',
      commitment: 'agreement-commitment',
      renewalOn: 'agreement-renewal',
      document: 'agreement-document',
    },
  );
  const [file, setFile] = useState<File | null>(null);
  const { values } = form;
  const onSubmit = form.onSubmit(async () => {
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
  return (
    <section className="section" aria-labelledby="network-agreement">
      <h2 id="network-agreement">{t('network.agreement.title')}</h2>
      {agreement ? (
        <dl className="details">
          <Detail term={t('network.fields.signedOn')}>{formatDate(agreement.signedOn, locale)}</Detail>
          <Detail term={t('network.fields.signatories')}>{agreement.signatories}</Detail>
          <Detail term={t('network.fields.releasedPerson')}>{agreement.releasedPerson?.name ?? '—'}</Detail>
          <Detail term={t('network.fields.renewalOn')}>
            {agreement.renewalOn ? formatDate(agreement.renewalOn, locale) : '—'}
          </Detail>
          <Detail term={t('network.fields.commitment')}>{agreement.commitment || '—'}</Detail>
          <Detail term={t('network.fields.document')}>
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
          </Detail>
        </dl>
      ) : (
        <p>{t('network.agreement.none')}</p>
      )}
      {data.permissions.edit ? (
        <ActionPanel summary={agreement ? t('network.agreement.edit') : t('network.agreement.record')}>
          <form className="narrow" onSubmit={onSubmit} noValidate>
            <ErrorSummary error={form.error} fieldId={form.fieldId} />
            <Field label={t('network.fields.signedOn')} type="date" required {...form.field('signedOn')} />
            <Field label={t('network.fields.signatories')} required {...form.field('signatories')} />
            <ChoiceField
              label={t('network.fields.releasedPerson')}
              placeholder={t('network.agreement.nobody')}
              options={personChoices(people.data)}
              {...form.field('releasedPersonId')}
            />
            <TextAreaField
              label={t('network.fields.commitment')}
              rows={4}
              maxLength={4000}
              {...form.field('commitment')}
            />
            <Field label={t('network.fields.renewalOn')} type="date" {...form.field('renewalOn')} />
            <Field
              id="agreement-document"
              label={t('network.fields.document')}
              hint={t('network.agreement.documentHint')}
              type="file"
              accept="application/pdf"
              error={fieldMessage(form.error, 'document')}
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
            <Button type="submit" pending={form.pending}>
              {t('network.save')}
            </Button>
          </form>
        </ActionPanel>
      ) : null}
    </section>
  );
}

function ContributionsSection({ data, onSaved }: { data: OrganisationNetwork; onSaved: Reload }) {
  const { t } = useTranslation();
  const form = useForm({ ...data.contributions }, (field) => `contribution-${field}`);
  const list = (keys: string[], group: string) =>
    keys.length > 0
      ? keys.map((key) => t(`network.${group}.${key}`)).join(', ')
      : t('network.contributions.nothing');
  return (
    <section className="section" aria-labelledby="network-contributions">
      <h2 id="network-contributions">{t('network.contributions.title')}</h2>
      <dl className="details">
        <Detail term={t('network.contributions.mandates')}>
          {list(data.contributions.mandates, 'mandates')}
        </Detail>
        <Detail term={t('network.contributions.functions')}>
          {list(data.contributions.functions, 'functions')}
        </Detail>
      </dl>
      {data.permissions.edit ? (
        <ActionPanel summary={t('network.contributions.edit')}>
          <form
            className="narrow"
            noValidate
            onSubmit={form.onSubmit(async () => {
              const { mandates, functions } = form.values;
              const path = `/network/organisations/${data.organisation.id}/contributions`;
              onSaved(await api.put<OrganisationNetwork>(path, { mandates, functions }));
            })}
          >
            <ErrorSummary error={form.error} />
            <CheckboxGroup
              id="contribution-mandates"
              legend={t('network.contributions.mandates')}
              options={choices(TABLE_MANDATES, (key) => t(`network.mandates.${key}`))}
              value={form.values.mandates}
              onChange={(value) => form.set('mandates', value)}
            />
            <CheckboxGroup
              id="contribution-functions"
              legend={t('network.contributions.functions')}
              options={choices(NET_FUNCTIONS, (key) => t(`network.functions.${key}`))}
              value={form.values.functions}
              onChange={(value) => form.set('functions', value)}
            />
            <Button type="submit" pending={form.pending}>
              {t('network.save')}
            </Button>
          </form>
        </ActionPanel>
      ) : null}
    </section>
  );
}

function ContactsSection({ data, reload }: { data: OrganisationNetwork; reload: () => void }) {
  const { t } = useTranslation();
  const empty = { name: '', role: '', email: '', phone: '' };
  const add = useForm(empty, (field) => `contact-${field}`);
  const remove = useAction();
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
        <ActionPanel summary={t('network.contacts.add')}>
          <form
            className="narrow"
            noValidate
            onSubmit={add.onSubmit(async () => {
              const { values } = add;
              await api.post(`/network/organisations/${data.organisation.id}/contacts`, {
                ...values,
                email: values.email.trim() || null,
                phone: values.phone.trim() || null,
              });
              add.setValues(empty);
              reload();
            })}
          >
            <ErrorSummary error={add.error} fieldId={add.fieldId} />
            <Field label={t('network.fields.name')} required {...add.field('name')} />
            <Field label={t('network.fields.contactRole')} {...add.field('role')} />
            <Field label={t('network.fields.email')} type="email" {...add.field('email')} />
            <Field label={t('network.fields.phone')} type="tel" {...add.field('phone')} />
            <Button type="submit" pending={add.pending}>
              {t('network.contacts.add')}
            </Button>
          </form>
        </ActionPanel>
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
          <Detail term={t('network.coverage.activePivots')}>
            {formatNumber(data.coverage.active, locale)}
          </Detail>
          <Detail term={t('network.coverage.trainedPivots')}>
            {formatNumber(data.coverage.trained, locale)}
          </Detail>
          <Detail term={t('network.coverage.target')}>
            {data.coverage.target === null
              ? t('network.coverage.noTarget')
              : formatNumber(data.coverage.target, locale)}
            {under ? (
              <span className="tag network-tag-warning">{t('network.coverage.underTarget')}</span>
            ) : null}
          </Detail>
        </dl>
        {data.permissions.edit ? (
          <ActionPanel summary={t('network.coverage.setTarget')}>
            <TargetForm data={data} onSaved={onSaved} />
          </ActionPanel>
        ) : null}
      </section>
      <PivotsSection data={data} onSaved={onSaved} reload={reload} />
      <AgreementSection key={`agreement-${data.agreement?.signedOn ?? ''}`} data={data} onSaved={onSaved} />
      <ContributionsSection data={data} onSaved={onSaved} />
      <ContactsSection data={data} reload={reload} />
    </Page>
  );
}
