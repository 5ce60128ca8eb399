import net from 'node:net';

/**
 * A TCP proxy between Filet and PostgreSQL that a test controls, to play the faults of a real network:
 * `cut()` resets every connection (RST, as a restarted server or a failover does) and refuses new ones;
 * `freeze()` stops moving bytes while every socket stays open (a black hole: nothing answers, nothing
 * fails); `restore()` heals both. `cutWhen()` resets everything the moment a client sends given bytes,
 * so a test can cut a transaction at an exact statement.
 */
export interface TcpProxy {
  /** The port the proxy listens on (127.0.0.1). */
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  route(url: string): string;
  cut(): void;
  freeze(): void;
  restore(): void;
  /**
   * Resets every connection (and refuses new ones until `restore`) as soon as a client sends bytes
   * containing `marker`, before they reach the server. Resolves when it happened.
   */
  cutWhen(marker: string): Promise<void>;
  /** Connections currently open through the proxy. */
  openConnections(): number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  server: net.Socket | null;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'open' | 'cut' | 'frozen' = 'open';
  const pairs = new Set<Pair>();
  let trigger: { marker: Buffer; fire: () => void } | null = null;

  function reset(pair: Pair): void {
    pairs.delete(pair);
    if (!pair.client.destroyed) pair.client.resetAndDestroy();
    if (pair.server && !pair.server.destroyed) pair.server.resetAndDestroy();
  }

  function cutAll(): void {
    mode = 'cut';
    for (const pair of [...pairs]) reset(pair);
  }

  function connectServer(pair: Pair): void {
    const server = net.connect(target.port, target.host);
    pair.server = server;
    server.on('error', () => reset(pair));
    pair.client.on('error', () => reset(pair));
    server.on('data', (chunk: Buffer) => {
      if (!pair.client.destroyed) pair.client.write(chunk);
    });
    pair.client.on('data', (chunk: Buffer) => {
      if (trigger && chunk.includes(trigger.marker)) {
        const { fire } = trigger;
        trigger = null;
        cutAll();
        fire();
        return;
      }
      if (!server.destroyed) server.write(chunk);
    });
    server.on('end', () => pair.client.end());
    pair.client.on('end', () => server.end());
    server.on('close', () => {
      pairs.delete(pair);
      if (!pair.client.destroyed) pair.client.destroy();
    });
    pair.client.on('close', () => {
      pairs.delete(pair);
      if (!server.destroyed) server.destroy();
    });
    if (mode === 'frozen') {
      server.pause();
      pair.client.pause();
    }
  }

  const listener = net.createServer((client) => {
    if (mode === 'cut') {
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    const pair: Pair = { client, server: null };
    pairs.add(pair);
    if (mode === 'frozen') {
      // Accepted, then nothing: the server side is reached only when the network heals.
      client.pause();
      client.on('error', () => reset(pair));
      client.on('close', () => pairs.delete(pair));
      return;
    }
    connectServer(pair);
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;

  return {
    port,
    route(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    cut: cutAll,
    freeze() {
      mode = 'frozen';
      for (const pair of pairs) {
        pair.client.pause();
        pair.server?.pause();
      }
    },
    restore() {
      mode = 'open';
      for (const pair of [...pairs]) {
        if (!pair.server) {
          if (pair.client.destroyed) pairs.delete(pair);
          else {
            connectServer(pair);
            pair.client.resume();
          }
          continue;
        }
        pair.client.resume();
        pair.server.resume();
      }
    },
    cutWhen(marker) {
      return new Promise<void>((resolve) => {
        trigger = { marker: Buffer.from(marker), fire: resolve };
      });
    },
    openConnections() {
      return pairs.size;
    },
    async close() {
      trigger = null;
      for (const pair of [...pairs]) reset(pair);
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
