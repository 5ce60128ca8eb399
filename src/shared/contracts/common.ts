/**
 * Building blocks of every module's contract: identifiers, instants, the error body, strict objects
 * and lists of allowed values. Shared by the server (validation, OpenAPI) and the web app (types).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { LOCALES, ROLES } from '../roles.js';

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
export const IsoDateTime = Type.String({ format: 'date-time' });
export const EmptyBody = Type.Optional(Type.Object({}, { additionalProperties: false }));

/** A strict object: unknown fields are refused with a clear message rather than silently dropped. */
export function Strict<T extends Parameters<typeof Type.Object>[0]>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** One of a fixed list of words, e.g. a status. */
export function literals<T extends string>(values: readonly T[]) {
  return Type.Union(values.map((value) => Type.Literal(value)));
}

/**
 * Why a person opens something sensitive (an alert, a tip, a sealed address, a trajectory): written
 * to the audit trail; at least three characters that are not spaces.
 */
export const Purpose = Type.String({ minLength: 3, maxLength: 300, pattern: '\\S[\\s\\S]*\\S[\\s\\S]*\\S' });

/** A calendar day, `YYYY-MM-DD`. */
export const DateOnly = Type.String({ format: 'date' });
/** A phone number as people write it (digits, spaces and + ( ) . -), or none. */
export const Phone = Nullable(Type.String({ maxLength: 40, pattern: '^[0-9+() .-]*$' }));

export const LocaleSchema = literals(LOCALES);
export const RoleSchema = literals(ROLES);

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), rule: Type.String(), message: Type.String() })),
    ),
  }),
});
export type ErrorResponse = Static<typeof ErrorResponse>;
