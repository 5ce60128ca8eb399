/**
 * The allowed values of the network module, as plain lists the web app imports without bundling the
 * schema builder: the table's mandates, the functions of the safety net, pivot expertise, absences.
 */

/** The table's four mandates (labels in the web catalogue `network.mandates.<key>`). */
export const TABLE_MANDATES = [
  'contribution_zones',
  'training_content',
  'service_trajectory',
  'action_plan',
] as const;
export type TableMandate = (typeof TABLE_MANDATES)[number];

/** The functions of the safety net a partner may cover. */
export const NET_FUNCTIONS = ['prevention', 'detection', 'intervention', 'accompaniment'] as const;
export type NetFunction = (typeof NET_FUNCTIONS)[number];

/** The fixed list of pivot expertise tags. */
export const EXPERTISE = [
  'boys',
  'online_exploitation',
  'schools',
  'hotels',
  'youth_centres',
  'substance_use',
  'indigenous_youth',
  'lgbtq',
  'legal',
] as const;
export type Expertise = (typeof EXPERTISE)[number];

export const ABSENCE_REASONS = ['leave', 'vacation', 'sick', 'training', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];
