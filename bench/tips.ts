import type { FastifyInstance } from 'fastify';
import { FORM_MIN_AGE_MS } from '../src/server/modules/tips/tips.public.routes.js';
import { FormTokens } from '../src/server/modules/tips/tips.secrets.js';

export interface TipIntakeFigures {
  seconds: number;
  acknowledged: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  /** Acknowledged tips not found in the database afterwards (must be 0). */
  lost: number;
  /** Tips stored with a contact flag but no identity row, or vice versa (must be 0). */
  halfStored: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Sustained submissions of the public tip form (urlencoded POST through the whole HTTP stack, as a
 * browser without JavaScript sends it) for `seconds`, with `concurrency` submissions in flight. Each
 * submission carries a unique marker; afterwards every acknowledged (303) submission is looked for in
 * the database by decrypting the stored content. `app` must be a built Filet app on a fresh database.
 */
export async function benchTipIntake(
  app: FastifyInstance,
  options: { seconds?: number; concurrency?: number } = {},
): Promise<TipIntakeFigures> {
  const seconds = options.seconds ?? 60;
  const concurrency = options.concurrency ?? 16;
  const { platform } = app;
  const police = await platform.db
    .selectFrom('organisations')
    .select('id')
    .where('type', '=', 'police')
    .executeTakeFirst();
  if (!police) {
    await platform.db
      .insertInto('organisations')
      .values({ name: 'Service de police fictif (banc d’essai)', type: 'police', region: 'Région fictive' })
      .execute();
  }
  // Tokens as the form issues them, already old enough (the bench does not wait like a person).
  const tokens = new FormTokens(platform.keyring.derive('tip-form'), FORM_MIN_AGE_MS, 4 * 3_600_000);
  const acknowledged = new Set<string>();
  const latencies: number[] = [];
  let failed = 0;
  let counter = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;

  async function worker(index: number) {
    while (performance.now() < deadline) {
      counter += 1;
      const marker = `banc-${index}-${counter}`;
      const withContact = counter % 5 === 0;
      const body = new URLSearchParams({
        token: tokens.issue('tip', new Date(platform.now().getTime() - FORM_MIN_AGE_MS - 1000)),
        channel: 'solicitation',
        facts: `Récit fictif du banc d’essai ${marker}.`,
        where: 'Rue fictive',
        ...(withContact ? { contact: 'Coordonnées fictives' } : {}),
      }).toString();
      const t0 = performance.now();
      const response = await app.inject({
        method: 'POST',
        url: '/signalement',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
        // Distinct fictitious clients, so the per-client throttle does not stop the bench.
        remoteAddress: `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`,
      });
      latencies.push(performance.now() - t0);
      if (response.statusCode === 303) acknowledged.add(marker);
      else failed += 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  const elapsed = (performance.now() - started) / 1000;

  // Reconciliation: every acknowledged marker is in a stored tip; no tip is half-stored.
  const rows = await platform.db.selectFrom('tips').select(['id', 'content', 'has_identity']).execute();
  const identities = new Set(
    (await platform.db.selectFrom('tip_identities').select('tip_id').execute()).map((r) => r.tip_id),
  );
  const found = new Set<string>();
  let halfStored = 0;
  for (const row of rows) {
    const content = JSON.parse(platform.keyring.decrypt(row.content, `tips.content:${row.id}`)) as {
      facts: string;
    };
    const marker = /banc-\d+-\d+/.exec(content.facts)?.[0];
    if (marker) found.add(marker);
    if (row.has_identity !== identities.has(row.id)) halfStored += 1;
  }
  const lost = [...acknowledged].filter((m) => !found.has(m)).length;
  latencies.sort((a, b) => a - b);
  return {
    seconds: Math.round(elapsed * 10) / 10,
    acknowledged: acknowledged.size,
    perSecond: Math.round((acknowledged.size / elapsed) * 10) / 10,
    p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
    p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
    failed,
    lost,
    halfStored,
  };
}
