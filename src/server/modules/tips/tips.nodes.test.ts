import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiblingApp, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { openTipLine } from '../../../../test/support/tips.factories.js';
import { destroyExpiredHandoffs, RECEIPT_SHOWN_MS } from './tips.line.service.js';

/**
 * The public tip line served by two Filet nodes over one database, as behind a load balancer: the
 * receipt page, the single use of form tokens and the throttles hold whichever node answers, and
 * across a restart. A clock the test moves drives the windows.
 */

let clock = new Date('2026-06-08T15:07:00Z');
const now = () => clock;
let home: TestApp;
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  home = await createTestApp({ now });
  await openTipLine(
    home,
    await home.createOrganisation({ type: 'police', name: 'Police fictive des nœuds' }),
  );
  a = await createSiblingApp(home, { now });
  b = await createSiblingApp(home, { now });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await home?.close();
});

const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

function advance(ms: number) {
  clock = new Date(clock.getTime() + ms);
}

/** A form page from `node`, its token old enough to be sent. */
async function formToken(node: TestApp, remoteAddress = '127.0.0.1'): Promise<string> {
  const page = await node.app.inject({ method: 'GET', url: '/signalement', remoteAddress });
  const token = /name="token" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error('no form token');
  advance(6_000);
  return token;
}

function post(node: TestApp, values: Record<string, string>, remoteAddress = '127.0.0.1') {
  return node.app.inject({
    method: 'POST',
    url: '/signalement',
    headers: FORM_TYPE,
    payload: new URLSearchParams(values).toString(),
    remoteAddress,
  });
}

const receiptOf = (body: string) => /<strong>([\d ]{19})<\/strong>/.exec(body)?.[1] ?? null;

async function tipCount(): Promise<number> {
  const row = await home.platform.db
    .selectFrom('tips')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

describe('the tip line on two nodes', () => {
  it('shows the receipt on any node, again on a reload and after a restart, then never', async () => {
    const sent = await post(a, {
      token: await formToken(a),
      channel: 'place',
      facts: 'Récit fictif reçu par le nœud A.',
    });
    expect(sent.statusCode).toBe(303);
    const location = String(sent.headers.location);

    const onB = await b.app.inject({ method: 'GET', url: location });
    expect(onB.statusCode).toBe(200);
    expect(onB.headers['cache-control']).toBe('no-store');
    const receipt = receiptOf(onB.body);
    expect(receipt).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(onB.body).toContain('encore pendant 10 minutes');
    // A reload (the phone switched apps to copy the number) shows it again.
    advance(60_000);
    expect(receiptOf((await b.app.inject({ method: 'GET', url: location })).body)).toBe(receipt);

    // Node A restarts: the page still shows the receipt from the new process.
    await a.close();
    a = await createSiblingApp(home, { now });
    expect(receiptOf((await a.app.inject({ method: 'GET', url: location })).body)).toBe(receipt);

    // After the window: a kind page, the same as for an address that never existed.
    advance(RECEIPT_SHOWN_MS);
    const after = await b.app.inject({ method: 'GET', url: location });
    const never = await a.app.inject({
      method: 'GET',
      url: '/signalement/recu/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(after.statusCode).toBe(404);
    expect(after.body).not.toContain(receipt!);
    expect(after.body).toContain('Cette page n’est plus disponible');
    expect(after.body).toContain('/signalement/suivi');
    expect(never.statusCode).toBe(after.statusCode);
    expect(never.body).toBe(after.body);
    expect(after.headers['cache-control']).toBe('no-store');

    // The cleanup job deletes the sealed row itself.
    expect((await destroyExpiredHandoffs(home.platform)).tickets).toBeGreaterThan(0);
    expect(await home.platform.db.selectFrom('tip_receipt_tickets').select('id').execute()).toEqual([]);
  });

  it('stops showing the receipt on every node once the tipster has noted it', async () => {
    const sent = await post(b, { token: await formToken(b), channel: 'other', facts: 'Récit fictif noté.' });
    const location = String(sent.headers.location);
    const page = await a.app.inject({ method: 'GET', url: location });
    const ticket = /name="ticket" value="([^"]+)"/.exec(page.body)![1]!;
    const noted = await b.app.inject({
      method: 'POST',
      url: '/signalement/recu',
      headers: FORM_TYPE,
      payload: new URLSearchParams({ ticket }).toString(),
    });
    expect(noted.headers.location).toBe('/signalement/merci');
    const again = await a.app.inject({ method: 'GET', url: location });
    expect(again.statusCode).toBe(404);
    expect(receiptOf(again.body)).toBeNull();
  });

  it('spends a form token with the tip: a failed write leaves it usable, a replay elsewhere is refused', async () => {
    const token = await formToken(a);
    const values = { token, channel: 'solicitation', facts: 'Récit fictif envoyé pendant une panne.' };
    const before = await tipCount();
    // A real failure inside the write: the database refuses the tip row.
    await sql`create function filet_test_refuse_tip() returns trigger language plpgsql as $$
      begin raise exception 'tip refused for the test'; end $$`.execute(home.platform.db);
    await sql`create trigger filet_test_refuse_tip before insert on tips
      for each row execute function filet_test_refuse_tip()`.execute(home.platform.db);
    let failed: Awaited<ReturnType<typeof post>>;
    try {
      failed = await post(a, values);
    } finally {
      await sql`drop trigger filet_test_refuse_tip on tips`.execute(home.platform.db);
      await sql`drop function filet_test_refuse_tip()`.execute(home.platform.db);
    }
    expect(failed.statusCode).toBe(500);
    expect(failed.headers['content-type']).toContain('text/html');
    expect(await tipCount()).toBe(before);

    // The tipster sends the same page again, to the same node: accepted.
    const retried = await post(a, values);
    expect(retried.statusCode).toBe(303);
    expect(await tipCount()).toBe(before + 1);

    // The same token sent again to the other node: refused, kindly, and nothing stored twice.
    const replay = await post(b, values);
    expect(replay.statusCode).toBe(409);
    expect(replay.body).toContain('Ce formulaire a déjà été envoyé : votre signalement a été reçu.');
    expect(replay.body).toContain('Récit fictif envoyé pendant une panne.');
    expect(await tipCount()).toBe(before + 1);
  });

  it('counts one client’s sendings on every node together', async () => {
    advance(10 * 60_000);
    const address = '198.51.100.61';
    // Ten sendings (refused for an empty account, but counted), alternating between the nodes.
    for (let i = 0; i < 10; i += 1) {
      const node = i % 2 === 0 ? a : b;
      const response = await post(
        node,
        { token: await formToken(node, address), channel: 'other', facts: '' },
        address,
      );
      expect(response.statusCode).toBe(400);
    }
    const eleventh = await post(
      b,
      { token: await formToken(b, address), channel: 'other', facts: 'x' },
      address,
    );
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.body).toContain('Trop d’envois pour le moment.');
    // Another tipster is not held back by this one.
    const other = await post(
      a,
      { token: await formToken(a), channel: 'other', facts: 'Autre récit fictif.' },
      '198.51.100.62',
    );
    expect(other.statusCode).toBe(303);
    // No address reached the database.
    const rows = await sql<{ row: string }>`select x::text as row from throttle_counters x`.execute(
      home.platform.db,
    );
    expect(rows.rows.map((r) => r.row).join('\n')).not.toContain('198.51.100');
  });
});
