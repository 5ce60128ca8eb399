import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const PDFJS_URL = pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href;
const FONTS = `${require.resolve('pdfjs-dist/package.json').replace(/package\.json$/, '')}standard_fonts/`;

/**
 * pdf.js's legacy build polyfills the JavaScript built-ins of the realm that loads it (JSON.parse among
 * them, with a parser that takes truncated JSON): it is loaded in a worker thread of its own, so the
 * tests' process, where the server runs, keeps Node's built-ins.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const loading = import(${JSON.stringify(PDFJS_URL)});
parentPort.on('message', async ({ id, bytes }) => {
  try {
    const pdfjs = await loading;
    const document = await pdfjs.getDocument({
      data: bytes,
      standardFontDataUrl: ${JSON.stringify(FONTS)},
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
    const pages = [];
    for (let n = 1; n <= document.numPages; n += 1) {
      const content = await (await document.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    }
    await document.destroy();
    parentPort.postMessage({ id, pages });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
`;

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (pages: string[]) => void; reject: (error: Error) => void }>();

function pdfWorker(): Worker {
  if (worker) return worker;
  // Held while a PDF is being read; idle, it does not keep the test process alive.
  const started = new Worker(WORKER_SOURCE, { eval: true });
  started.on('message', (answer: { id: number; pages?: string[]; error?: string }) => {
    const caller = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (waiting.size === 0) started.unref();
    if (answer.pages) caller?.resolve(answer.pages);
    else caller?.reject(new Error(`pdf.js: ${answer.error}`));
  });
  started.on('error', (error) => {
    for (const caller of waiting.values()) caller.reject(error);
    waiting.clear();
    worker = null;
  });
  started.on('exit', () => {
    worker = null;
  });
  worker = started;
  return started;
}

/** The text of each page of a PDF, read back with pdf.js (what a reader's viewer would extract). */
export function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    const reader = pdfWorker();
    reader.ref();
    reader.postMessage({ id, bytes: new Uint8Array(bytes) });
  });
}

/** The text of a whole PDF, pages separated by a line break. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await pdfPages(bytes)).join('\n');
}
