/**
 * One Filet node of the two-node fan-out benchmark (bench/alerts2.ts), in a process of its own: the
 * server as `filet start` builds it from the environment (DATABASE_URL, FILET_MASTER_KEY, …; the
 * database is already migrated), its notifier listening, on a free port. For the bare loop it keeps
 * the raw responses of its event streams and, told over IPC, writes one event to every one of them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/platform/config.js';
import { openDatabase } from '../src/server/platform/db/database.js';

export type NodeCommand = { type: 'bare'; chunk: string } | { type: 'close' };
export type NodeReport = { type: 'listening'; port: number } | { type: 'written'; streams: number };

const STREAM_PATH = '/api/notifications/stream';

const config = loadConfig(process.env);
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  timeouts: config.dbTimeouts,
});
const app = await buildApp({ config, database, logger: false, serveWebApp: false });
const streams: ServerResponse[] = [];
app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
  if (request.url === STREAM_PATH) streams.push(response);
});
await app.ready();
await app.platform.notifier.start();
await app.listen({ port: 0, host: '127.0.0.1' });

const send = (report: NodeReport) => process.send?.(report);
process.on('message', async (command: NodeCommand) => {
  if (command.type === 'bare') {
    let written = 0;
    for (const response of streams) {
      if (response.writableEnded) continue;
      response.write(command.chunk);
      written++;
    }
    send({ type: 'written', streams: written });
  } else if (command.type === 'close') {
    await app.close();
    await database.close();
    process.exit(0);
  }
});
send({ type: 'listening', port: (app.server.address() as AddressInfo).port });
