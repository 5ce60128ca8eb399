/**
 * The allowed values of the governance module, as plain lists the web app imports without bundling
 * the schema builder: action-plan kinds and statuses, meeting attendance, announcement audiences.
 */

export const PLAN_KINDS = ['mandate', 'means', 'action'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_STATUSES = ['not_started', 'in_progress', 'done', 'blocked', 'abandoned'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const ATTENDANCES = ['unknown', 'present', 'absent', 'excused'] as const;
export type Attendance = (typeof ATTENDANCES)[number];
/** Who an announcement reaches. */
export const AUDIENCES = ['all', 'pivots', 'organisation_type', 'organisation'] as const;
export type Audience = (typeof AUDIENCES)[number];
