import { QUESTIONS } from '../../../shared/contracts/tips.values.js';
import type { Channel } from './tips.table.js';

/**
 * The questions each channel adds to the public form and to phone intake live in the shared contract
 * (the web app's intake asks the same). Answers are optional and stored, encrypted, inside the tip's
 * content.
 */
export { ANSWER_MAX, QUESTIONS } from '../../../shared/contracts/tips.values.js';

/** The name of a channel question's field on the public form (one flat name a plain form can send). */
export function answerFieldName(channel: Channel, key: string): string {
  return `q_${channel}_${key}`;
}

/** Whether `key` is one of `channel`'s questions. */
export function isQuestionOf(channel: Channel, key: string): boolean {
  return QUESTIONS[channel].includes(key);
}

/** Every answer field of the public form, with its channel and key. */
export function allAnswerFields(): Array<{ channel: Channel; key: string; name: string }> {
  return (Object.keys(QUESTIONS) as Channel[]).flatMap((channel) =>
    QUESTIONS[channel].map((key) => ({ channel, key, name: answerFieldName(channel, key) })),
  );
}
