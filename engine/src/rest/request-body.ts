import type { IncomingMessage } from 'node:http';
import { RestError } from './rest-error.js';

/** Largest JSON body accepted (variables of one call). Deployments have their own limits. */
export const MAX_JSON_BODY = 4 * 1024 * 1024;

/**
 * How much more of a refused body is read and thrown away so that its client, still sending,
 * receives the 413. Closing the connection while bytes are arriving makes the kernel answer
 * them with a reset, which can discard the 413 before the client reads it. A client sending more
 * than this is cut off: the server's request timeout is off for long polls, so nothing else would.
 */
const DISCARD_AFTER_REFUSAL = 16 * MAX_JSON_BODY;

const tooLarge = () =>
  new RestError(413, 'InvalidRequestException', `Request body larger than ${MAX_JSON_BODY} bytes`);

const prematureClose = () =>
  Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });

/**
 * Reads the rest of a refused body and drops it, so the connection stays in step for the next
 * request; past DISCARD_AFTER_REFUSAL bytes the connection is closed instead.
 */
function discardRest(req: IncomingMessage, alreadyRead: number): void {
  let size = alreadyRead;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_JSON_BODY + DISCARD_AFTER_REFUSAL) {
      stop();
      req.destroy();
    }
  };
  // The client hanging up mid-body is no error here: the request was already answered.
  const ignore = () => {};
  const stop = () => {
    req.off('data', onData);
    req.off('end', stop);
    req.off('close', stop);
    req.off('error', ignore);
  };
  req.on('data', onData);
  req.on('end', stop);
  req.on('close', stop);
  req.on('error', ignore);
}

/** The declared Content-Length, or null when the body is chunked (or the header is not a number). */
function declaredLength(req: IncomingMessage): number | null {
  const header = req.headers['content-length'];
  if (header === undefined) return null;
  const n = Number(header);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/**
 * The request's body, at most MAX_JSON_BODY bytes. Past it the promise rejects with a 413 at
 * once (before reading anything when Content-Length says so), and the rest of the body is read
 * and dropped while the 413 goes out. Read with plain listeners, not `for await`: the async
 * iterator costs a generator, an end-of-stream watcher and a promise per chunk on every call.
 */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  if (req.destroyed) return Promise.reject(prematureClose());
  if ((declaredLength(req) ?? 0) > MAX_JSON_BODY) {
    discardRest(req, 0);
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JSON_BODY) {
        done();
        discardRest(req, size);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    // The client went away before the body's end (as the async iterator's premature close).
    const onClose = () => {
      done();
      reject(prematureClose());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
