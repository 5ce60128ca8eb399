/**
 * The permissions the server computes for the observatory's screens (`observatoryPermissions` of the
 * server's observatory policy). Each screen and link is shown by one of them, so the web app hides
 * what the API would refuse.
 */
export const OBS = {
  /** A pivot records observations for their organisation (the server also wants an active mandate). */
  record: 'observatory.record',
  /** Reads observations: their organisation's (pivots, org coordinators), all of them (the table). */
  read: 'observatory.read',
  /** The table: reviews free texts, verifies observations. */
  review: 'observatory.curate',
  /** Every staff member searches the published glossary. */
  glossary: 'observatory.glossary',
  /** The table curates the glossary. */
  curate: 'observatory.curate',
  /** The table, and org coordinators for their organisation. */
  trends: 'observatory.trends',
  /** A researcher: aggregates only. */
  research: 'observatory.research',
  /** The table: exports log, questions to answer, platforms, suppression threshold. */
  manage: 'observatory.curate',
} as const;

/** Whoever reads observations or records them reaches the list. */
export const OBSERVATION_READERS = [OBS.read, OBS.record] as const;
