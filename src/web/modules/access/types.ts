/** Response shapes of the access routes (see src/server/modules/accounts/access.schemas.ts). */
export interface PersonRef {
  id: string;
  name: string;
}

export interface Holding {
  person: PersonRef & { status: string };
  role: string;
  consent: string;
  since: string;
  grantedBy: PersonRef | null;
  approvedBy: PersonRef | null;
  approvedAt: string | null;
}

export interface RoleRequest {
  id: string;
  person: PersonRef | null;
  role: string;
  status: 'pending' | 'approved' | 'refused' | 'cancelled';
  proposedBy: PersonRef | null;
  proposedAt: string;
  decidedBy: PersonRef | null;
  decidedAt: string | null;
  canDecide: boolean;
}

export interface EmergencyAccess {
  id: string;
  administrator: PersonRef | null;
  organisation: { id: string; name: string };
  roles: string[];
  justification: string;
  startedAt: string;
  expiresAt: string;
  endedAt: string | null;
  active: boolean;
  actions: number;
  review: { status: 'pending' | 'accepted' | 'contested'; by: PersonRef | null; at: string | null };
  canReview: boolean;
}

export interface AccessReview {
  organisation: { id: string; name: string; type: string };
  holdings: Holding[];
  requests: RoleRequest[];
  emergencies: EmergencyAccess[];
  bootstrap: { person: PersonRef | null; by: PersonRef | null; at: string } | null;
  lastAttestation: { by: PersonRef | null; at: string; holdings: number } | null;
  dueAt: string;
  overdue: boolean;
}

export interface EmergencyList {
  items: EmergencyAccess[];
  organisations: Array<{ id: string; name: string }>;
  roles: string[];
  maxMinutes: number;
}
