import type { Role } from '../../src/shared/roles.js';
import type { Matrix } from './platform.js';

const REPORT_READERS: readonly Role[] = ['admin', 'table_coordinator', 'org_coordinator', 'researcher'];
const YEAR = 2025;

/** The reports module's routes: the annual report as JSON, PDF and CSV, for the table's report readers. */
export const reportsMatrix: Matrix = {
  'GET /api/reports/annual/:year': {
    access: REPORT_READERS,
    request: () => ({ method: 'GET', url: `/api/reports/annual/${YEAR}` }),
  },
  'GET /api/reports/annual/:year.pdf': {
    access: REPORT_READERS,
    request: () => ({ method: 'GET', url: `/api/reports/annual/${YEAR}.pdf` }),
  },
  'GET /api/reports/annual/:year.csv': {
    access: REPORT_READERS,
    request: () => ({ method: 'GET', url: `/api/reports/annual/${YEAR}.csv` }),
  },
};
