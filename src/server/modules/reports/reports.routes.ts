import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../platform/http/schemas.js';
import { REPORT_READERS } from './reports.policy.js';
import { AnnualReport, YearParams } from './reports.schemas.js';
import * as service from './reports.service.js';

/** The table's annual report: the web page's data (JSON), the PDF and the CSV of every figure. */
export const reportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const platform = app.platform;
  const tags = ['reports'];
  const errors = { 400: ErrorResponse, 403: ErrorResponse };

  app.get(
    '/reports/annual/:year',
    {
      config: { access: REPORT_READERS },
      schema: {
        tags,
        summary: "The table's annual report for a calendar year",
        params: YearParams,
        response: { 200: AnnualReport, ...errors },
      },
    },
    async (request) => {
      const report = await service.getAnnualReport(
        platform,
        request.actor!,
        request.params.year,
        request.locale,
      );
      return {
        year: report.year,
        locale: request.locale,
        generatedAt: report.generatedAt.toISOString(),
        firstYear: service.FIRST_REPORT_YEAR,
        lastYear: service.lastReportYear(platform),
        sections: report.sections,
      };
    },
  );

  for (const format of ['pdf', 'csv'] as const) {
    app.get(
      `/reports/annual/:year.${format}`,
      {
        config: { access: REPORT_READERS },
        schema: {
          tags,
          summary: `The annual report as ${format.toUpperCase()} (audited)`,
          params: YearParams,
          produces: [format === 'pdf' ? 'application/pdf' : 'text/csv'],
        },
      },
      async (request, reply) => {
        const file = await service.exportAnnualReport(
          platform,
          request.actor!,
          request.params.year,
          request.locale,
          format,
        );
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.filename}"`)
          .send(typeof file.body === 'string' ? file.body : Buffer.from(file.body));
      },
    );
  }
};
