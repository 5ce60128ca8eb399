import type { FastifyPluginAsync } from 'fastify';
import { DeclaredTrainingSource, setPrerequisiteTrainingSource } from '../network/index.js';
import { certificatePages } from './certificate.pages.js';
import { certificateLinkPages } from './certificate-link.pages.js';
import { peopleWithNetworkPrerequisite } from './completions.service.js';
import { registrationPages } from './registration.pages.js';
import { remindExpiringCertificates, remindUpcoming } from './reminders.service.js';
import { trainingPermissions } from './training.policy.js';
import { trainingRoutes } from './training.routes.js';
import { expireOffers } from './waitlist.service.js';

export const TRAINING_JOBS = {
  expireOffers: 'training.expire_offers',
  reminders: 'training.session_reminders',
  certificateExpiry: 'training.certificate_expiry',
} as const;

/**
 * Catalogue, sessions, registrations and wait lists, attendance and certificates. The network's count
 * of trained pivots now reads completions of the course flagged as its prerequisite; completion dates
 * coordinators declared on mandates before the programme moved into Filet still count.
 */
export const trainingCoreModule: FastifyPluginAsync = async (app) => {
  const platform = app.platform;
  platform.permissions.add(trainingPermissions);
  const declared = new DeclaredTrainingSource();
  setPrerequisiteTrainingSource({
    async completedPrerequisite(db, personIds) {
      const trained = await peopleWithNetworkPrerequisite(db, personIds);
      for (const id of await declared.completedPrerequisite(db, personIds)) trained.add(id);
      return trained;
    },
  });
  platform.jobs.define(TRAINING_JOBS.expireOffers, async () => {
    await expireOffers(platform);
  });
  platform.jobs.schedule(TRAINING_JOBS.expireOffers, '*/10 * * * *');
  platform.jobs.define(TRAINING_JOBS.reminders, async () => {
    await remindUpcoming(platform);
  });
  platform.jobs.schedule(TRAINING_JOBS.reminders, '15 * * * *');
  platform.jobs.define(TRAINING_JOBS.certificateExpiry, async () => {
    await remindExpiringCertificates(platform);
  });
  platform.jobs.schedule(TRAINING_JOBS.certificateExpiry, '40 6 * * *');
  await app.register(trainingRoutes, { prefix: '/api' });
  await app.register(certificatePages);
  await app.register(certificateLinkPages);
  await app.register(registrationPages);
};
