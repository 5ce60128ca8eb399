/** Schemas shared by the routes of every module; they are part of the contract with the web app. */
export {
  Email,
  EmptyBody,
  ErrorResponse,
  IdParams,
  IsoDateTime,
  LocaleSchema,
  Nullable,
  RoleSchema,
  Strict,
  Uuid,
} from '../../../shared/contracts/common.js';
