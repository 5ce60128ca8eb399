export const CHANNELS = [
  'solicitation',
  'place',
  'online',
  'pimp_network',
  'youth_at_risk',
  'other',
] as const;
export const STATUSES = ['new', 'triaged', 'assigned', 'actioned', 'closed', 'unfounded'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const DISPOSITIONS = [
  'referred_investigation',
  'intelligence_filed',
  'insufficient_information',
  'duplicate',
  'no_offence',
  'referred_other_agency',
  'other',
] as const;
/** Statuses that end a tip and need a disposition. */
export const ENDED_STATUSES: readonly string[] = ['closed', 'unfounded'];

/** The questions each channel adds (same keys as the server's tips.questions.ts). */
export const QUESTIONS: Record<string, readonly string[]> = {
  solicitation: ['approachedWhere', 'approachedWhen', 'approachedBy', 'offered'],
  place: ['placeType', 'address', 'hours'],
  online: ['platform', 'usernames', 'links', 'dates'],
  pimp_network: ['nickname', 'vehicles', 'places'],
  youth_at_risk: ['seenWhere', 'description', 'accompaniedBy'],
  other: [],
};

export interface TipFacts {
  id: string;
  channel: string;
  source: 'web' | 'phone';
  status: string;
  priority: string;
  category: string;
  unitId: string | null;
  receivedAt: string;
  expiresOn: string;
}

export interface QueueItem extends TipFacts {
  overdue: boolean;
  unreadAnswers: number;
}

export interface TipDetail extends TipFacts {
  hasIdentity: boolean;
  attachments: Array<{ id: string; mimeType: string; sizeBytes: number }>;
  copiedUnitIds: string[];
  linkedTipIds: string[];
  content: {
    facts: string;
    who?: string;
    where?: string;
    when?: string;
    how?: string;
    online?: string;
    answers?: Record<string, string>;
  };
  messages: Array<{ id: string; author: 'police' | 'tipster'; body: string; createdAt: string }>;
  notes: Array<{ id: string; authorName: string | null; body: string; createdAt: string }>;
  disposition: string | null;
  dispositionNote: string | null;
  canTriage: boolean;
}

export interface Unit {
  id: string;
  name: string;
  memberIds: string[];
}

export interface RetentionPeriod {
  channel: string;
  days: number;
  defaultDays: number;
  updatedAt: string | null;
}

export interface ServicePerson {
  id: string;
  name: string;
  roles: string[];
}

/** The police service receiving the public line (GET /api/tips/line). */
export interface TipLine {
  receivingService: { id: string; name: string; active: boolean } | null;
  updatedAt: string | null;
  canEdit: boolean;
  candidates: Array<{ id: string; name: string }>;
}
