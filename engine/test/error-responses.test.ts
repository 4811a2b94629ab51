import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { useEngine } from './harness.js';
import { bpmn, flow } from './rest-client.js';

const dialects = await testDatabases();

const PROCESS = bpmn(
  'err-review',
  `<bpmn:startEvent id="s" /><bpmn:userTask id="review" /><bpmn:endEvent id="e" />
   ${flow('f1', 's', 'review')}${flow('f2', 'review', 'e')}`,
);

/**
 * The wire answer of domain errors (issue 11): each kind's default and the operations that answer
 * a kind their own way (src/rest/error-responses.ts), as Operaton 1.0.3 answers them — status,
 * `type` and `code` exactly, since clients read them.
 */
describe.each(dialects)('error responses on $dialect', (factory) => {
  const h = useEngine(factory);
  let taskId: string;
  beforeAll(async () => {
    expect((await h.api.deploy({ 'err-review.bpmn': PROCESS })).status).toBe(200);
    const pi = await h.api.ok(h.api.post('/process-definition/key/err-review/start', {}));
    [{ id: taskId }] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    await h.api.ok(h.api.put(`/process-instance/${pi.id}/suspended`, { suspended: true }));
  });

  const answer = async (method: string, path: string, body?: unknown) => {
    const r = await h.api.call(method, path, body);
    return { status: r.status, type: r.body?.type, code: r.body?.code };
  };

  it('answers each kind by default', async () => {
    // A lookup that finds nothing, as Camunda's resources answer it.
    expect(await answer('GET', '/task/nope')).toEqual({
      status: 404,
      type: 'InvalidRequestException',
      code: null,
    });
    expect(await answer('POST', '/external-task/nope/complete', { workerId: 'w' })).toEqual({
      status: 404,
      type: 'InvalidRequestException',
      code: null,
    });
    // Camunda's NotFoundException of a command.
    expect(await answer('POST', '/task/nope/claim', { userId: 'u' })).toEqual({
      status: 404,
      type: 'NotFoundException',
      code: 0,
    });
    expect(await answer('PUT', '/job/nope/retries', { retries: -1 })).toEqual({
      status: 400,
      type: 'BadUserRequestException',
      code: 0,
    });
    expect(await answer('POST', '/message', { messageName: 'nobody-waits' })).toEqual({
      status: 400,
      type: 'RestException',
      code: null,
    });
    // Completing a suspended task: 500.
    expect(await answer('POST', `/task/${taskId}/complete`, {})).toEqual({
      status: 500,
      type: 'SuspendedEntityInteractionException',
      code: 0,
    });
    expect(await answer('GET', '/history/decision-requirements-definition/nope/statistics')).toEqual({
      status: 500,
      type: 'NullValueException',
      code: 0,
    });
  });

  it('answers as the operation does where Camunda differs', async () => {
    // Claiming a suspended task: 400.
    expect(await answer('POST', `/task/${taskId}/claim`, { userId: 'u' })).toEqual({
      status: 400,
      type: 'SuspendedEntityInteractionException',
      code: 0,
    });
    expect(await answer('GET', '/decision-definition/key/nope/xml')).toEqual({
      status: 404,
      type: 'RestException',
      code: 0,
    });
    expect(await answer('GET', '/decision-requirements-definition/key/nope')).toEqual({
      status: 404,
      type: 'RestException',
      code: 0,
    });
    expect(await answer('GET', '/decision-requirements-definition/nope')).toEqual({
      status: 400,
      type: 'InvalidRequestException',
      code: 0,
    });
    expect(await answer('POST', '/condition', { processDefinitionId: 'nope', variables: {} })).toEqual({
      status: 400,
      type: 'NotFoundException',
      code: 0,
    });
    expect(
      await answer('POST', '/migration/generate', {
        sourceProcessDefinitionId: 'nope',
        targetProcessDefinitionId: 'nope',
      }),
    ).toEqual({ status: 400, type: 'InvalidRequestException', code: 0 });
    expect((await answer('POST', '/group/create', { id: 'err-group' })).status).toBe(204);
    expect(await answer('POST', '/group/create', { id: 'err-group' })).toEqual({
      status: 500,
      type: 'InvalidRequestException',
      code: null,
    });
  });
});
