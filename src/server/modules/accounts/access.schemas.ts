import { Type } from '@sinclair/typebox';
import { EMERGENCY_MAX_MINUTES } from '../../../shared/roles.js';
import { Nullable, Strict, Uuid } from '../../platform/http/schemas.js';
import { EMERGENCY_ROLES } from './access.policy.js';

const DateTime = Type.String({ format: 'date-time' });
const PersonRef = Nullable(Type.Object({ id: Type.String(), name: Type.String() }));

export const PendingRole = Type.Object({
  id: Type.String(),
  role: Type.String(),
  proposedBy: PersonRef,
  proposedAt: DateTime,
});

export const Holding = Type.Object({
  person: Type.Object({ id: Type.String(), name: Type.String(), status: Type.String() }),
  role: Type.String(),
  consent: Type.String(),
  since: DateTime,
  grantedBy: PersonRef,
  approvedBy: PersonRef,
  approvedAt: Nullable(DateTime),
});

export const RoleRequest = Type.Object({
  id: Type.String(),
  person: PersonRef,
  role: Type.String(),
  status: Type.String(),
  proposedBy: PersonRef,
  proposedAt: DateTime,
  decidedBy: PersonRef,
  decidedAt: Nullable(DateTime),
  canDecide: Type.Boolean(),
});

export const EmergencyAccess = Type.Object({
  id: Type.String(),
  administrator: PersonRef,
  organisation: Type.Object({ id: Type.String(), name: Type.String() }),
  roles: Type.Array(Type.String()),
  justification: Type.String(),
  startedAt: DateTime,
  expiresAt: DateTime,
  endedAt: Nullable(DateTime),
  active: Type.Boolean(),
  actions: Type.Integer(),
  review: Type.Object({
    status: Type.String(),
    by: PersonRef,
    at: Nullable(DateTime),
  }),
  canReview: Type.Boolean(),
});

export const AccessReview = Type.Object({
  organisation: Type.Object({ id: Type.String(), name: Type.String(), type: Type.String() }),
  holdings: Type.Array(Holding),
  requests: Type.Array(RoleRequest),
  emergencies: Type.Array(EmergencyAccess),
  bootstrap: Nullable(Type.Object({ person: PersonRef, by: PersonRef, at: DateTime })),
  lastAttestation: Nullable(Type.Object({ by: PersonRef, at: DateTime, holdings: Type.Integer() })),
  dueAt: DateTime,
  overdue: Type.Boolean(),
});

export const EmergencyList = Type.Object({
  items: Type.Array(EmergencyAccess),
  organisations: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  roles: Type.Array(Type.String()),
  maxMinutes: Type.Integer(),
});

export const OpenEmergencyBody = Strict({
  organisationId: Uuid,
  roles: Type.Array(Type.Union(EMERGENCY_ROLES.map((role) => Type.Literal(role))), {
    minItems: 1,
    maxItems: EMERGENCY_ROLES.length,
  }),
  durationMinutes: Type.Integer({ minimum: 1, maximum: EMERGENCY_MAX_MINUTES }),
  justification: Type.String({ minLength: 20, maxLength: 2000, pattern: '\\S' }),
});

export const ReviewEmergencyBody = Strict({
  decision: Type.Union([Type.Literal('accepted'), Type.Literal('contested')]),
});
