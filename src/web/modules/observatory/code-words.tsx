import { type KeyboardEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_CODE_WORD_LENGTH, MAX_CODE_WORDS } from '../../../shared/contracts/observatory.values';
import { Button } from '../../ui/button';

/** Two code words are the same when they differ only by case, accents or spaces (as the glossary matches). */
export function sameWord(a: string, b: string): boolean {
  const fold = (word: string) =>
    word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
  return fold(a) === fold(b);
}

interface CodeWordsFieldProps {
  id: string;
  value: string[];
  onChange: (words: string[]) => void;
  error?: string | undefined;
}

/**
 * The code words and slang heard, as chips: typed one at a time (Enter or the button adds it), each
 * with its own button to take it out. A word already there is not added twice. The group is a fieldset
 * so its legend names both the input and the list.
 */
export function CodeWordsField({ id, value, onChange, error }: CodeWordsFieldProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [said, setSaid] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const full = value.length >= MAX_CODE_WORDS;

  const add = () => {
    const word = draft.replace(/\s+/g, ' ').trim();
    if (!word) return;
    if (value.some((existing) => sameWord(existing, word))) {
      setSaid(t('observatory.codeWords.already', { word }));
    } else if (!full) {
      onChange([...value, word]);
      setSaid(t('observatory.codeWords.added', { word }));
    }
    setDraft('');
    input.current?.focus();
  };
  const remove = (word: string) => {
    onChange(value.filter((existing) => existing !== word));
    setSaid(t('observatory.codeWords.removed', { word }));
    input.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;

  return (
    <fieldset className={error ? 'field fieldset field-invalid' : 'field fieldset'}>
      <legend>{t('observatory.codeWords.legend')}</legend>
      <p id={hintId} className="field-hint">
        {t('observatory.codeWords.hint', { max: MAX_CODE_WORDS })}
      </p>
      {error ? (
        <p id={errorId} className="field-error">
          <span className="visually-hidden">{t('common.errorPrefix')} </span>
          {error}
        </p>
      ) : null}
      {value.length > 0 ? (
        <ul className="obs-chips" aria-label={t('observatory.codeWords.list')}>
          {value.map((word) => (
            <li key={word} className="obs-chip">
              <span>{word}</span>
              <button
                type="button"
                className="obs-chip-remove"
                aria-label={t('observatory.codeWords.remove', { word })}
                onClick={() => remove(word)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="obs-chip-add">
        <label htmlFor={id} className="visually-hidden">
          {t('observatory.codeWords.input')}
        </label>
        <input
          ref={input}
          id={id}
          className="input"
          value={draft}
          maxLength={MAX_CODE_WORD_LENGTH}
          disabled={full}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error ? true : undefined}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <Button variant="secondary" onClick={add} disabled={full}>
          {t('observatory.codeWords.add')}
        </Button>
      </div>
      <p className="visually-hidden" role="status">
        {said}
      </p>
    </fieldset>
  );
}
