import { readdirSync, readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Open Referral's HSDS 3.0 schemas (copied unchanged into hsds-3.0/), compiled once per process: the
 * files refer to each other by file name, carry no `$schema` (draft-07 keywords only) and extra
 * keywords (`core`, `constraints`...), hence Ajv's default draft in non-strict mode. The export's tests
 * check what Filet writes with it; the import checks every service it reads with it.
 */
let serviceValidator: ValidateFunction | null = null;

/** The validator of one HSDS 3.0 service (service.json and everything it nests). */
export function hsdsServiceValidator(): ValidateFunction {
  if (serviceValidator) return serviceValidator;
  const dir = new URL('./hsds-3.0/', import.meta.url);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
    ajv.addSchema(JSON.parse(readFileSync(new URL(file, dir), 'utf8')), file);
  }
  serviceValidator = ajv.getSchema('service.json')!;
  return serviceValidator;
}
