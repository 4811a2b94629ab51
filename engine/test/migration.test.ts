/* eslint-disable @typescript-eslint/no-explicit-any -- REST bodies are JSON, asserted field by field */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { T0, useEngine } from './harness.js';

const dialects = await testDatabases();

/**
 * Two versions of one procedure. Version 2 renames the appraisal, waits for another message,
 * reminds after two hours instead of one, adds a message boundary event, an officer's note before
 * the subprocess, a cancellation event subprocess, and makes the final step a receive task.
 */
function version(v: 1 | 2): string {
  const two = v === 2;
  return bpmn(
    'mig-dossier',
    `<bpmn:startEvent id="start" />${flow('f1', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
     ${flow('f2', 'fork', 'appraise')}${flow('f3', 'fork', 'payment')}
     <bpmn:userTask id="appraise" name="${two ? 'Thẩm định (v2)' : 'Thẩm định'}" />${flow('f4', 'appraise', 'join')}
     <bpmn:boundaryEvent id="reminder" attachedToRef="appraise" cancelActivity="false">
       <bpmn:timerEventDefinition><bpmn:timeDuration>${two ? 'PT2H' : 'PT1H'}</bpmn:timeDuration></bpmn:timerEventDefinition>
     </bpmn:boundaryEvent>${flow('fr', 'reminder', 'remindEnd')}<bpmn:endEvent id="remindEnd" />
     ${
       two
         ? `<bpmn:boundaryEvent id="withdrawn" attachedToRef="appraise"><bpmn:messageEventDefinition messageRef="Withdrawn" /></bpmn:boundaryEvent>
            ${flow('fw', 'withdrawn', 'withdrawnEnd')}<bpmn:endEvent id="withdrawnEnd" />`
         : ''
     }
     <bpmn:receiveTask id="payment" messageRef="Paid" />${flow('f5', 'payment', 'join')}
     <bpmn:parallelGateway id="join" />
     ${two ? `${flow('f6', 'join', 'note')}<bpmn:userTask id="note" />${flow('f6b', 'note', 'sign')}` : flow('f6', 'join', 'sign')}
     <bpmn:subProcess id="sign">
       <bpmn:startEvent id="signStart" />${flow('s1', 'signStart', 'signTask')}
       <bpmn:userTask id="signTask" />${flow('s2', 'signTask', 'signEnd')}<bpmn:endEvent id="signEnd" />
     </bpmn:subProcess>${flow('f7', 'sign', 'deliver')}
     ${two ? '<bpmn:receiveTask id="deliver" messageRef="Delivered" />' : '<bpmn:userTask id="deliver" />'}
     ${flow('f8', 'deliver', 'end')}<bpmn:endEvent id="end" />
     ${
       two
         ? `<bpmn:subProcess id="cancelled" triggeredByEvent="true">
              <bpmn:startEvent id="cancelStart"><bpmn:messageEventDefinition messageRef="Cancelled" /></bpmn:startEvent>
              ${flow('c1', 'cancelStart', 'cancelEnd')}<bpmn:endEvent id="cancelEnd" />
            </bpmn:subProcess>`
         : ''
     }`,
    `<bpmn:message id="Paid" name="${two ? 'mig.paid.v2' : 'mig.paid'}" />
     <bpmn:message id="Withdrawn" name="mig.withdrawn" /><bpmn:message id="Cancelled" name="mig.cancelled" />
     <bpmn:message id="Delivered" name="mig.delivered" />`,
  );
}

describe.each(dialects)('process-instance migration on $dialect', (factory) => {
  const h = useEngine(factory);
  let v1: string;
  let v2: string;
  beforeAll(async () => {
    const d1 = await h.api.ok(h.api.deploy({ 'mig-dossier.bpmn': version(1) }));
    const d2 = await h.api.ok(h.api.deploy({ 'mig-dossier.bpmn': version(2) }));
    v1 = Object.keys(d1.deployedProcessDefinitions)[0]!;
    v2 = Object.keys(d2.deployedProcessDefinitions)[0]!;
  });
  const startV1 = async () =>
    (await h.api.ok(h.api.post(`/process-definition/${v1}/start`, {}))).id as string;
  const plan = (instructions: unknown[], extra: Record<string, unknown> = {}) => ({
    sourceProcessDefinitionId: v1,
    targetProcessDefinitionId: v2,
    instructions,
    ...extra,
  });
  const map = (id: string, updateEventTrigger = false) => ({
    sourceActivityIds: [id],
    targetActivityIds: [id],
    updateEventTrigger,
  });
  const subscriptions = async (pi: string) =>
    ((await h.api.ok(h.api.get(`/event-subscription?processInstanceId=${pi}`))) as any[])
      .map((s) => `${s.activityId}:${s.eventName}`)
      .sort();

  it('generates a plan of the activities with the same id and type', async () => {
    const res = await h.api.ok(
      h.api.post('/migration/generate', { sourceProcessDefinitionId: v1, targetProcessDefinitionId: v2 }),
    );
    const pairs = res.instructions
      .map((i: any) => `${i.sourceActivityIds[0]}>${i.targetActivityIds[0]}`)
      .sort();
    expect(pairs).toEqual([
      'appraise>appraise',
      'fork>fork',
      'join>join',
      'payment>payment',
      'reminder>reminder',
      'sign>sign',
      'signTask>signTask',
    ]);
    expect(res.instructions.every((i: any) => i.updateEventTrigger === false)).toBe(true);
    const updating = await h.api.ok(
      h.api.post('/migration/generate', {
        sourceProcessDefinitionId: v1,
        targetProcessDefinitionId: v2,
        updateEventTriggers: true,
      }),
    );
    expect(
      updating.instructions
        .filter((i: any) => i.updateEventTrigger)
        .map((i: any) => i.sourceActivityIds[0])
        .sort(),
    ).toEqual(['payment', 'reminder']);
    const unknown = await h.api.post('/migration/generate', {
      sourceProcessDefinitionId: 'nope',
      targetProcessDefinitionId: v2,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe("ENGINE-23008 Source process definition with id 'nope' does not exist");
  });

  it('validates a plan: a report per failing instruction', async () => {
    const ok = await h.api.ok(h.api.post('/migration/validate', plan([map('appraise')])));
    expect(ok).toEqual({ instructionReports: [], variableReports: {} });
    const bad = await h.api.ok(
      h.api.post(
        '/migration/validate',
        plan([
          { sourceActivityIds: ['appraise'], targetActivityIds: ['payment'] },
          { sourceActivityIds: ['nope'], targetActivityIds: ['appraise'] },
          map('deliver'),
          map('signTask'),
        ]),
      ),
    );
    const failures = Object.fromEntries(
      bad.instructionReports.map((r: any) => [r.instruction.sourceActivityIds[0], r.failures]),
    );
    // As Operaton: an unmapped subprocess is checked per instance (the next test), not here.
    expect(Object.keys(failures).sort()).toEqual(['appraise', 'deliver', 'nope']);
    expect(failures.appraise).toEqual([
      'Activities have incompatible types (UserTaskActivityBehavior is not compatible with ReceiveTaskActivityBehavior)',
    ]);
    expect(failures.nope).toEqual(["Source activity 'nope' does not exist"]);
  });

  it('migrates an instance: tasks, waits, history and new triggers move to version 2', async () => {
    const pi = await startV1();
    expect(await subscriptions(pi)).toEqual(['payment:mig.paid']);
    const res = await h.api.post('/migration/execute', {
      migrationPlan: plan(
        [map('appraise'), map('payment', true), map('reminder', true), map('fork'), map('join')],
        {
          variables: { migrated: { value: true, type: 'Boolean' } },
        },
      ),
      processInstanceIds: [pi],
    });
    expect(res.status).toBe(204);
    expect((await h.api.ok(h.api.get(`/process-instance/${pi}`))).definitionId).toBe(v2);
    const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`));
    expect(task).toMatchObject({ processDefinitionId: v2, taskDefinitionKey: 'appraise' });
    // The receive task listens for v2's message; v2's boundary and event subprocess listen too.
    expect(await subscriptions(pi)).toEqual([
      'cancelStart:mig.cancelled',
      'payment:mig.paid.v2',
      'withdrawn:mig.withdrawn',
    ]);
    const [job] = await h.api.ok(h.api.get(`/job?processInstanceId=${pi}`));
    expect(job.processDefinitionId).toBe(v2);
    expect(new Date(job.dueDate).getTime()).toBe(T0.getTime() + 2 * 3600_000); // re-evaluated: PT2H
    const hist = await h.api.ok(h.api.get(`/history/process-instance/${pi}`));
    expect(hist).toMatchObject({ processDefinitionId: v2, processDefinitionVersion: 2 });
    const open = (await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi}&unfinished=true`),
    )) as any[];
    expect(open.map((a) => a.processDefinitionId)).toEqual(open.map(() => v2));
    expect((await h.api.ok(h.api.get(`/process-instance/${pi}/variables`))).migrated.value).toBe(true);
    const log = await h.api.ok(h.api.get('/history/user-operation?operationType=Migrate'));
    expect(log.map((e: any) => e.property).sort()).toEqual(['async', 'nrOfInstances', 'processDefinitionId']);
    // The instance now runs version 2: after the join comes v2's note.
    expect(
      (await h.api.post('/message', { messageName: 'mig.paid.v2', processInstanceId: pi })).status,
    ).toBeLessThan(300);
    await h.api.ok(h.api.post(`/task/${task.id}/complete`, {}));
    expect(
      ((await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`))) as any[]).map((t) => t.taskDefinitionKey),
    ).toEqual(['note']);
  });

  it('migrates an instance inside a subprocess, selected by a process instance query', async () => {
    const pi = await startV1();
    await h.api.ok(
      h.api.post(`/process-instance/${pi}/modification`, {
        instructions: [
          { type: 'startBeforeActivity', activityId: 'signTask' },
          { type: 'cancel', activityId: 'appraise' },
          { type: 'cancel', activityId: 'payment' },
        ],
      }),
    );
    const others = (await h.api.ok(h.api.get(`/process-instance?processDefinitionId=${v1}`))) as any[];
    for (const o of others)
      if (o.id !== pi) await h.api.ok(h.api.call('DELETE', `/process-instance/${o.id}`));
    await h.api.ok(
      h.api.post('/migration/execute', {
        migrationPlan: plan([map('sign'), map('signTask')]),
        processInstanceQuery: { processDefinitionId: v1 },
      }),
    );
    const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`));
    expect(task).toMatchObject({ processDefinitionId: v2, taskDefinitionKey: 'signTask' });
    await h.api.ok(h.api.post(`/task/${task.id}/complete`, {}));
    // v2's last step is a receive task: the instance waits for its message, not for a user task.
    expect(await subscriptions(pi)).toEqual(['cancelStart:mig.cancelled', 'deliver:mig.delivered']);
  });

  it('refuses an instance whose active activity has no instruction, with the report', async () => {
    const pi = await startV1();
    const res = await h.api.post('/migration/execute', {
      migrationPlan: plan([map('appraise'), map('reminder')]),
      processInstanceIds: [pi],
    });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('MigratingProcessInstanceValidationException');
    expect(res.body.validationReport).toMatchObject({
      processInstanceId: pi,
      activityInstanceValidationReports: [
        {
          sourceScopeId: 'payment',
          failures: ["There is no migration instruction for this instance's activity"],
        },
      ],
    });
    expect((await h.api.ok(h.api.get(`/process-instance/${pi}`))).definitionId).toBe(v1); // nothing moved
    // Inside the subprocess, the subprocess instance itself needs an instruction too.
    await h.api.ok(
      h.api.post(`/process-instance/${pi}/modification`, {
        instructions: [
          { type: 'startBeforeActivity', activityId: 'signTask' },
          { type: 'cancel', activityId: 'appraise' },
          { type: 'cancel', activityId: 'payment' },
        ],
      }),
    );
    const inSub = await h.api.post('/migration/execute', {
      migrationPlan: plan([map('signTask')]),
      processInstanceIds: [pi],
    });
    expect(inSub.status).toBe(400);
    expect(
      inSub.body.validationReport.activityInstanceValidationReports.map((r: any) => r.sourceScopeId),
    ).toEqual(['sign']);
  });

  it('refuses an invalid plan, an instance of another definition and an empty selection', async () => {
    const pi = await startV1();
    const invalid = await h.api.post('/migration/execute', {
      migrationPlan: plan([{ sourceActivityIds: ['appraise'], targetActivityIds: ['payment'] }]),
      processInstanceIds: [pi],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.type).toBe('MigrationPlanValidationException');
    expect(invalid.body.validationReport.instructionReports).toHaveLength(1);
    const onV2 = (await h.api.ok(h.api.post(`/process-definition/${v2}/start`, {}))).id;
    const wrong = await h.api.post('/migration/execute', {
      migrationPlan: plan([map('appraise'), map('payment')]),
      processInstanceIds: [onV2],
    });
    expect(wrong.status).toBe(500);
    expect(wrong.body.message).toMatch(/^ENGINE-23002/);
    const none = await h.api.post('/migration/execute', { migrationPlan: plan([map('appraise')]) });
    expect(none.status).toBe(400);
    // A query filter the engine does not know is refused, not ignored (it would select too much).
    const unknownFilter = await h.api.post('/migration/execute', {
      migrationPlan: plan([map('appraise'), map('payment')]),
      processInstanceQuery: { processDefinitionId: v1, activityIdIn: ['appraise'] },
    });
    expect(unknownFilter.status).toBe(400);
    expect(unknownFilter.body.message).toMatch(/activityIdIn/);
    expect((await h.api.ok(h.api.get(`/process-instance/${pi}`))).definitionId).toBe(v1);
  });
});
