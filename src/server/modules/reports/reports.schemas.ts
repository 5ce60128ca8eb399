/** The reports routes validate and present with the shared contract of the annual report. */
export * from '../../../shared/contracts/reports.js';
