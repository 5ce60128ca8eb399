import { runCli } from './cli.js';

// `start` and `demo` keep running until a signal; every other command has closed its database by the
// time runCli resolves, so leaving at once loses nothing.
const code = await runCli(process.argv.slice(2));
if (code >= 0) process.exit(code);
