/**
 * Bad input (issue 15): every operation the engine serves, attacked with malformed requests
 * generated from Camunda's OpenAPI document (fast-check, fixed seed). Whatever comes in, the
 * engine answers without a 5xx, every 4xx is Camunda's `{type, message}` JSON, and no answer
 * carries a stack trace, a file path or SQL. One engine per database; seeded data gives the
 * requests real ids, so they reach past the "not found" checks.
 *
 * FUZZ_RUNS (runs per operation) and FUZZ_SEED override the defaults; a failure prints the
 * request (method, url, content type, body) and the answer.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { testDatabases } from '@motcua/db/testing';
import { startEngine, TestClock, type RunningEngine } from '@motcua/engine';
import { T0 } from '../harness.js';
import { bpmn, flow, RestClient } from '../rest-client.js';
import { fuzzOperations } from './operations.js';
import { malformedRequest, type FuzzRequest } from './malformed-requests.js';
import { answerProblems, recordingLogger, sendRaw, type RawAnswer } from './answer-checks.js';

const dialects = await testDatabases();

/** Writes bytes to the engine's socket as they are and returns everything it answers. */
const rawHttp = (baseUrl: string, bytes: string) =>
  new Promise<string>((resolve, reject) => {
    const { hostname, port } = new URL(baseUrl);
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const runsFor = (dialect: string) => Number(process.env.FUZZ_RUNS ?? (dialect === 'sqlite' ? 12 : 3));

/** GETs first and DELETEs last, so the seeded records live as long as possible. */
const ORDER: Record<string, number> = { GET: 0, PUT: 1, POST: 2, DELETE: 3 };
const operations = fuzzOperations().sort((a, b) => (ORDER[a.method] ?? 2) - (ORDER[b.method] ?? 2));

const FUZZ_PROCESS = bpmn(
  'fuzz-process',
  `<bpmn:startEvent id="start" />${flow('f1', 'start', 'review')}
   <bpmn:userTask id="review" name="Review" />${flow('f2', 'review', 'send')}
   <bpmn:serviceTask id="send" camunda:type="external" camunda:topic="fuzz.send" />${flow('f3', 'send', 'end')}
   <bpmn:endEvent id="end" />`,
);

const show = (req: FuzzRequest, res: RawAnswer | null, problems: string[], logged: string[]) => {
  const body = req.body ?? '';
  return [
    `${problems.join('; ')}`,
    `request: ${req.method} /engine-rest${req.url.length > 300 ? `${req.url.slice(0, 300)}… (${req.url.length} chars)` : req.url}`,
    `content-type: ${req.headers['content-type'] ?? '(none)'}`,
    `body (${body.length} chars): ${body.slice(0, 600)}`,
    `mutations: ${req.what.join(' | ')}`,
    res ? `answer: ${res.status} ${res.contentType ?? ''} ${res.text.slice(0, 600)}` : 'no answer',
    ...logged.map((line) => `engine log: ${line.slice(0, 1500)}`),
  ].join('\n');
};

describe.each(dialects)('REST API fuzzing on $dialect', (factory) => {
  const log = recordingLogger();
  const h = {} as { engine: RunningEngine; api: RestClient };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const db = await factory.create();
    drop = db.drop;
    h.engine = await startEngine({ dbUrl: db.url, port: 0, clock: new TestClock(T0), logger: log.logger });
    h.api = new RestClient(h.engine.url);
  });
  afterAll(async () => {
    await h.engine?.close();
    await drop?.();
  });
  const ids: string[] = ['fuzz-process', 'amount', 'fuzz.send'];

  it('seeds a deployment, an instance, a task and an external task to aim at', async () => {
    const dep = await h.api.ok(h.api.deploy({ 'fuzz.bpmn': FUZZ_PROCESS }));
    const def = Object.values(dep.deployedProcessDefinitions as Record<string, { id: string }>)[0]!;
    const pi = await h.api.ok(
      h.api.post('/process-definition/key/fuzz-process/start', {
        businessKey: 'HS-FUZZ',
        variables: { amount: { value: 5, type: 'Integer' }, doc: { value: '{"a":1}', type: 'Json' } },
      }),
    );
    const task = (await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`)))[0];
    ids.push(dep.id, def.id, pi.id, task.id, task.executionId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  });

  it.each(operations.map((op) => [`${op.method} ${op.path}`, op] as const))(
    '%s answers malformed requests without 5xx or leaks',
    async (_name, op) => {
      const runs = runsFor(factory.dialect);
      await fc.assert(
        fc.asyncProperty(malformedRequest(op, ids), async (req) => {
          let res: RawAnswer | null = null;
          let problems: string[];
          log.lines.length = 0;
          try {
            res = await sendRaw(h.engine.url, req);
            problems = answerProblems(res);
          } catch (err) {
            problems = [`request failed: ${(err as Error).message}`];
          }
          if (problems.length) throw new Error(show(req, res, problems, log.lines));
        }),
        { seed: SEED, numRuns: runs, endOnFailure: true },
      );
    },
    120_000,
  );

  it('refuses LIKE patterns past 4 000 characters (SQLite fails past 50 000) with 400', async () => {
    const big = 'y'.repeat(300_000);
    const like = [{ name: 'amount', operator: 'like', value: big }];
    for (const [path, body] of [
      ['/process-instance', { variables: like }],
      ['/task', { processVariables: like }],
      ['/task', { taskVariables: like }],
      ['/task', { nameLike: big }],
      ['/history/task', { taskNameLike: big }],
    ] as const) {
      const res = await h.api.post(path, body);
      expect([path, res.status, res.body.message]).toEqual([
        path,
        400,
        expect.stringMatching(/at most 4000 characters/),
      ]);
    }
  });

  it("answers what Node's HTTP parser refuses (16 KB request line or header, garbage) with Camunda's JSON", async () => {
    const longLine = await sendRaw(h.engine.url, {
      method: 'GET',
      url: `/task/${'x'.repeat(20_000)}`,
      headers: {},
      what: [],
    });
    const longHeader = await sendRaw(h.engine.url, {
      method: 'GET',
      url: '/task',
      headers: { 'x-big': 'y'.repeat(20_000) },
      what: [],
    });
    for (const res of [longLine, longHeader]) {
      expect(res.status).toBe(431);
      expect(answerProblems(res)).toEqual([]);
      expect(JSON.parse(res.text)).toMatchObject({
        type: 'InvalidRequestException',
        message: expect.stringMatching(/16 KB/),
      });
    }
    const garbage = await rawHttp(h.engine.url, 'NOT AN HTTP REQUEST\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbage).toContain(
      '{"type":"InvalidRequestException","message":"Malformed HTTP request","code":null}',
    );
  });

  it('is still healthy afterwards', async () => {
    const res = await h.api.get('/engine');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ name: 'default' }]);
  });
});
