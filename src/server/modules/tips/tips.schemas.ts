/** The tips routes validate and present with the shared contract of the tip line. */
export * from '../../../shared/contracts/tips.js';
