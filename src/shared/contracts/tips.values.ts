/**
 * The allowed values of the tip line, as plain lists the web app imports without bundling the
 * schema builder: channels, statuses, priorities, dispositions and each channel's own questions.
 */

/** The kinds of information a tip brings; each has its own questions. */
export const CHANNELS = [
  'solicitation',
  'place',
  'online',
  'pimp_network',
  'youth_at_risk',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];
export const STATUSES = ['new', 'triaged', 'assigned', 'actioned', 'closed', 'unfounded'] as const;
export type TipStatus = (typeof STATUSES)[number];
/** Statuses that end a tip and need a disposition. */
export const ENDED_STATUSES: readonly TipStatus[] = ['closed', 'unfounded'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
/** How a closed or unfounded tip ended. */
export const DISPOSITIONS = [
  'referred_investigation',
  'intelligence_filed',
  'insufficient_information',
  'duplicate',
  'no_offence',
  'referred_other_agency',
  'other',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/**
 * The questions each channel adds to the public form and to phone intake, by answer key. The online
 * channel asks for links, platforms, user names and dates — never images.
 */
export const QUESTIONS: Record<Channel, readonly string[]> = {
  solicitation: ['approachedWhere', 'approachedWhen', 'approachedBy', 'offered'],
  place: ['placeType', 'address', 'hours'],
  online: ['platform', 'usernames', 'links', 'dates'],
  pimp_network: ['nickname', 'vehicles', 'places'],
  youth_at_risk: ['seenWhere', 'description', 'accompaniedBy'],
  other: [],
};

/** Longest answer to one channel question. */
export const ANSWER_MAX = 1000;
