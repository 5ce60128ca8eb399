import type { AlertTables } from '../../modules/alerts/alerts.table.js';
import type { GovernanceTables } from '../../modules/governance/governance.table.js';
import type { NetworkTables } from '../../modules/network/network.table.js';
import type { TipsTables } from '../../modules/tips/tips.table.js';
import type { QuestionnaireTables } from '../../modules/training/questionnaires.table.js';
import type { TrainingTables } from '../../modules/training/training.table.js';
import type { AuditTables } from '../audit/audit.table.js';
import type { AuthTables } from '../auth/auth.table.js';
import type { CryptoTables } from '../crypto/crypto.table.js';
import type { FileTables } from '../files/files.table.js';
import type { IdentityTables } from '../identity/identity.table.js';
import type { JobTables } from '../jobs/jobs.table.js';
import type { NotifyTables } from '../notify/notify.table.js';
import type { PushTables } from '../notify/push.table.js';
import type { ThrottleTables } from '../throttle/throttle.table.js';

/** Every table Filet queries, assembled from the table files of the platform and the modules. */
export interface DB
  extends IdentityTables,
    AuthTables,
    CryptoTables,
    AuditTables,
    JobTables,
    NotifyTables,
    PushTables,
    ThrottleTables,
    FileTables,
    NetworkTables,
    GovernanceTables,
    TipsTables,
    TrainingTables,
    QuestionnaireTables,
    AlertTables {}
