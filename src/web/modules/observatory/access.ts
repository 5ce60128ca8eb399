/**
 * The permissions the server computes for the observatory's screens (`platform.permissions.add` of
 * the observatory module). Each screen and link is shown by one of them, so the web app hides what
 * the API would refuse.
 */
export const OBS = {
  /** A pivot with an active mandate records observations for their organisation. */
  record: 'observatory.observations.record',
  /** Reads observations: their organisation's (pivots, org coordinators), all of them (the table). */
  read: 'observatory.observations.read',
  /** The table: reviews free texts, verifies observations, keeps platforms, the glossary and settings. */
  review: 'observatory.review',
  /** Every staff member searches the published glossary. */
  glossary: 'observatory.glossary.read',
  curate: 'observatory.glossary.curate',
  /** The table, and org coordinators for their organisation. */
  trends: 'observatory.trends',
  /** A researcher: aggregates only. */
  research: 'observatory.research',
  /** The table: exports log, questions to answer, platforms, suppression threshold. */
  manage: 'observatory.manage',
} as const;

/** Whoever reads observations or records them reaches the list. */
export const OBSERVATION_READERS = [OBS.read, OBS.record] as const;
