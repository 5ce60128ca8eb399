import type { Role } from '../../../shared/roles.js';

/**
 * What a route asks of its caller before any record-level policy runs. Every route declares one in
 * `config.access`; the server refuses to start with a route that does not.
 *
 * - `public`: anyone, no session (sign-in, invitations, health, the tip form).
 * - `enrolment`: a session, even one still waiting for TOTP enrolment.
 * - `staff`: a fully signed-in person, any role.
 * - a list of roles: a fully signed-in person holding at least one of them.
 */
export type Access = 'public' | 'enrolment' | 'staff' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** State-changing routes without a session (sign-in, invitation) opt out of the CSRF token only. */
    csrf?: false;
  }
}
