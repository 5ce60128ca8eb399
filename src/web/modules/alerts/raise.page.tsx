import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { PartnerList, ProfileList, RaisedAlert } from '../../../shared/contracts/alerts';
import { LEGAL_BASES } from '../../../shared/contracts/alerts.values';
import { api, fieldMessage } from '../../app/api';
import { useAction, useApiData } from '../../app/hooks';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import {
  Checkbox,
  CheckboxGroup,
  ChoiceField,
  choices,
  Field,
  SelectField,
  TextAreaField as TextArea,
} from '../../ui/field';
import { Loading, Page } from '../../ui/page';
import { isoFromInput, localInputNow } from './types';

/**
 * Raising an alert in one step: from a profile (its fields are shared as each recipient's role
 * allows) or from the few fields an emergency allows; the police service always for a runaway.
 */
export function RaiseAlertPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const profiles = useApiData<ProfileList>('/alerts/profiles');
  const partners = useApiData<PartnerList>('/alerts/partners');
  const [profileId, setProfileId] = useState(params.get('fiche') ?? '');
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<'runaway' | 'at_risk'>('runaway');
  const [lastSeenAt, setLastSeenAt] = useState(localInputNow());
  const [lastSeenPlace, setLastSeenPlace] = useState('');
  const [clothing, setClothing] = useState('');
  const [circumstances, setCircumstances] = useState('');
  const [immediateRisks, setImmediateRisks] = useState('');
  const [policeId, setPoliceId] = useState('');
  const [organisationIds, setOrganisationIds] = useState<string[]>([]);
  const [regions, setRegions] = useState<string[]>([]);
  const [legalBasis, setLegalBasis] = useState('');
  const [withoutConsent, setWithoutConsent] = useState(false);
  const [justification, setJustification] = useState('');
  const action = useAction();
  const error = (field: string) => fieldMessage(action.error, field);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await action.run(async () => {
      const raised = await api.post<RaisedAlert>('/alerts', {
        kind,
        ...(profileId ? { profileId } : { subject: { givenName, familyName, description } }),
        lastSeenAt: isoFromInput(lastSeenAt),
        lastSeenPlace,
        clothing,
        circumstances,
        immediateRisks,
        ...(policeId ? { policeOrganisationId: policeId } : {}),
        organisationIds,
        regions,
        ...(legalBasis ? { legalBasis } : {}),
        ...(withoutConsent ? { withoutConsent, justification } : {}),
      });
      navigate(`/alertes/${raised.id}`);
    });
  };

  if (!partners.data || !profiles.data) {
    return (
      <Page title={t('alerts.raise.title')}>
        <ErrorSummary error={partners.error ?? profiles.error} />
        <Loading />
      </Page>
    );
  }
  const police = partners.data.organisations.filter((o) => o.type === 'police');
  const others = partners.data.organisations.filter((o) => o.type !== 'police');
  const fieldId = (field: string) => `raise-${field.split('.').pop()}`;

  return (
    <Page title={t('alerts.raise.title')} lead={t('alerts.raise.lead')}>
      <ErrorSummary error={action.error} fieldId={fieldId} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <SelectField
          id="raise-kind"
          label={t('alerts.fields.kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as 'runaway' | 'at_risk')}
        >
          <option value="runaway">{t('alerts.kinds.runaway')}</option>
          <option value="at_risk">{t('alerts.kinds.at_risk')}</option>
        </SelectField>
        <SelectField
          id="raise-profileId"
          label={t('alerts.fields.profile')}
          value={profileId}
          onChange={(e) => setProfileId(e.target.value)}
          error={error('profileId')}
        >
          <option value="">{t('alerts.raise.noProfile')}</option>
          {profiles.data.items.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName} — {p.unit}
            </option>
          ))}
        </SelectField>
        {profileId ? null : (
          <fieldset className="field fieldset">
            <legend>{t('alerts.raise.subject')}</legend>
            <Field
              id="raise-givenName"
              label={t('alerts.fields.givenName')}
              value={givenName}
              onChange={(e) => setGivenName(e.target.value)}
              error={error('subject.givenName')}
              autoComplete="off"
            />
            <Field
              id="raise-familyName"
              label={t('alerts.fields.familyName')}
              value={familyName}
              onChange={(e) => setFamilyName(e.target.value)}
              autoComplete="off"
            />
            <TextArea
              id="raise-description"
              label={t('alerts.fields.description')}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </fieldset>
        )}
        <Field
          id="raise-lastSeenAt"
          type="datetime-local"
          label={t('alerts.fields.lastSeenAt')}
          value={lastSeenAt}
          onChange={(e) => setLastSeenAt(e.target.value)}
          error={error('lastSeenAt')}
          required
        />
        <Field
          id="raise-lastSeenPlace"
          label={t('alerts.fields.lastSeenPlace')}
          value={lastSeenPlace}
          onChange={(e) => setLastSeenPlace(e.target.value)}
          error={error('lastSeenPlace')}
        />
        <Field
          id="raise-clothing"
          label={t('alerts.fields.clothing')}
          value={clothing}
          onChange={(e) => setClothing(e.target.value)}
          error={error('clothing')}
        />
        <TextArea
          id="raise-circumstances"
          label={t('alerts.fields.circumstances')}
          value={circumstances}
          onChange={(e) => setCircumstances(e.target.value)}
          error={error('circumstances')}
        />
        <TextArea
          id="raise-immediateRisks"
          label={t('alerts.fields.immediateRisks')}
          value={immediateRisks}
          onChange={(e) => setImmediateRisks(e.target.value)}
          error={error('immediateRisks')}
        />
        <ChoiceField
          id="raise-policeOrganisationId"
          label={t('alerts.fields.police')}
          hint={t('alerts.raise.policeHint')}
          value={policeId}
          onChange={(e) => setPoliceId(e.target.value)}
          error={error('policeOrganisationId')}
          placeholder={t('alerts.raise.policeDefault')}
          options={police.map((o) => ({ value: o.id, label: o.name }))}
        />
        <CheckboxGroup
          id="raise-organisationIds"
          legend={t('alerts.fields.organisations')}
          hint={t('alerts.raise.organisationsHint')}
          error={error('organisationIds')}
          options={others.map((o) => ({ value: o.id, label: `${o.name} (${o.region})` }))}
          value={organisationIds}
          onChange={setOrganisationIds}
        />
        <CheckboxGroup
          id="raise-regions"
          legend={t('alerts.fields.regions')}
          hint={t('alerts.raise.regionsHint')}
          error={error('regions')}
          options={partners.data.regions.map((r) => ({ value: r, label: r }))}
          value={regions}
          onChange={setRegions}
        />
        <ChoiceField
          id="raise-legalBasis"
          label={t('alerts.fields.legalBasis')}
          value={legalBasis}
          onChange={(e) => setLegalBasis(e.target.value)}
          error={error('legalBasis')}
          required
          placeholder={t('alerts.raise.chooseBasis')}
          options={choices(LEGAL_BASES, (b) => t(`alerts.bases.${b}`))}
        />
        {session.can('alerts.override') ? (
          <>
            <Checkbox
              id="raise-withoutConsent"
              label={t('alerts.raise.withoutConsent')}
              checked={withoutConsent}
              onChange={(e) => setWithoutConsent(e.target.checked)}
            />
            {withoutConsent ? (
              <TextArea
                id="raise-justification"
                label={t('alerts.fields.justification')}
                hint={t('alerts.raise.justificationHint')}
                value={justification}
                onChange={(e) => setJustification(e.target.value)}
                error={error('justification') ?? error('withoutConsent')}
              />
            ) : null}
          </>
        ) : null}
        <Button type="submit" pending={action.pending}>
          {t('alerts.raise.submit')}
        </Button>
      </form>
      <p>
        <Link to="/alertes">{t('alerts.alert.back')}</Link>
      </p>
    </Page>
  );
}
