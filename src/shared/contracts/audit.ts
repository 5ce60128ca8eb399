/**
 * The contract of the audit log viewer: the filters, the cursor and the entries as the privacy officer
 * reads them; shared by the server and the web app.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from './common.js';

const LocalDate = Type.String({ format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });

export const AuditQuery = Type.Object(
  {
    actorId: Type.Optional(Type.String({ format: 'uuid' })),
    targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z][a-z0-9_.]*$' })),
    targetId: Type.Optional(Type.String({ format: 'uuid' })),
    /** A prefix of the action: `auth.session.` finds signing in and out; older names of the same actions too. */
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z][a-z0-9_.]*$' })),
    /** First day included, in the region's time zone. */
    from: Type.Optional(LocalDate),
    /** Last day included, in the region's time zone. */
    to: Type.Optional(LocalDate),
  },
  { additionalProperties: false },
);
export type AuditFilters = Static<typeof AuditQuery>;

export const SearchQuery = Type.Composite(
  [
    AuditQuery,
    // The sequence number of the last entry seen: beyond safe integers it cannot be one.
    Type.Object({ cursor: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })) }),
  ],
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

const MetaValue = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
  Type.Array(Type.String()),
]);

export const AuditItem = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  outcome: Type.String(),
  purpose: Nullable(Type.String()),
  meta: Type.Record(Type.String(), MetaValue),
});
export type AuditItem = Static<typeof AuditItem>;

export const AuditPage = Type.Object({ items: Type.Array(AuditItem), nextCursor: Nullable(Type.Integer()) });
export type AuditPage = Static<typeof AuditPage>;
