/** One random value per hour; the throttle key of the hour derives from it (deleted after the hour). */
export interface ThrottleKeysTable {
  period_start: Date;
  nonce: string;
}

/** Fixed-window counters: a keyed hash of the client address ('*' for everyone), never the address. */
export interface ThrottleCountersTable {
  bucket: string;
  subject: string;
  window_start: Date;
  hits: number;
  expires_at: Date;
}

/** Tables of the shared throttles. */
export interface ThrottleTables {
  throttle_keys: ThrottleKeysTable;
  throttle_counters: ThrottleCountersTable;
}
