import type { FastifyPluginAsync } from 'fastify';

/** The reports module (being built): the table's annual report as a web page and a PDF. */
export const reportsModule: FastifyPluginAsync = async () => {};
