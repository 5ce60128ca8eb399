/** The accounts routes validate and present with the shared contract of organisations and people. */
export * from '../../../shared/contracts/accounts.js';
