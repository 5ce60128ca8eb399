/**
 * A stand-in for a browser vendor's push service (RFC 8030), run as a child process by
 * `startTestPushService` (push-service.ts): an HTTPS server that records every request (method, path,
 * headers, encrypted body) and answers like a push service — 201 Created, or 410 Gone for endpoints
 * under /gone/, 404 for endpoints under /missing/. Not a mock: the code under test speaks real HTTPS.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { PushServiceReport, PushServiceRequest, ReceivedPush } from './push-service.js';

const received: ReceivedPush[] = [];

function report(message: PushServiceReport): void {
  process.send?.(message);
}

const server = https.createServer(
  { key: readFileSync(process.env.PUSH_TLS_KEY!), cert: readFileSync(process.env.PUSH_TLS_CERT!) },
  (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const push: ReceivedPush = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join(', ') : (value ?? ''),
          ]),
        ),
        body: Buffer.concat(chunks).toString('base64'),
      };
      received.push(push);
      // Reported before the answer, so a sender that saw the answer finds the request in `requests()`.
      report({ type: 'push', push });
      const status = push.path.startsWith('/gone/') ? 410 : push.path.startsWith('/missing/') ? 404 : 201;
      response.writeHead(status, status === 201 ? { location: `${push.path}/message` } : {});
      response.end();
    });
  },
);

server.on('error', (error) => report({ type: 'error', message: error.message }));
server.listen(0, '127.0.0.1', () => {
  report({ type: 'ready', port: (server.address() as AddressInfo).port });
});

process.on('message', (request: PushServiceRequest) => {
  if (request.type === 'list') report({ type: 'list', id: request.id, pushes: received });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
