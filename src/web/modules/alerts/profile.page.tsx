import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, fieldMessage, withQuery } from '../../app/api';
import { formatDate } from '../../app/format';
import { useAction } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Checkbox, Field, SelectField, TextAreaField as TextArea } from '../../ui/field';
import { Page } from '../../ui/page';
import { lines, type ProfileContent, type ProfileDetail } from './types';

const PURPOSES = ['update', 'review', 'alert', 'care'] as const;
const TEXT_FIELDS = [
  'description',
  'associates',
  'places',
  'pastEpisodes',
  'medicalNeeds',
  'exploitationRisks',
  'sharingBasis',
] as const;
const LIST_FIELDS = ['usualNames', 'phones', 'socialHandles'] as const;

type Form = Record<
  | (typeof TEXT_FIELDS)[number]
  | (typeof LIST_FIELDS)[number]
  | 'givenName'
  | 'familyName'
  | 'dateOfBirth'
  | 'unit',
  string
>;

function toForm(content: ProfileContent | null, unit: string): Form {
  return {
    givenName: content?.givenName ?? '',
    familyName: content?.familyName ?? '',
    dateOfBirth: content?.dateOfBirth ?? '',
    unit,
    usualNames: content?.usualNames.join('\n') ?? '',
    phones: content?.phones.join('\n') ?? '',
    socialHandles: content?.socialHandles.join('\n') ?? '',
    description: content?.description ?? '',
    associates: content?.associates ?? '',
    places: content?.places ?? '',
    pastEpisodes: content?.pastEpisodes ?? '',
    medicalNeeds: content?.medicalNeeds ?? '',
    exploitationRisks: content?.exploitationRisks ?? '',
    sharingBasis: content?.sharingBasis ?? '',
  };
}

function toBody(form: Form) {
  return {
    givenName: form.givenName,
    familyName: form.familyName,
    dateOfBirth: form.dateOfBirth || null,
    unit: form.unit,
    usualNames: lines(form.usualNames),
    phones: lines(form.phones),
    socialHandles: lines(form.socialHandles),
    description: form.description,
    associates: form.associates,
    places: form.places,
    pastEpisodes: form.pastEpisodes,
    medicalNeeds: form.medicalNeeds,
    exploitationRisks: form.exploitationRisks,
    sharingBasis: form.sharingBasis,
  };
}

/** Reads a file as base64 (without the data: prefix). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * A young person's profile: created by the youth centre, opened only after stating why (each view
 * is audited with that purpose), edited, moved to another unit, reviewed every 90 days.
 */
export function ProfilePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const creating = !id;
  const [purpose, setPurpose] = useState<string>(PURPOSES[0]);
  const [profile, setProfile] = useState<ProfileDetail | null>(null);
  const [form, setForm] = useState<Form>(toForm(null, ''));
  const [reviewed, setReviewed] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const opening = useAction();
  const saving = useAction();
  const photo = useAction();

  const load = (reason: string) =>
    opening.run(async () => {
      const loaded = await api.get<ProfileDetail>(
        withQuery(`/alerts/profiles/${id}`, { purpose: t(`alerts.purposes.${reason}`) }),
      );
      setProfile(loaded);
      setForm(toForm(loaded.content, loaded.unit));
    });

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new profile id starts over.
  useEffect(() => {
    setProfile(null);
    setMessage(null);
  }, [id]);

  const set = (key: keyof Form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const error = (field: string) => fieldMessage(saving.error, field);

  const onSave = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ok = await saving.run(async () => {
      if (creating) {
        const created = await api.post<{ id: string }>('/alerts/profiles', toBody(form));
        navigate(`/alertes/fiches/${created.id}`);
        return;
      }
      await api.patch(`/alerts/profiles/${id}`, { ...toBody(form), ...(reviewed ? { reviewed: true } : {}) });
    });
    if (ok && !creating) {
      setMessage(t('alerts.profile.saved'));
      setReviewed(false);
      void load('update');
    }
  };

  const onPhoto = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('profile-photo') as HTMLInputElement | null;
    const file = input?.files?.[0];
    if (!file) return;
    const ok = await photo.run(async () => {
      await api.put(`/alerts/profiles/${id}/photo`, { contentBase64: await readBase64(file) });
    });
    if (ok) {
      setMessage(t('alerts.profile.photoSaved'));
      void load('update');
    }
  };

  if (!creating && !profile) {
    return (
      <Page title={t('alerts.profile.title')} lead={t('alerts.profile.purposeLead')}>
        <ErrorSummary error={opening.error} />
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void load(purpose);
          }}
        >
          <SelectField
            id="profile-purpose"
            label={t('alerts.fields.purpose')}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
          >
            {PURPOSES.map((p) => (
              <option key={p} value={p}>
                {t(`alerts.purposes.${p}`)}
              </option>
            ))}
          </SelectField>
          <Button type="submit" pending={opening.pending}>
            {t('alerts.profile.open')}
          </Button>
        </form>
        <p>
          <Link to="/alertes/fiches">{t('alerts.profile.back')}</Link>
        </p>
      </Page>
    );
  }

  const locale = currentLocale();
  const fieldId = (field: string) => `profile-${field.split('.')[0]}`;
  return (
    <Page
      title={creating ? t('alerts.profile.newTitle') : t('alerts.profile.title')}
      heading={profile ? profile.displayName : undefined}
    >
      <StatusMessage>{message}</StatusMessage>
      {profile ? (
        <>
          <p>
            {t('alerts.profile.reviewed', { date: formatDate(profile.reviewedAt, locale) })}
            {profile.reviewDue ? <span className="tag">{t('alerts.profiles.reviewDue')}</span> : null}
          </p>
          <p className="button-row">
            {profile.openAlertId ? (
              <Link className="button button-primary" to={`/alertes/${profile.openAlertId}`}>
                {t('alerts.profiles.openAlert')}
              </Link>
            ) : (
              <Link className="button button-primary" to={`/alertes/nouvelle?fiche=${profile.id}`}>
                {t('alerts.profile.raise')}
              </Link>
            )}
          </p>
          {profile.hasPhoto ? (
            <img
              className="alerts-photo"
              src={`/api${withQuery(`/alerts/profiles/${profile.id}/photo`, { purpose: t('alerts.purposes.update') })}`}
              alt={t('alerts.profile.photoAlt', { name: profile.displayName })}
              width={160}
            />
          ) : null}
        </>
      ) : null}
      <ErrorSummary error={saving.error} fieldId={fieldId} />
      <form className="form" onSubmit={onSave} noValidate>
        <Field
          id="profile-givenName"
          label={t('alerts.fields.givenName')}
          value={form.givenName}
          onChange={set('givenName')}
          error={error('givenName')}
          required
          autoComplete="off"
        />
        <Field
          id="profile-familyName"
          label={t('alerts.fields.familyName')}
          value={form.familyName}
          onChange={set('familyName')}
          error={error('familyName')}
          autoComplete="off"
        />
        <TextArea
          id="profile-usualNames"
          label={t('alerts.fields.usualNames')}
          hint={t('alerts.profile.oneByLine')}
          value={form.usualNames}
          onChange={set('usualNames')}
          error={error('usualNames')}
        />
        <Field
          id="profile-dateOfBirth"
          type="date"
          label={t('alerts.fields.dateOfBirth')}
          value={form.dateOfBirth}
          onChange={set('dateOfBirth')}
          error={error('dateOfBirth')}
        />
        <Field
          id="profile-unit"
          label={t('alerts.fields.unit')}
          hint={t('alerts.profile.unitHint')}
          value={form.unit}
          onChange={set('unit')}
          error={error('unit')}
          required
        />
        <TextArea
          id="profile-description"
          label={t('alerts.fields.description')}
          value={form.description}
          onChange={set('description')}
          error={error('description')}
        />
        <TextArea
          id="profile-phones"
          label={t('alerts.fields.phones')}
          hint={t('alerts.profile.oneByLine')}
          value={form.phones}
          onChange={set('phones')}
          error={error('phones')}
        />
        <TextArea
          id="profile-socialHandles"
          label={t('alerts.fields.socialHandles')}
          hint={t('alerts.profile.oneByLine')}
          value={form.socialHandles}
          onChange={set('socialHandles')}
          error={error('socialHandles')}
        />
        {(
          [
            'associates',
            'places',
            'pastEpisodes',
            'medicalNeeds',
            'exploitationRisks',
            'sharingBasis',
          ] as const
        ).map((key) => (
          <TextArea
            key={key}
            id={`profile-${key}`}
            label={t(`alerts.fields.${key}`)}
            value={form[key]}
            onChange={set(key)}
            error={error(key)}
          />
        ))}
        {profile ? (
          <Checkbox
            id="profile-reviewed"
            label={t('alerts.profile.markReviewed')}
            checked={reviewed}
            onChange={(e) => setReviewed(e.target.checked)}
          />
        ) : null}
        <Button type="submit" pending={saving.pending}>
          {creating ? t('alerts.profile.create') : t('alerts.profile.save')}
        </Button>
      </form>
      {profile ? (
        <form className="form" onSubmit={onPhoto}>
          <h2>{t('alerts.profile.photo')}</h2>
          <ErrorSummary error={photo.error} />
          <div className="field">
            <label htmlFor="profile-photo">{t('alerts.profile.photoField')}</label>
            <p id="profile-photo-hint" className="field-hint">
              {t('alerts.profile.photoHint')}
            </p>
            <input
              id="profile-photo"
              name="profile-photo"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              aria-describedby="profile-photo-hint"
            />
          </div>
          <Button type="submit" variant="secondary" pending={photo.pending}>
            {t('alerts.profile.uploadPhoto')}
          </Button>
        </form>
      ) : null}
      <p>
        <Link to="/alertes/fiches">{t('alerts.profile.back')}</Link>
      </p>
    </Page>
  );
}
