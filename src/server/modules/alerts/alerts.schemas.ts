/** The alerts routes validate and present with the shared contract of alerts and profiles. */
export * from '../../../shared/contracts/alerts.js';
