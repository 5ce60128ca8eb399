/**
 * Child process of the fan-out benchmark (bench/alerts.ts): holds its share of the server-sent-event
 * connections, so the server process keeps its open files for the server side. Speaks raw HTTP/1.1
 * over `net` sockets (no client library in the way) and reports, per connection, the wall-clock time
 * at which the next event arrived after the parent armed it.
 */
import net from 'node:net';

export type ClientCommand =
  | { type: 'connect'; host: string; port: number; path: string; cookies: string[]; concurrency: number }
  | { type: 'arm'; phase: number }
  | { type: 'report'; phase: number; force: boolean }
  | { type: 'close' };

export type ClientReport =
  | { type: 'connected'; open: number; failed: number; firstError: string | null }
  | { type: 'armed'; phase: number }
  | { type: 'received'; phase: number; times: number[]; missing: number };

interface Connection {
  socket: net.Socket;
  /** Wall-clock ms of the event of the armed phase, or 0 while waiting. */
  receivedAt: number;
}

const wallClock = () => performance.timeOrigin + performance.now();
const connections: Connection[] = [];
let armed = false;
let phase = 0;
let waitingFor = 0;
let reportWhenDone = false;

function send(report: ClientReport): void {
  process.send?.(report);
}

function report(): void {
  reportWhenDone = false;
  const times: number[] = [];
  let missing = 0;
  for (const c of connections) {
    if (c.receivedAt > 0) times.push(c.receivedAt);
    else missing++;
  }
  send({ type: 'received', phase, times, missing });
}

function open(host: string, port: number, request: string): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    let head = '';
    const connection: Connection = { socket, receivedAt: 0 };
    const onHeadData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('retry:')) return;
      if (!head.startsWith('HTTP/1.1 200')) {
        socket.destroy();
        reject(new Error(head.split('\r\n')[0]));
        return;
      }
      socket.off('data', onHeadData);
      socket.on('data', (data: Buffer) => {
        if (!armed || connection.receivedAt > 0) return;
        // Heartbeats are comment lines; an event block names its type.
        if (data.indexOf('event:') === -1) return;
        connection.receivedAt = wallClock();
        waitingFor--;
        if (waitingFor === 0 && reportWhenDone) report();
      });
      resolve(connection);
    };
    socket.on('data', onHeadData);
    socket.once('error', reject);
    socket.once('connect', () => socket.write(request));
  });
}

process.on('message', async (command: ClientCommand) => {
  if (command.type === 'connect') {
    let failed = 0;
    let firstError: string | null = null;
    let next = 0;
    const worker = async () => {
      while (next < command.cookies.length) {
        const cookie = command.cookies[next++]!;
        const request = `GET ${command.path} HTTP/1.1\r\nHost: ${command.host}:${command.port}\r\nAccept: text/event-stream\r\nCookie: ${cookie}\r\n\r\n`;
        try {
          connections.push(await open(command.host, command.port, request));
        } catch (error) {
          failed++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    };
    await Promise.all(Array.from({ length: command.concurrency }, worker));
    send({ type: 'connected', open: connections.length, failed, firstError });
  } else if (command.type === 'arm') {
    phase = command.phase;
    for (const c of connections) c.receivedAt = 0;
    waitingFor = connections.length;
    armed = true;
    send({ type: 'armed', phase });
  } else if (command.type === 'report') {
    // Reports at once if everything arrived, else as soon as it does (the parent has its own timeout).
    if (waitingFor === 0 || command.force) report();
    else reportWhenDone = true;
  } else if (command.type === 'close') {
    for (const c of connections) c.socket.destroy();
    process.exit(0);
  }
});
