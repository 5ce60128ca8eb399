/** The training routes validate and present with the shared contract of the training programme. */
export * from '../../../shared/contracts/training.js';
