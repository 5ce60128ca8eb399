/**
 * Child process of the registration benchmark (bench/training.ts): fires every registration at once
 * over HTTP, so the clients' own work does not run on the server's event loop, and reports each
 * answer's status and latency.
 */
export interface RegistrationVolley {
  target: string;
  origin: string;
  sessions: Array<{ cookie: string; csrf: string }>;
}

export interface VolleyReport {
  elapsedMs: number;
  latencies: number[];
  statuses: Array<[number, number]>;
}

process.on('message', async (volley: RegistrationVolley) => {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  await Promise.all(
    volley.sessions.map(async (s) => {
      const sent = performance.now();
      const response = await fetch(volley.target, {
        method: 'POST',
        headers: {
          cookie: s.cookie,
          'x-csrf-token': s.csrf,
          origin: volley.origin,
          'content-type': 'application/json',
        },
        body: '{}',
      }).catch(() => null);
      const status = response ? response.status : 0;
      if (response) await response.arrayBuffer();
      latencies.push(performance.now() - sent);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }),
  );
  const report: VolleyReport = { elapsedMs: performance.now() - started, latencies, statuses: [...statuses] };
  process.send?.(report, () => process.exit(0));
});
