import type { Transaction } from 'kysely';
import type { OrganisationType, PersonStatus, Role } from '../../shared/roles.js';
import { alertsDemo } from '../modules/alerts/alerts.demo.js';
import { consultationsDemo } from '../modules/consultations/consultations.demo.js';
import { governanceDemo } from '../modules/governance/governance.demo.js';
import { networkDemo } from '../modules/network/network.demo.js';
import { referralsDemo } from '../modules/resources/referrals.demo.js';
import { resourcesDemo } from '../modules/resources/resources.demo.js';
import { tipsDemo } from '../modules/tips/tips.demo.js';
import { questionnairesDemo } from '../modules/training/questionnaires.demo.js';
import { trainingDemo } from '../modules/training/training.demo.js';
import type { DB } from '../platform/db/schema.js';
import type { Platform } from '../platform/platform.js';

/** What the demo has created before the modules add their own fictional data. */
export interface DemoContext {
  region: string;
  /** Deterministic random numbers in [0, 1): the demo is the same on every machine. */
  random: () => number;
  organisations: Array<{ key: string; id: string; name: string; type: OrganisationType }>;
  people: Array<{ id: string; email: string; organisationId: string; status: PersonStatus; roles: Role[] }>;
}

/** A module's demo loader: adds fictional data inside the demo's transaction, returns a one-line summary. */
export interface DemoLoader {
  name: string;
  load(platform: Platform, trx: Transaction<DB>, context: DemoContext): Promise<string>;
}

/** The modules' demo loaders, in dependency order (network before governance). */
export const DEMO_MODULES: DemoLoader[] = [
  networkDemo,
  governanceDemo,
  tipsDemo,
  trainingDemo,
  questionnairesDemo,
  alertsDemo,
  resourcesDemo,
  referralsDemo,
  consultationsDemo,
];
