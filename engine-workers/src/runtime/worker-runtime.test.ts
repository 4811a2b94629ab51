import { describe, expect, it } from '@jest/globals';
import { Variables, type Task, type TaskService } from 'camunda-external-task-client-js';
import { BusinessError, silentLogger } from '@motcua/domain';
import { defineHandler } from './define-handler.js';
import { WorkerRuntime } from './worker-runtime.js';

// The runtime's dispatch, driven with the client library's own Variables and a recording
// TaskService (the HTTP side is covered by the end-to-end test against the real engine).
type Call = [string, ...unknown[]];

function recorder() {
  const calls: Call[] = [];
  const service: TaskService = {
    complete: async (_t, vars) => void calls.push(['complete', vars?.getDirtyVariables()]),
    handleFailure: async (_t, opts) => void calls.push(['failure', opts]),
    handleBpmnError: async (_t, code, msg, vars) =>
      void calls.push(['bpmnError', code, msg, vars?.getDirtyVariables()]),
    extendLock: async () => {},
    unlock: async () => void calls.push(['unlock']),
  };
  return { calls, service };
}

function task(retries: number | null = null, variables: Record<string, unknown> = {}): Task {
  const vars = new Variables();
  vars.setAll(variables);
  return {
    id: 'task-1',
    topicName: 'test.topic',
    workerId: 'w',
    activityId: 'ServiceTask_X',
    activityInstanceId: 'ai',
    executionId: 'ex',
    processInstanceId: 'pi-1',
    processDefinitionId: 'pd',
    processDefinitionKey: 'pk',
    businessKey: 'bk',
    retries,
    errorMessage: null,
    lockExpirationTime: '',
    variables: new Variables(vars.getDirtyVariables(), { readOnly: true }),
  };
}

function runtime(handler: ReturnType<typeof defineHandler>) {
  return new WorkerRuntime([handler], {
    engineUrl: 'http://127.0.0.1:9/engine-rest',
    workerId: 'w',
    lockDurationMs: 1000,
    maxTasks: 2,
    asyncResponseTimeoutMs: 0,
    pollIntervalMs: 100,
    retry: { retries: 3, backoffMs: 1000, maxBackoffMs: 10_000 },
    logger: silentLogger,
  });
}

describe('WorkerRuntime.execute', () => {
  it('completes with the variables the handler returns, typed as Camunda types', async () => {
    const at = new Date('2026-11-27T03:00:00.000Z');
    const h = defineHandler('test.topic', ({ task: t }) => ({
      seen: t.variables.name,
      at,
      n: 5,
      skipped: undefined,
    }));
    const { calls, service } = recorder();
    await expect(runtime(h).execute(h, task(null, { name: 'An' }), service)).resolves.toBe('completed');
    expect(calls).toEqual([
      [
        'complete',
        {
          seen: { type: 'string', value: 'An', valueInfo: {} },
          at: { type: 'date', value: '2026-11-27T03:00:00.000+0000', valueInfo: {} },
          n: { type: 'integer', value: 5, valueInfo: {} },
        },
      ],
    ]);
  });

  it('reports a BusinessError as a BPMN error with its code, message and variables', async () => {
    const h = defineHandler('test.topic', () => {
      throw new BusinessError('DOSSIER_REJECTED', 'Thiếu hồ sơ', { rejectionReason: 'Thiếu hồ sơ' });
    });
    const { calls, service } = recorder();
    await expect(runtime(h).execute(h, task(), service)).resolves.toBe('bpmn-error');
    expect(calls).toEqual([
      [
        'bpmnError',
        'DOSSIER_REJECTED',
        'Thiếu hồ sơ',
        { rejectionReason: { type: 'string', value: 'Thiếu hồ sơ', valueInfo: {} } },
      ],
    ]);
  });

  it('reports anything else as a failure, retries counting down with backoff', async () => {
    const h = defineHandler('test.topic', async () => {
      throw new Error('database is down');
    });
    const rt = runtime(h);
    const first = recorder();
    await rt.execute(h, task(null), first.service);
    const later = recorder();
    await rt.execute(h, task(2), later.service);
    const last = recorder();
    await rt.execute(h, task(1), last.service);
    const opts = (c: Call[]) =>
      c[0]![1] as { errorMessage: string; retries: number; retryTimeout: number; errorDetails: string };
    expect(opts(first.calls)).toMatchObject({
      errorMessage: 'database is down',
      retries: 2,
      retryTimeout: 1000,
    });
    expect(opts(first.calls).errorDetails).toContain('database is down');
    expect(opts(later.calls)).toMatchObject({ retries: 1, retryTimeout: 2000 });
    expect(opts(last.calls)).toMatchObject({ retries: 0, retryTimeout: 0 });
  });

  it('survives an engine that refuses the report (the task is redelivered later)', async () => {
    const h = defineHandler('test.topic', () => ({ ok: true }));
    const { service } = recorder();
    service.complete = async () => {
      throw new Error('lock lost');
    };
    await expect(runtime(h).execute(h, task(), service)).resolves.toBe('report-failed');
  });

  it('stops gracefully: close waits for a running handler, later tasks are unlocked', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const h = defineHandler('test.topic', async () => {
      await gate;
      return { done: true };
    });
    const rt = runtime(h);
    const { calls, service } = recorder();
    const running = rt.execute(h, task(), service);
    expect(rt.running).toBe(1);
    let closed = false;
    const closing = rt.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    await expect(rt.execute(h, task(), service)).resolves.toBe('unlocked');
    release();
    await running;
    await closing;
    expect(closed).toBe(true);
    expect(calls.map((c) => c[0])).toEqual(['unlock', 'complete']);
  });

  it('rejects topic names that are not <family>.<action>', () => {
    expect(() => defineHandler('receive', () => ({}))).toThrow(/family/);
  });
});
