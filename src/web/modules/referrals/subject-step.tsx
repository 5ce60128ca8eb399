import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubjectList, SubjectSummary } from '../../../shared/contracts/referrals';
import { type ApiError, fieldMessage, withQuery } from '../../app/api';
import { useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { Field, Fieldset, Radio } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { type SubjectDraft, SubjectFields } from './subject-fields';

export type SubjectMode = 'pick' | 'new';

interface SubjectStepProps {
  prefix: string;
  mode: SubjectMode;
  setMode: (mode: SubjectMode) => void;
  picked: SubjectSummary | null;
  onPick: (subject: SubjectSummary) => void;
  draft: SubjectDraft;
  setDraft: <K extends keyof SubjectDraft>(key: K, value: SubjectDraft[K]) => void;
  error: ApiError | undefined;
}

/**
 * The person a referral is for: one the organisation already follows (searched by name), or a new one
 * written down here and recorded when the form is sent.
 */
export function SubjectStep({
  prefix,
  mode,
  setMode,
  picked,
  onPick,
  draft,
  setDraft,
  error,
}: SubjectStepProps) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const list = useApiData<SubjectList>(
    mode === 'pick' ? withQuery('/referrals/subjects', { q: q || null, limit: 10 }) : null,
  );
  return (
    <>
      <Fieldset id={`${prefix}-mode`} legend={t('referrals.form.personWho')}>
        <Radio
          id={`${prefix}-mode-pick`}
          name={`${prefix}-mode`}
          label={t('referrals.form.personPick')}
          checked={mode === 'pick'}
          onChange={() => setMode('pick')}
        />
        <Radio
          id={`${prefix}-mode-new`}
          name={`${prefix}-mode`}
          label={t('referrals.form.personNew')}
          checked={mode === 'new'}
          onChange={() => setMode('new')}
        />
      </Fieldset>
      {mode === 'pick' ? (
        <>
          <div className="ref-search-row">
            <Field
              id={`${prefix}-q`}
              type="search"
              label={t('referrals.form.personSearch')}
              maxLength={100}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              onKeyDown={(event) => {
                // Enter searches the people; it must not send the whole referral.
                if (event.key === 'Enter') {
                  event.preventDefault();
                  setQ(typed.trim());
                }
              }}
            />
            <Button variant="secondary" onClick={() => setQ(typed.trim())}>
              {t('referrals.form.personSearchButton')}
            </Button>
          </div>
          <Loaded data={list}>
            {(data) =>
              data.items.length === 0 ? (
                <p>{t('referrals.form.personNone')}</p>
              ) : (
                <Fieldset
                  id={`${prefix}-subjectId`}
                  legend={t('referrals.form.personChoose')}
                  error={fieldMessage(error, 'subjectId')}
                >
                  {data.items.map((s) => (
                    <Radio
                      key={s.id}
                      id={`${prefix}-subject-${s.id}`}
                      name={`${prefix}-subject`}
                      label={[
                        s.displayName,
                        t(`referrals.kinds.${s.kind}`),
                        s.age !== null ? t('referrals.subject.age', { count: s.age }) : null,
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                      checked={picked?.id === s.id}
                      onChange={() => onPick(s)}
                    />
                  ))}
                </Fieldset>
              )
            }
          </Loaded>
        </>
      ) : (
        <SubjectFields prefix={`${prefix}-subject`} values={draft} set={setDraft} error={error} />
      )}
    </>
  );
}
