/** The audit routes validate and present with the shared contract of the audit log viewer. */
export * from '../../../shared/contracts/audit.js';
