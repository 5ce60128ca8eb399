import type { AuditTables } from '../audit/audit.table.js';
import type { AuthTables } from '../auth/auth.table.js';
import type { CryptoTables } from '../crypto/crypto.table.js';
import type { FileTables } from '../files/files.table.js';
import type { IdentityTables } from '../identity/identity.table.js';
import type { JobTables } from '../jobs/jobs.table.js';
import type { NotifyTables } from '../notify/notify.table.js';
import type { PushTables } from '../notify/push.table.js';
import type { ThrottleTables } from '../throttle/throttle.table.js';

/**
 * Every table Filet queries. The platform lists its own tables here; each module adds its tables from
 * its `<name>.table.ts` by merging into this interface (`declare module '…/db/schema.js' { interface DB
 * extends … }`), so the platform never imports a module and every repository still sees every table.
 */
export interface DB
  extends IdentityTables,
    AuthTables,
    CryptoTables,
    AuditTables,
    JobTables,
    NotifyTables,
    PushTables,
    ThrottleTables,
    FileTables {}
