// `node --import ./test/support/loadedModules.mjs …` prints, at exit, one line per ES module the
// process loaded (its URL), on stderr after a marker line: what a command's start-up pulls in.
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const seen = [];
port1.on('message', (url) => seen.push(url));
port1.unref();
register(
  `data:text/javascript,${encodeURIComponent(`
let port;
export function initialize(data) { port = data.port; }
export async function load(url, context, next) { port.postMessage(url); return next(url, context); }
`)}`,
  { data: { port: port2 }, transferList: [port2] },
);
process.on('exit', () => {
  port1.receiveMessageOnPort?.();
  process.stderr.write(`\n--- loaded modules ---\n${seen.join('\n')}\n`);
});
