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
  content: { facts: string; who?: string; where?: string; when?: string; how?: string; online?: string };
  messages: Array<{ id: string; author: 'police' | 'tipster'; body: string; createdAt: string }>;
  canTriage: boolean;
}

export interface Unit {
  id: string;
  name: string;
  memberIds: string[];
}
