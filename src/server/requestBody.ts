import type { IncomingMessage } from 'node:http';
import { HttpError } from './httpError.ts';

/** Default cap on a request body: a scenario is a few kB; 1 MiB leaves room and stops floods. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Reads a JSON request body, refusing more than `limitBytes` (413) as soon as the declared
 * length or the bytes received pass it, and non-JSON content (400 / 415).
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    drain(req);
    throw new HttpError(415, `request body must be application/json (got '${type || 'none'}')`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    drain(req);
    throw new HttpError(413, `request body too large: ${declared} bytes > limit ${limitBytes} bytes`);
  }
  // Plain 'data'/'end' listeners: cheaper per request than an async iterator over the stream.
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const got: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        done();
        drain(req);
        reject(new HttpError(413, `request body too large: more than limit ${limitBytes} bytes`));
        return;
      }
      got.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(got);
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const onClose = () => {
      done();
      if (req.complete) resolve(got);
      else reject(new HttpError(400, 'request body ended early'));
    };
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
  const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'request body is empty; expected a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HttpError(400, `request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** Discard the rest of a refused body so the socket can answer and be reused. */
function drain(req: IncomingMessage): void {
  req.resume();
}
