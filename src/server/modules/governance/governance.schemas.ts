/** The governance routes validate and present with the shared contract of governance. */
export * from '../../../shared/contracts/governance.js';
