import type { Channel } from './tips.table.js';

export { ANSWER_MAX } from '../../../shared/contracts/tips.values.js';

/**
 * The questions each channel adds to the public form and to phone intake: what, who, where, when and
 * how, tailored to the kind of information. Answers are optional and stored, encrypted, inside the
 * tip's content. The online channel asks for links, platforms, user names and dates — never images.
 */
export const QUESTIONS: Record<Channel, readonly string[]> = {
  solicitation: ['approachedWhere', 'approachedWhen', 'approachedBy', 'offered'],
  place: ['placeType', 'address', 'hours'],
  online: ['platform', 'usernames', 'links', 'dates'],
  pimp_network: ['nickname', 'vehicles', 'places'],
  youth_at_risk: ['seenWhere', 'description', 'accompaniedBy'],
  other: [],
};

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
