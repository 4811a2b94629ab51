/**
 * JSON bodies past the engine's 4 MiB limit (issue 15, bad input): the client receives a 413 in
 * Camunda's `{type, message}` shape — with Content-Length, chunked, and with a Content-Length far
 * larger than what is sent — nothing is started, and the engine (and the same keep-alive
 * connection) goes on answering. Before, the engine destroyed the request on the first byte past
 * the limit, and its client saw the connection reset instead of an answer.
 */
import { describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { testDatabases } from '@motcua/db/testing';
import { useEngine } from '../harness.js';
import { bpmn, flow } from '../rest-client.js';

const dialects = await testDatabases();
const LIMIT = 4 * 1024 * 1024;

/** A start request's JSON body of about `bytes` bytes (the padding is JSON whitespace). */
const startBody = (bytes: number) => `{"businessKey":"big"${' '.repeat(bytes)}}`;

/** The whole answer read from a raw socket, until the server ends it or `until` matches. */
function rawExchange(url: URL, request: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      text += d;
      if (until.test(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`no whole answer within 10 s; got: ${text.slice(0, 200)}`));
    });
    socket.write(request);
  });
}

describe.each(dialects)('oversized JSON bodies on $dialect', (factory) => {
  const h = useEngine(factory);
  const startPath = '/process-definition/key/big-body/start';

  const instances = async () =>
    (await h.api.ok(h.api.get('/process-instance/count?processDefinitionKey=big-body'))).count as number;

  it('answers a body past the limit with a 413 in Camunda style, with Content-Length', async () => {
    await h.api.deploy({
      'big.bpmn': bpmn(
        'big-body',
        `<bpmn:startEvent id="start" />${flow('f1', 'start', 'wait')}<bpmn:userTask id="wait" />${flow('f2', 'wait', 'end')}<bpmn:endEvent id="end" />`,
      ),
    });
    const res = await fetch(h.engine.url + startPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: startBody(LIMIT + 1024),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      type: 'InvalidRequestException',
      message: `Request body larger than ${LIMIT} bytes`,
      code: null,
    });
    expect(await instances()).toBe(0);
  });

  it('answers a chunked body past the limit with a 413 too', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(256 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"businessKey":"big"'));
        if (sent > LIMIT * 2) {
          controller.enqueue(new TextEncoder().encode('}'));
          controller.close();
          return;
        }
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const res = await fetch(h.engine.url + startPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).message).toBe(`Request body larger than ${LIMIT} bytes`);
    expect(await instances()).toBe(0);
  });

  it('refuses a Content-Length past the limit before the body arrives', async () => {
    const url = new URL(h.engine.url);
    const answer = await rawExchange(
      url,
      `POST ${url.pathname}${startPath} HTTP/1.1\r\nHost: ${url.host}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${10 * 1024 ** 3}\r\n\r\n{"businessKey":`,
      /\r\n\r\n\{.*\}$/s,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain(`"message":"Request body larger than ${LIMIT} bytes"`);
    expect(await instances()).toBe(0);
  });

  it('keeps the connection in step: the next request on it is answered', async () => {
    const url = new URL(h.engine.url);
    const big = startBody(LIMIT + 10);
    const answer = await rawExchange(
      url,
      `POST ${url.pathname}${startPath} HTTP/1.1\r\nHost: ${url.host}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(big)}\r\n\r\n${big}` +
        `GET ${url.pathname}/engine HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`,
      /\[\{"name":"default"\}\]$/,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/HTTP\/1\.1 200 OK[^]*\[\{"name":"default"\}\]$/);
  });

  it('still reads a body just under the limit, and starts the instance', async () => {
    const res = await h.api.call('POST', startPath, undefined, startBody(LIMIT - 1024));
    expect(res.status).toBe(200);
    expect(res.body.businessKey).toBe('big');
    expect(await instances()).toBe(1);
  });
});
