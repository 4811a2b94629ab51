import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

// A timer, then an async gateway whose conditions name a variable that does not exist: the timer
// job succeeds, the continuation fails on every run. The same model was run on Operaton 1.0.3.
const process = bpmn(
  'jl-process',
  `<bpmn:startEvent id="s" />${flow('a', 's', 'wait')}
   <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
   ${flow('b', 'wait', 'g')}<bpmn:exclusiveGateway id="g" camunda:asyncBefore="true" />
   ${flow('c', 'g', 'e1', '${missing > 1}')}${flow('d', 'g', 'e2', '${missing < 1}')}
   <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />`,
);

interface Log {
  id: string;
  jobId: string;
  activityId: string;
  jobRetries: number;
  jobExceptionMessage: string | null;
  failedActivityId: string | null;
  jobDefinitionType: string;
  jobDefinitionConfiguration: string | null;
  creationLog: boolean;
  failureLog: boolean;
  successLog: boolean;
  deletionLog: boolean;
}
const kind = (l: Log) =>
  l.creationLog ? 'created' : l.failureLog ? 'failed' : l.successLog ? 'successful' : 'deleted';

describe.each(dialects)('job log on $dialect', (factory) => {
  const h = useEngine(factory);
  let pi: string;
  let logs: Log[];
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'jl.bpmn': process }));
    pi = (await h.api.ok(h.api.post('/process-definition/key/jl-process/start', {}))).id;
    const [timer] = await h.api.ok(h.api.get(`/job?processInstanceId=${pi}`));
    expect((await h.api.post(`/job/${timer.id}/execute`)).status).toBe(204);
    const [cont] = await h.api.ok(h.api.get(`/job?processInstanceId=${pi}`));
    expect((await h.api.post(`/job/${cont.id}/execute`)).status).toBe(404); // the run failed
    expect((await h.api.post(`/job/${cont.id}/execute`)).status).toBe(404);
    expect((await h.api.call('DELETE', `/process-instance/${pi}`)).status).toBe(204);
    logs = await h.api.ok(
      h.api.get(`/history/job-log?processInstanceId=${pi}&sortBy=occurrence&sortOrder=asc`),
    );
  });

  it('logs creation, success, failures (retries before each run) and deletion', async () => {
    expect(logs.map((l) => [l.activityId, kind(l), l.jobRetries])).toEqual([
      ['wait', 'created', 3],
      ['wait', 'successful', 3],
      ['g', 'created', 3],
      ['g', 'failed', 3],
      ['g', 'failed', 2],
      ['g', 'deleted', 1],
    ]);
    const [created, , , failed] = logs;
    expect(created).toMatchObject({
      jobDefinitionType: 'timer-intermediate-transition',
      jobExceptionMessage: null,
      failedActivityId: null,
    });
    expect(logs[2]).toMatchObject({
      jobDefinitionType: 'async-continuation',
      jobDefinitionConfiguration: 'async-before',
    });
    expect(failed!.jobExceptionMessage).toContain('missing');
    expect(failed!.failedActivityId).toBe('g');
  });

  it('serves one entry, its stack trace (failures only), counts and the POST query', async () => {
    const failed = logs.find((l) => l.failureLog)!;
    expect(await h.api.ok(h.api.get(`/history/job-log/${failed.id}`))).toEqual(failed);
    const trace = await h.api.get(`/history/job-log/${failed.id}/stacktrace`);
    expect(trace.status).toBe(200);
    expect(trace.contentType).toContain('text/plain');
    expect(trace.body).toContain('missing');
    expect((await h.api.get(`/history/job-log/${logs[0]!.id}/stacktrace`)).status).toBe(204);
    const missing = await h.api.get('/history/job-log/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Historic job log with id nope does not exist');
    expect((await h.api.get('/history/job-log/nope/stacktrace')).status).toBe(404);

    const count = async (q: string) =>
      (await h.api.ok(h.api.get(`/history/job-log/count?processInstanceId=${pi}&${q}`))).count;
    expect(await count('failureLog=true')).toBe(2);
    expect(await count('creationLog=true&failureLog=true')).toBe(2); // the last flag wins, as Operaton
    expect(await count('activityIdIn=wait')).toBe(2);
    expect(await count(`jobId=${failed.jobId}&deletionLog=true`)).toBe(1);
    expect(await count('failedActivityIdIn=g')).toBe(2);
    expect(
      await h.api.ok(h.api.post('/history/job-log/count', { processInstanceId: pi, successLog: true })),
    ).toEqual({
      count: 1,
    });
    const page = await h.api.ok(
      h.api.post('/history/job-log?firstResult=1&maxResults=2', {
        processInstanceId: pi,
        sorting: [{ sortBy: 'occurrence', sortOrder: 'asc' }],
      }),
    );
    expect(page.map((l: Log) => l.id)).toEqual([logs[1]!.id, logs[2]!.id]);
  });

  it("goes with the instance's history", async () => {
    expect((await h.api.call('DELETE', `/history/process-instance/${pi}`)).status).toBe(204);
    expect(await h.api.ok(h.api.get(`/history/job-log/count?processInstanceId=${pi}`))).toEqual({ count: 0 });
  });
});
