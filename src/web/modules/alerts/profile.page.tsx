import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Created, ProfileContent, ProfileDetail } from '../../../shared/contracts/alerts';
import { ARCHIVE_REASONS } from '../../../shared/contracts/alerts.values';
import { api, fieldMessage, withQuery } from '../../app/api';
import { binder } from '../../app/form';
import { formatDate } from '../../app/format';
import { useAction } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Checkbox, ChoiceField, choices, Field, TextAreaField as TextArea } from '../../ui/field';
import { Page } from '../../ui/page';
import { lines } from './types';

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
 * is audited with that purpose), edited, moved to another unit, reviewed every 90 days; archived when
 * the young person leaves care (then read-only, restorable), destroyed by the retention job or at
 * once by the centre's coordination after a confirmation.
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

  const setField = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  const onSave = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ok = await saving.run(async () => {
      if (creating) {
        const created = await api.post<Created>('/alerts/profiles', toBody(form));
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
          <ChoiceField
            id="profile-purpose"
            label={t('alerts.fields.purpose')}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            options={choices(PURPOSES, (p) => t(`alerts.purposes.${p}`))}
          />
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
  const field = binder({ values: form, set: setField, error: saving.error, fieldId });
  // An archived profile is read-only until it is restored.
  const readOnly = profile !== null && !profile.can.edit;
  const afterChange = (text: string) => {
    setMessage(text);
    void load('update');
  };
  return (
    <Page
      title={creating ? t('alerts.profile.newTitle') : t('alerts.profile.title')}
      heading={profile ? profile.displayName : undefined}
    >
      <StatusMessage>{message}</StatusMessage>
      {profile?.archivedAt ? (
        <ArchivedPanel profile={profile} onRestored={() => afterChange(t('alerts.archive.restored'))} />
      ) : null}
      {profile ? (
        <>
          <p>
            {t('alerts.profile.reviewed', { date: formatDate(profile.reviewedAt, locale) })}
            {profile.reviewDue ? <span className="tag">{t('alerts.profiles.reviewDue')}</span> : null}
          </p>
          <p className="button-row">
            {profile.archivedAt ? null : profile.openAlertId ? (
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
        {readOnly ? <p className="muted">{t('alerts.archive.readOnly')}</p> : null}
        <Field
          label={t('alerts.fields.givenName')}
          readOnly={readOnly}
          required
          autoComplete="off"
          {...field('givenName')}
        />
        <Field
          label={t('alerts.fields.familyName')}
          readOnly={readOnly}
          autoComplete="off"
          {...field('familyName')}
        />
        <TextArea
          label={t('alerts.fields.usualNames')}
          hint={t('alerts.profile.oneByLine')}
          readOnly={readOnly}
          {...field('usualNames')}
        />
        <Field
          type="date"
          label={t('alerts.fields.dateOfBirth')}
          readOnly={readOnly}
          {...field('dateOfBirth')}
        />
        <Field
          label={t('alerts.fields.unit')}
          hint={t('alerts.profile.unitHint')}
          readOnly={readOnly}
          required
          {...field('unit')}
        />
        <TextArea label={t('alerts.fields.description')} readOnly={readOnly} {...field('description')} />
        <TextArea
          label={t('alerts.fields.phones')}
          hint={t('alerts.profile.oneByLine')}
          readOnly={readOnly}
          {...field('phones')}
        />
        <TextArea
          label={t('alerts.fields.socialHandles')}
          hint={t('alerts.profile.oneByLine')}
          readOnly={readOnly}
          {...field('socialHandles')}
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
          <TextArea key={key} label={t(`alerts.fields.${key}`)} readOnly={readOnly} {...field(key)} />
        ))}
        {profile && !readOnly ? (
          <Checkbox
            id="profile-reviewed"
            label={t('alerts.profile.markReviewed')}
            checked={reviewed}
            onChange={(e) => setReviewed(e.target.checked)}
          />
        ) : null}
        {readOnly ? null : (
          <Button type="submit" pending={saving.pending}>
            {creating ? t('alerts.profile.create') : t('alerts.profile.save')}
          </Button>
        )}
      </form>
      {profile && !readOnly ? (
        <form className="form" onSubmit={onPhoto}>
          <h2>{t('alerts.profile.photo')}</h2>
          <ErrorSummary error={photo.error} />
          <Field
            id="profile-photo"
            name="profile-photo"
            label={t('alerts.profile.photoField')}
            hint={t('alerts.profile.photoHint')}
            type="file"
            accept="image/jpeg,image/png,image/webp"
          />
          <Button type="submit" variant="secondary" pending={photo.pending}>
            {t('alerts.profile.uploadPhoto')}
          </Button>
        </form>
      ) : null}
      {profile && !profile.archivedAt ? (
        <ArchiveForm profile={profile} onArchived={() => afterChange(t('alerts.archive.archived'))} />
      ) : null}
      {profile?.can.destroy ? <DestroyForm profile={profile} /> : null}
      <p>
        <Link to={profile?.archivedAt ? '/alertes/fiches?statut=archivees' : '/alertes/fiches'}>
          {t('alerts.profile.back')}
        </Link>
      </p>
    </Page>
  );
}

/** Archiving: a reason from the list (with its explanation for "other"); refused while an alert is open. */
function ArchiveForm({ profile, onArchived }: { profile: ProfileDetail; onArchived: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [detail, setDetail] = useState('');
  const action = useAction();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      await api.post(`/alerts/profiles/${profile.id}/archive`, {
        ...(reason ? { reason } : {}),
        ...(reason === 'other' ? { reasonDetail: detail } : {}),
      });
    });
    if (ok) onArchived();
  };
  return (
    <section className="form" aria-labelledby="archive-title">
      <h2 id="archive-title">{t('alerts.archive.title')}</h2>
      {profile.can.archive ? (
        <form onSubmit={onSubmit} noValidate>
          <p>{t('alerts.archive.lead')}</p>
          <ErrorSummary
            error={action.error}
            fieldId={(field) => (field === 'reasonDetail' ? 'archive-detail' : 'archive-reason')}
          />
          <ChoiceField
            id="archive-reason"
            label={t('alerts.fields.archiveReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={fieldMessage(action.error, 'reason') ?? fieldMessage(action.error, 'profileId')}
            required
            placeholder={t('alerts.archive.chooseReason')}
            options={choices(ARCHIVE_REASONS, (r) => t(`alerts.archiveReasons.${r}`))}
          />
          {reason === 'other' ? (
            <TextArea
              id="archive-detail"
              label={t('alerts.fields.archiveReasonDetail')}
              hint={t('alerts.archive.detailHint')}
              value={detail}
              onChange={(e) => setDetail(e.target.value)}
              error={fieldMessage(action.error, 'reasonDetail')}
              required
            />
          ) : null}
          <Button type="submit" variant="secondary" pending={action.pending}>
            {t('alerts.archive.submit')}
          </Button>
        </form>
      ) : (
        <p>{t('alerts.archive.openAlert')}</p>
      )}
    </section>
  );
}

/** What an archived profile shows: since when, why, when it will be destroyed; restoring it. */
function ArchivedPanel({ profile, onRestored }: { profile: ProfileDetail; onRestored: () => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const action = useAction();
  const restore = async () => {
    const ok = await action.run(() => api.post(`/alerts/profiles/${profile.id}/restore`, {}));
    if (ok) onRestored();
  };
  return (
    <div className="notice">
      <p>
        {t('alerts.archive.archivedOn', {
          date: formatDate(profile.archivedAt!, locale),
          reason: profile.archiveReason ? t(`alerts.archiveReasons.${profile.archiveReason}`) : '—',
        })}
        {profile.archiveReasonDetail ? ` — ${profile.archiveReasonDetail}` : ''}
      </p>
      {profile.destroyAfter ? (
        <p>{t('alerts.archive.destroyOn', { date: formatDate(profile.destroyAfter, locale) })}</p>
      ) : null}
      <ErrorSummary error={action.error} />
      {profile.can.restore ? (
        <p className="button-row">
          <Button variant="secondary" onClick={() => void restore()} pending={action.pending}>
            {t('alerts.archive.restore')}
          </Button>
        </p>
      ) : null}
    </div>
  );
}

/**
 * Destroying an archived profile at once (the centre's coordination): a written justification, then a
 * confirmation step. The justification is checked by the server and not kept.
 */
function DestroyForm({ profile }: { profile: ProfileDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [justification, setJustification] = useState('');
  const action = useAction();
  const destroy = async () => {
    const ok = await action.run(() => api.post(`/alerts/profiles/${profile.id}/destroy`, { justification }));
    if (ok) navigate('/alertes/fiches?statut=archivees', { state: { flash: 'destroyed' } });
  };
  return (
    <section className="form" aria-labelledby="destroy-title">
      <h2 id="destroy-title">{t('alerts.destroy.title')}</h2>
      <p>{t('alerts.destroy.lead')}</p>
      <ErrorSummary error={action.error} fieldId={() => 'destroy-justification'} />
      <TextArea
        id="destroy-justification"
        label={t('alerts.destroy.justification')}
        hint={t('alerts.destroy.justificationHint')}
        value={justification}
        onChange={(e) => setJustification(e.target.value)}
        error={fieldMessage(action.error, 'justification') ?? fieldMessage(action.error, 'profileId')}
        required
      />
      <div className="button-row">
        <ConfirmButton
          label={t('alerts.destroy.submit')}
          title={t('alerts.destroy.confirmTitle', { name: profile.displayName })}
          message={t('alerts.destroy.confirmMessage')}
          confirmLabel={t('alerts.destroy.confirm')}
          pending={action.pending}
          onConfirm={() => void destroy()}
        />
      </div>
    </section>
  );
}
