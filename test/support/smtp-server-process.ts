/**
 * A real SMTP server for tests, run as a child process by `startTestSmtpServer` (smtp-server.ts).
 * It accepts any sender and recipient, parses each message with postal-mime and reports it to the
 * parent over IPC. Not a mock: the code under test speaks real SMTP over a real socket.
 */
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import type { ParentRequest, ReceivedMail, ServerReport } from './smtp-server.js';

const received: ReceivedMail[] = [];

function report(message: ServerReport): void {
  process.send?.(message);
}

const server = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  authOptional: true,
  logger: false,
  // A reverse DNS lookup per connection would only slow the tests down.
  disableReverseLookup: true,
  onAuth(auth, _session, callback) {
    callback(null, { user: auth.username ?? 'test' });
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', (error) => callback(error));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      PostalMime.parse(raw)
        .then((email) => {
          const envelopeFrom = session.envelope.mailFrom;
          const from =
            envelopeFrom && typeof envelopeFrom === 'object'
              ? envelopeFrom.address
              : email.from && 'address' in email.from
                ? (email.from.address ?? '')
                : '';
          const mail: ReceivedMail = {
            from,
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: email.subject ?? '',
            text: email.text ?? '',
            ...(email.html ? { html: email.html } : {}),
            raw: raw.toString('utf8'),
          };
          received.push(mail);
          // Reported before the 250 reply, so a sender that saw success finds the mail in `messages()`.
          report({ type: 'mail', mail });
          callback();
        })
        .catch((error: Error) => callback(error));
    });
  },
});

process.on('message', (request: ParentRequest) => {
  if (request.type === 'list') report({ type: 'list', id: request.id, mails: received });
  else if (request.type === 'clear') {
    received.length = 0;
    report({ type: 'cleared', id: request.id });
  }
});

// The parent went away (crash, killed test runner): never outlive it.
process.on('disconnect', () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});

server.on('error', (error) => {
  report({ type: 'error', message: error.message });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  report({ type: 'ready', port });
});
