import { type TSchema, Type } from '@sinclair/typebox';
import { LOCALES, ROLES } from '../../../shared/roles.js';

/** Schemas shared by the routes of every module. */
export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
export const LocaleSchema = Type.Union(LOCALES.map((l) => Type.Literal(l)));
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const IsoDateTime = Type.String({ format: 'date-time' });
export const EmptyBody = Type.Optional(Type.Object({}, { additionalProperties: false }));

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), rule: Type.String(), message: Type.String() })),
    ),
  }),
});

/** A strict object: unknown fields are refused with a clear message rather than silently dropped. */
export function Strict<T extends Parameters<typeof Type.Object>[0]>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}
