// The coverage matrix: which active partners cover which of the table's mandates and the net's
// functions, their pivots against their targets, the holes; and the matrix as CSV.
import type { OrganisationType } from '../../../shared/roles.js';
import { csvCell } from '../../platform/http/csv.js';
import type { Platform } from '../../platform/platform.js';
import { activeOrganisations } from '../accounts/index.js';
import { coverageHoles, regionToday } from './network.rules.js';
import { listProfiles } from './partners.repository.js';
import { coverageOf } from './warnings.service.js';

export interface CoverageMatrix {
  organisations: Array<{
    id: string;
    name: string;
    type: OrganisationType;
    mandates: string[];
    functions: string[];
    activePivots: number;
    trainedPivots: number;
    target: number | null;
  }>;
  holes: ReturnType<typeof coverageHoles>;
}

/** Active organisations × (mandates + functions), with pivots against targets and the holes. */
export async function coverageMatrix(platform: Platform): Promise<CoverageMatrix> {
  const db = platform.db;
  const organisations = await activeOrganisations(db);
  const profiles = new Map((await listProfiles(db)).map((p) => [p.organisation_id, p]));
  const coverage = await coverageOf(
    db,
    organisations.map((o) => o.id),
    regionToday(platform),
  );
  const rows = organisations.map((o) => {
    const profile = profiles.get(o.id);
    const c = coverage.get(o.id);
    return {
      id: o.id,
      name: o.name,
      type: o.type,
      mandates: profile?.mandates ?? [],
      functions: profile?.functions ?? [],
      activePivots: c?.active ?? 0,
      trainedPivots: c?.trained ?? 0,
      target: profile?.pivot_target ?? null,
    };
  });
  return {
    organisations: rows,
    holes: coverageHoles(
      rows.map((r) => ({ organisationId: r.id, mandates: r.mandates, functions: r.functions })),
    ),
  };
}

/** The coverage matrix as CSV (header labels given by the caller, already translated). */
export function coverageCsv(
  matrix: CoverageMatrix,
  labels: {
    organisation: string;
    columns: Array<{ key: string; label: string }>;
    activePivots: string;
    trainedPivots: string;
    target: string;
    yes: string;
  },
): string {
  const header = [
    labels.organisation,
    ...labels.columns.map((c) => c.label),
    labels.activePivots,
    labels.trainedPivots,
    labels.target,
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const row of matrix.organisations) {
    const covered = new Set([...row.mandates, ...row.functions]);
    lines.push(
      [
        row.name,
        ...labels.columns.map((c) => (covered.has(c.key) ? labels.yes : '')),
        row.activePivots,
        row.trainedPivots,
        row.target ?? '',
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
