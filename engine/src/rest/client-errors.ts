import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Requests Node's HTTP parser refuses before koa sees them — a request line or headers past
 * Node's 16 KB limit (431), a malformed request (400), a request too slow (408) — answered with
 * Camunda's error JSON like every other error of the engine, instead of Node's empty body.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: Error & { code?: string }, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message =
      status === 431
        ? 'The request line or headers are larger than the server accepts (16 KB)'
        : status === 408
          ? 'The request took too long to arrive'
          : 'Malformed HTTP request';
    const body = JSON.stringify({ type: 'InvalidRequestException', message, code: null });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
