import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PhoneTipCreated } from '../../../shared/contracts/tips';
import { CHANNELS, type Channel, QUESTIONS } from '../../../shared/contracts/tips.values';
import { api } from '../../app/api';
import { useAction } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { ChoiceField, choices } from '../../ui/field';
import { Page } from '../../ui/page';

const TEXTS = ['facts', 'who', 'where', 'when', 'how', 'online', 'contact'] as const;
type TextKey = (typeof TEXTS)[number];

/** A call-taker enters a tip received by phone and reads the receipt to the caller. */
export function PhoneTipPage() {
  const { t } = useTranslation();
  const [channel, setChannel] = useState<Channel>('solicitation');
  const [values, setValues] = useState<Record<TextKey, string>>({
    facts: '',
    who: '',
    where: '',
    when: '',
    how: '',
    online: '',
    contact: '',
  });
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [receipt, setReceipt] = useState<string | null>(null);
  const action = useAction();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body: Record<string, string> = { channel };
    for (const key of TEXTS) if (values[key].trim()) body[key] = values[key];
    // Only the chosen channel's questions are sent (answers typed under another channel stay behind).
    const channelAnswers = Object.fromEntries(
      (QUESTIONS[channel] ?? []).filter((key) => answers[key]?.trim()).map((key) => [key, answers[key]!]),
    );
    await action.run(async () => {
      const created = await api.post<PhoneTipCreated>('/tips', {
        ...body,
        ...(Object.keys(channelAnswers).length > 0 ? { answers: channelAnswers } : {}),
      });
      setReceipt(created.receipt.replace(/(\d{4})(?=\d)/g, '$1 '));
    });
  };
  if (receipt) {
    return (
      <Page title={t('tips.phone.doneTitle')}>
        <p>{t('tips.phone.readReceipt')}</p>
        <p className="tips-receipt-staff">
          <strong>{receipt}</strong>
        </p>
        <p>
          <Link to="/signalements">{t('tips.tip.back')}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={t('tips.phone.title')} lead={t('tips.phone.lead')}>
      <ErrorSummary
        error={action.error}
        fieldId={(f) =>
          TEXTS.includes(f as TextKey)
            ? `phone-${f}`
            : f.startsWith('answers.')
              ? `phone-q-${f.slice('answers.'.length)}`
              : undefined
        }
      />
      <form className="form" onSubmit={onSubmit}>
        <ChoiceField
          id="phone-channel"
          label={t('tips.fields.channel')}
          value={channel}
          onChange={(e) => setChannel(e.target.value as Channel)}
          options={choices(CHANNELS, (c) => t(`tips.channels.${c}`))}
        />
        {TEXTS.filter((key) => key !== 'online' || channel === 'online').map((key) => (
          <div className="field" key={key}>
            <label htmlFor={`phone-${key}`}>{t(`tips.content.${key}`)}</label>
            <textarea
              id={`phone-${key}`}
              className="input tips-textarea"
              rows={key === 'facts' ? 6 : 2}
              maxLength={key === 'facts' ? 8000 : key === 'contact' ? 500 : 2000}
              required={key === 'facts'}
              value={values[key]}
              onChange={(e) => setValues({ ...values, [key]: e.target.value })}
            />
          </div>
        ))}
        {(QUESTIONS[channel] ?? []).length > 0 ? (
          <fieldset className="field fieldset">
            <legend>{t('tips.phone.questions', { channel: t(`tips.channels.${channel}`) })}</legend>
            {(QUESTIONS[channel] ?? []).map((key) => (
              <div className="field" key={key}>
                <label htmlFor={`phone-q-${key}`}>{t(`tips.questions.${key}`)}</label>
                <textarea
                  id={`phone-q-${key}`}
                  className="input tips-textarea"
                  rows={2}
                  maxLength={1000}
                  value={answers[key] ?? ''}
                  onChange={(e) => setAnswers({ ...answers, [key]: e.target.value })}
                />
              </div>
            ))}
          </fieldset>
        ) : null}
        <Button type="submit" pending={action.pending}>
          {t('tips.phone.submit')}
        </Button>
      </form>
    </Page>
  );
}
