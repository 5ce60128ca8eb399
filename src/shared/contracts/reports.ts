/**
 * The contract of the annual report: the year asked for and the report as the web app draws it.
 * The sections' shapes are also written as interfaces in `shared/report.ts`, which the PDF and CSV
 * renderers and the web charts use.
 */
import { type Static, Type } from '@sinclair/typebox';

/** The year of a report in a path; the upper bound (next year) is checked by the service. */
export const YearParams = Type.Object(
  { year: Type.Integer({ minimum: 2000, maximum: 9999 }) },
  { additionalProperties: false },
);
export type YearParams = Static<typeof YearParams>;

const Cell = Type.Union([Type.String(), Type.Number()]);

export const ReportSectionSchema = Type.Object({
  key: Type.String(),
  title: Type.String(),
  note: Type.Optional(Type.String()),
  figures: Type.Array(
    Type.Object({ label: Type.String(), value: Type.Number(), unit: Type.Optional(Type.String()) }),
  ),
  charts: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('bar'), Type.Literal('line')]),
      title: Type.String(),
      categories: Type.Array(Type.String()),
      series: Type.Array(Type.Object({ name: Type.String(), values: Type.Array(Type.Number()) })),
    }),
  ),
  tables: Type.Array(
    Type.Object({
      title: Type.String(),
      columns: Type.Array(Type.String()),
      rows: Type.Array(Type.Array(Cell)),
    }),
  ),
});

export const AnnualReport = Type.Object({
  year: Type.Integer(),
  /** The language the sections are written in (the reader's). */
  locale: Type.String(),
  generatedAt: Type.String({ format: 'date-time' }),
  /** The years that may be asked for, for the year picker. */
  firstYear: Type.Integer(),
  lastYear: Type.Integer(),
  sections: Type.Array(ReportSectionSchema),
});
export type AnnualReport = Static<typeof AnnualReport>;
