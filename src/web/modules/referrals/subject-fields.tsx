import { useTranslation } from 'react-i18next';
import type { SubjectDetail, SubjectInput, SubjectUpdate } from '../../../shared/contracts/referrals';
import {
  RESOURCE_GENDERS,
  RESOURCE_LANGUAGES,
  SAFE_CHANNELS,
  type SafeChannel,
  type SubjectKind,
} from '../../../shared/contracts/resources.values';
import { type ApiError, fieldMessage } from '../../app/api';
import { binder } from '../../app/form';
import { currentLocale } from '../../app/i18n';
import {
  Checkbox,
  CheckboxGroup,
  ChoiceField,
  choices,
  Field,
  Fieldset,
  Radio,
  TextAreaField,
} from '../../ui/field';
import { ageOn, languageLabel } from './parts';

/** A person being written down, as the inputs hold it. */
export interface SubjectDraft {
  kind: SubjectKind;
  givenName: string;
  familyName: string;
  preferredName: string;
  birthDate: string;
  gender: string;
  languages: string[];
  doNotContact: boolean;
  safeChannels: SafeChannel[];
  phone: string;
  email: string;
  contactNote: string;
}

export const emptySubject: SubjectDraft = {
  kind: 'youth',
  givenName: '',
  familyName: '',
  preferredName: '',
  birthDate: '',
  gender: '',
  languages: ['fr'],
  doNotContact: false,
  safeChannels: [],
  phone: '',
  email: '',
  contactNote: '',
};

const blank = (value: string) => (value.trim() ? value.trim() : null);

/** The body of POST /api/referrals/subjects. */
export function subjectInput(draft: SubjectDraft): SubjectInput {
  return {
    kind: draft.kind,
    givenName: draft.givenName.trim(),
    familyName: blank(draft.familyName),
    preferredName: blank(draft.preferredName),
    birthDate: blank(draft.birthDate),
    gender: (blank(draft.gender) as SubjectInput['gender']) ?? null,
    languages: draft.languages,
    doNotContact: draft.doNotContact,
    safeChannels: draft.safeChannels,
    phone: blank(draft.phone),
    email: blank(draft.email),
    contactNote: blank(draft.contactNote),
  };
}

/** A person followed, as the inputs hold it, to change them. */
export function subjectDraftOf(subject: SubjectDetail): SubjectDraft {
  return {
    kind: subject.kind,
    givenName: subject.givenName,
    familyName: subject.familyName ?? '',
    preferredName: subject.preferredName ?? '',
    birthDate: subject.birthDate ?? '',
    gender: subject.gender ?? '',
    languages: subject.languages,
    doNotContact: subject.doNotContact,
    safeChannels: subject.safeChannels,
    phone: subject.phone ?? '',
    email: subject.email ?? '',
    contactNote: subject.contactNote ?? '',
  };
}

/** The body of PATCH /api/referrals/subjects/:id: everything but the kind, at the version read. */
export function subjectUpdate(draft: SubjectDraft, version: number): SubjectUpdate {
  const { kind: _kind, ...rest } = subjectInput(draft);
  return { ...rest, version };
}

/** What the form can say before sending: a name, and a birth date for a young person. */
export function subjectProblems(draft: SubjectDraft, t: (key: string) => string) {
  const problems: Array<{ field: string; message: string }> = [];
  if (!draft.givenName.trim())
    problems.push({ field: 'givenName', message: t('referrals.subject.needName') });
  if (draft.kind === 'youth' && !draft.birthDate) {
    problems.push({ field: 'birthDate', message: t('referrals.subject.needBirthDate') });
  }
  return problems;
}

interface SubjectFieldsProps {
  /** Prefix of the inputs' ids (`<prefix>-<field>`). */
  prefix: string;
  values: SubjectDraft;
  set: <K extends keyof SubjectDraft>(key: K, value: SubjectDraft[K]) => void;
  error: ApiError | undefined;
  /**
   * A person already followed: the kind stays what it is, and the contact preferences come first (what
   * keeps the person safe is what changes most).
   */
  editing?: boolean;
}

/**
 * Who the person is and how (never) to reach them: the identity (sealed by the server), the birth date a
 * young person's consent depends on, and the contact preferences that keep them safe.
 */
export function SubjectFields({ prefix, values, set, error, editing = false }: SubjectFieldsProps) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const field = binder({ values, set, error, fieldId: (f) => `${prefix}-${f}` });
  const age = values.kind === 'youth' ? ageOn(values.birthDate) : null;
  const kindField = (
    <Fieldset id={`${prefix}-kind`} legend={t('referrals.subject.kind')} error={fieldMessage(error, 'kind')}>
      {(['youth', 'parent'] as const).map((kind) => (
        <Radio
          key={kind}
          id={`${prefix}-kind-${kind}`}
          name={`${prefix}-kind`}
          label={t(`referrals.kinds.${kind}`)}
          checked={values.kind === kind}
          onChange={() => set('kind', kind)}
        />
      ))}
    </Fieldset>
  );
  const identity = (
    <>
      <Field
        label={t('referrals.subject.givenName')}
        required
        maxLength={100}
        autoComplete="off"
        {...field('givenName')}
      />
      <Field
        label={t('referrals.subject.familyName')}
        maxLength={100}
        autoComplete="off"
        {...field('familyName')}
      />
      <Field
        label={t('referrals.subject.preferredName')}
        hint={t('referrals.subject.preferredNameHint')}
        maxLength={100}
        autoComplete="off"
        {...field('preferredName')}
      />
      <Field
        type="date"
        label={
          values.kind === 'youth'
            ? t('referrals.subject.birthDateRequired')
            : t('referrals.subject.birthDate')
        }
        hint={
          age !== null
            ? t('referrals.subject.ageIs', { count: age })
            : values.kind === 'youth'
              ? t('referrals.subject.birthDateHint')
              : undefined
        }
        required={values.kind === 'youth'}
        {...field('birthDate')}
      />
      <ChoiceField
        label={t('referrals.subject.gender')}
        placeholder={t('referrals.subject.genderUnsaid')}
        options={choices(RESOURCE_GENDERS, (g) => t(`referrals.genders.${g}`))}
        {...field('gender')}
      />
      <CheckboxGroup
        id={`${prefix}-languages`}
        legend={t('referrals.subject.languages')}
        error={fieldMessage(error, 'languages')}
        options={choices(RESOURCE_LANGUAGES, (code) => languageLabel(code, locale))}
        value={values.languages}
        onChange={(languages) => set('languages', languages)}
      />
    </>
  );
  const contact = (
    <Fieldset
      id={`${prefix}-contact`}
      legend={t('referrals.subject.contact')}
      hint={t('referrals.subject.contactHint')}
    >
      <Checkbox
        id={`${prefix}-doNotContact`}
        label={t('referrals.subject.doNotContact')}
        checked={values.doNotContact}
        onChange={(event) => set('doNotContact', event.target.checked)}
      />
      <CheckboxGroup
        id={`${prefix}-safeChannels`}
        legend={t('referrals.subject.safeChannels')}
        error={fieldMessage(error, 'safeChannels')}
        options={choices(SAFE_CHANNELS, (c) => t(`referrals.channels.${c}`))}
        value={values.safeChannels}
        onChange={(channels) => set('safeChannels', channels as SafeChannel[])}
      />
      <Field
        type="tel"
        label={t('referrals.subject.phone')}
        maxLength={40}
        autoComplete="off"
        {...field('phone')}
      />
      <Field
        type="email"
        label={t('referrals.subject.email')}
        maxLength={254}
        autoComplete="off"
        {...field('email')}
      />
      <TextAreaField
        label={t('referrals.subject.contactNote')}
        hint={t('referrals.subject.contactNoteHint')}
        maxLength={1000}
        {...field('contactNote')}
      />
    </Fieldset>
  );
  return editing ? (
    <>
      {contact}
      {identity}
    </>
  ) : (
    <>
      {kindField}
      {identity}
      {contact}
    </>
  );
}
