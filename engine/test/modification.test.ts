/* eslint-disable @typescript-eslint/no-explicit-any -- REST bodies are JSON, asserted field by field */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

// A dossier: reception (with a one-hour reminder timer), an appraisal subprocess (an officer's
// review, then a machine check), the leader's decision.
const dossier = bpmn(
  'mod-dossier',
  `<bpmn:startEvent id="start" />${flow('f1', 'start', 'receive')}
   <bpmn:userTask id="receive" />${flow('f2', 'receive', 'appraise')}
   <bpmn:boundaryEvent id="reminder" attachedToRef="receive" cancelActivity="false">
     <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
   </bpmn:boundaryEvent>${flow('fr', 'reminder', 'remindEnd')}<bpmn:endEvent id="remindEnd" />
   <bpmn:subProcess id="appraise">
     <bpmn:startEvent id="appraiseStart" />${flow('s1', 'appraiseStart', 'review')}
     <bpmn:userTask id="review" />${flow('s2', 'review', 'check')}
     <bpmn:serviceTask id="check" camunda:type="external" camunda:topic="mod.check" />${flow('s3', 'check', 'appraiseEnd')}
     <bpmn:endEvent id="appraiseEnd" />
   </bpmn:subProcess>${flow('f3', 'appraise', 'decide')}
   <bpmn:userTask id="decide" />${flow('f4', 'decide', 'fork')}
   <bpmn:parallelGateway id="fork" />${flow('f5', 'fork', 'notify')}${flow('f6', 'fork', 'archive')}
   <bpmn:userTask id="notify" />${flow('f7', 'notify', 'end1')}<bpmn:endEvent id="end1" />
   <bpmn:receiveTask id="archive" messageRef="Archived" />${flow('f8', 'archive', 'end2')}<bpmn:endEvent id="end2" />`,
  '<bpmn:message id="Archived" name="mod.archived" />',
);

// Input mapping and a start listener: what skipIoMappings and skipCustomListeners leave out.
const mapped = bpmn(
  'mod-mapped',
  `<bpmn:startEvent id="start" />${flow('f1', 'start', 'first')}<bpmn:userTask id="first" />
   ${flow('f2', 'first', 'mappedTask')}
   <bpmn:userTask id="mappedTask">
     <bpmn:extensionElements>
       <camunda:inputOutput><camunda:inputParameter name="local">in</camunda:inputParameter></camunda:inputOutput>
       <camunda:executionListener event="start" expression="\${execution.setVariable('listened', true)}" />
     </bpmn:extensionElements>
   </bpmn:userTask>${flow('f3', 'mappedTask', 'end')}<bpmn:endEvent id="end" />`,
);

// An asynchronous continuation: the token waits as a job (a transition instance).
const async = bpmn(
  'mod-async',
  `<bpmn:startEvent id="start" />${flow('f1', 'start', 'task')}
   <bpmn:userTask id="task" camunda:asyncBefore="true" />${flow('f2', 'task', 'end')}<bpmn:endEvent id="end" />`,
);

// Three officers review in parallel (multi-instance), then the leader decides.
const parallelReview = bpmn(
  'mod-parallel',
  `<bpmn:startEvent id="start" />${flow('f1', 'start', 'review')}
   <bpmn:userTask id="review">
     <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
   </bpmn:userTask>${flow('f2', 'review', 'decide')}<bpmn:userTask id="decide" />${flow('f3', 'decide', 'end')}
   <bpmn:endEvent id="end" />`,
);

// A called procedure (the ministry's appraisal) beside the unit's own step, and one called alone.
const called = bpmn(
  'mod-called',
  `<bpmn:startEvent id="start" />${flow('f1', 'start', 'expertReview')}<bpmn:userTask id="expertReview" />
   ${flow('f2', 'expertReview', 'end')}<bpmn:endEvent id="end" />`,
);
const caller = (key: string, parallel: boolean) =>
  bpmn(
    key,
    `<bpmn:startEvent id="start" />${flow('f1', 'start', 'fork')}<bpmn:parallelGateway id="fork" />
     ${flow('f2', 'fork', 'callAppraisal')}${parallel ? `${flow('f3', 'fork', 'localStep')}<bpmn:userTask id="localStep" />${flow('f4', 'localStep', 'end2')}<bpmn:endEvent id="end2" />` : ''}
     <bpmn:callActivity id="callAppraisal" calledElement="mod-called" />${flow('f5', 'callAppraisal', 'after')}
     <bpmn:userTask id="after" />${flow('f6', 'after', 'end')}<bpmn:endEvent id="end" />`,
  );

describe.each(dialects)('process-instance modification on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(
      h.api.deploy({
        'dossier.bpmn': dossier,
        'mapped.bpmn': mapped,
        'async.bpmn': async,
        'parallel.bpmn': parallelReview,
        'called.bpmn': called,
        'caller-parallel.bpmn': caller('mod-caller-parallel', true),
        'caller-alone.bpmn': caller('mod-caller-alone', false),
      }),
    );
  });
  const start = async (key: string) =>
    (await h.api.ok(h.api.post(`/process-definition/key/${key}/start`, {}))).id as string;
  const modify = (pi: string, body: unknown) => h.api.post(`/process-instance/${pi}/modification`, body);
  const tasks = async (pi: string): Promise<string[]> =>
    (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`))).map((t: any) => t.taskDefinitionKey).sort();
  const tree = (pi: string) => h.api.ok(h.api.get(`/process-instance/${pi}/activity-instances`));
  const shape = (node: any): unknown =>
    node.childActivityInstances.map((c: any) =>
      c.childActivityInstances.length ? { [c.activityId]: shape(c) } : c.activityId,
    );
  const history = async (pi: string) =>
    (await h.api.ok(h.api.get(`/history/activity-instance?processInstanceId=${pi}`))) as any[];
  const historicState = async (pi: string) =>
    (await h.api.ok(h.api.get(`/history/process-instance/${pi}`))).state;

  it('starts inside an appraisal subprocess that is not active yet, with local and global variables', async () => {
    const pi = await start('mod-dossier');
    expect(
      (
        await modify(pi, {
          instructions: [
            {
              type: 'startBeforeActivity',
              activityId: 'review',
              variables: {
                reviewer: { value: 'canbo', type: 'String', local: true },
                priority: { value: 2, type: 'Integer' },
              },
            },
          ],
        })
      ).status,
    ).toBe(204);
    expect(shape(await tree(pi))).toEqual(expect.arrayContaining(['receive', { appraise: ['review'] }]));
    expect(await tasks(pi)).toEqual(['receive', 'review']);
    const vars = (await h.api.ok(h.api.get(`/variable-instance?processInstanceIdIn=${pi}`))) as any[];
    const byName = Object.fromEntries(vars.map((v) => [v.name, v]));
    expect(byName.priority.executionId).toBe(pi);
    expect(byName.reviewer.executionId).not.toBe(pi); // local to the subprocess scope
    // The subprocess started by the modification behaves as one entered normally.
    const [review] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi}&taskDefinitionKey=review`));
    await h.api.ok(h.api.post(`/task/${review.id}/complete`, {}));
    const [check] = await h.api.ok(h.api.get(`/external-task?processInstanceId=${pi}`));
    expect(check.activityId).toBe('check');
    await h.api.ok(
      h.api.post('/external-task/fetchAndLock', {
        workerId: 'w',
        maxTasks: 1,
        topics: [{ topicName: 'mod.check', lockDuration: 10000 }],
      }),
    );
    await h.api.ok(h.api.post(`/external-task/${check.id}/complete`, { workerId: 'w' }));
    expect(await tasks(pi)).toEqual(['decide', 'receive']);
    const after = (await h.api.ok(h.api.get(`/variable-instance?processInstanceIdIn=${pi}`))) as any[];
    expect(after.map((v) => v.name)).toEqual(['priority']); // the scope's local variable went with it
  });

  it('cancels an activity with its timer; the history marks it canceled and logs the operation', async () => {
    const pi = await start('mod-dossier');
    expect((await h.api.ok(h.api.get(`/job?processInstanceId=${pi}`))).length).toBe(1);
    const res = await modify(pi, {
      instructions: [
        { type: 'startBeforeActivity', activityId: 'decide' },
        { type: 'cancel', activityId: 'receive' },
      ],
      annotation: 'Hồ sơ đã tiếp nhận trên giấy',
    });
    expect(res.status).toBe(204);
    expect(await tasks(pi)).toEqual(['decide']);
    expect(await h.api.ok(h.api.get(`/job?processInstanceId=${pi}`))).toEqual([]);
    const receive = (await history(pi)).find((a) => a.activityId === 'receive');
    expect(receive).toMatchObject({ canceled: true });
    expect(receive.endTime).not.toBeNull();
    const [hTask] = await h.api.ok(
      h.api.get(`/history/task?processInstanceId=${pi}&taskDefinitionKey=receive`),
    );
    expect(hTask.deleteReason).toBe('deleted');
    const log = await h.api.ok(
      h.api.get(`/history/user-operation?processInstanceId=${pi}&operationType=ModifyProcessInstance`),
    );
    expect(log).toEqual([
      expect.objectContaining({
        entityType: 'ProcessInstance',
        category: 'Operator',
        annotation: 'Hồ sơ đã tiếp nhận trên giấy',
      }),
    ]);
    expect(await historicState(pi)).toBe('ACTIVE');
  });

  it('cancelling the last activity of a subprocess cancels it; with nothing left the instance ends', async () => {
    const pi = await start('mod-dossier');
    await h.api.ok(
      modify(pi, {
        instructions: [
          { type: 'startBeforeActivity', activityId: 'check' },
          { type: 'cancel', activityId: 'receive' },
        ],
      }),
    );
    expect((await h.api.ok(h.api.get(`/external-task?processInstanceId=${pi}`))).length).toBe(1);
    const t = await tree(pi);
    const check = t.childActivityInstances[0].childActivityInstances[0];
    expect(check.activityId).toBe('check');
    expect(
      (await modify(pi, { instructions: [{ type: 'cancel', activityInstanceId: check.id }] })).status,
    ).toBe(204);
    expect(await h.api.ok(h.api.get(`/external-task?processInstanceId=${pi}`))).toEqual([]);
    expect((await h.api.get(`/process-instance/${pi}`)).status).toBe(404);
    expect(await historicState(pi)).toBe('EXTERNALLY_TERMINATED');
    const acts = await history(pi);
    expect(acts.find((a) => a.activityId === 'appraise')).toMatchObject({ canceled: true });
    expect(acts.filter((a) => a.endTime === null)).toEqual([]);
  });

  it('cancel everything, then start elsewhere in the same request: the instance lives on', async () => {
    const pi = await start('mod-dossier');
    await h.api.ok(
      modify(pi, {
        instructions: [
          { type: 'cancel', activityId: 'receive' },
          { type: 'startTransition', transitionId: 'f3' },
        ],
      }),
    );
    expect(await tasks(pi)).toEqual(['decide']);
    const [hTask] = await h.api.ok(
      h.api.get(`/history/task?processInstanceId=${pi}&taskDefinitionKey=receive`),
    );
    expect(hTask.deleteReason).toBe('Cancellation due to process instance modifcation');
    // startAfterActivity takes the single outgoing flow: decide → fork → notify and archive.
    await h.api.ok(modify(pi, { instructions: [{ type: 'startAfterActivity', activityId: 'decide' }] }));
    expect(await tasks(pi)).toEqual(['decide', 'notify']);
    expect(
      (await h.api.ok(h.api.get(`/event-subscription?processInstanceId=${pi}`))).map(
        (s: any) => s.activityId,
      ),
    ).toEqual(['archive']);
    // Cancel one parallel branch and the waiting message: the others still finish the instance.
    await h.api.ok(
      modify(pi, {
        instructions: [
          { type: 'cancel', activityId: 'archive' },
          { type: 'cancel', activityId: 'decide' },
        ],
      }),
    );
    expect(await h.api.ok(h.api.get(`/event-subscription?processInstanceId=${pi}`))).toEqual([]);
    const [notify] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`));
    await h.api.ok(h.api.post(`/task/${notify.id}/complete`, {}));
    expect(await historicState(pi)).toBe('COMPLETED');
  });

  it('cancelling the process instance activity instance ends the instance', async () => {
    const pi = await start('mod-dossier');
    await h.api.ok(modify(pi, { instructions: [{ type: 'startBeforeActivity', activityId: 'review' }] }));
    await h.api.ok(modify(pi, { instructions: [{ type: 'cancel', activityInstanceId: pi }] }));
    expect(await historicState(pi)).toBe('EXTERNALLY_TERMINATED');
    expect(await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`))).toEqual([]);
  });

  it('skipIoMappings and skipCustomListeners leave out the mapping and the listener', async () => {
    const names = async (pi: string) =>
      ((await h.api.ok(h.api.get(`/variable-instance?processInstanceIdIn=${pi}`))) as any[])
        .map((v) => v.name)
        .sort();
    const a = await start('mod-mapped');
    await h.api.ok(modify(a, { instructions: [{ type: 'startBeforeActivity', activityId: 'mappedTask' }] }));
    expect(await names(a)).toEqual(['listened', 'local']);
    const b = await start('mod-mapped');
    await h.api.ok(
      modify(b, {
        skipIoMappings: true,
        skipCustomListeners: true,
        instructions: [{ type: 'startBeforeActivity', activityId: 'mappedTask' }],
      }),
    );
    expect(await names(b)).toEqual([]);
    expect(await tasks(b)).toEqual(['first', 'mappedTask']);
  });

  it('cancels a transition instance (a token waiting for its asynchronous continuation)', async () => {
    const pi = await start('mod-async');
    const [job] = await h.api.ok(h.api.get(`/job?processInstanceId=${pi}`));
    expect(
      (await modify(pi, { instructions: [{ type: 'cancel', transitionInstanceId: 'nope' }] })).status,
    ).toBe(400);
    await h.api.ok(modify(pi, { instructions: [{ type: 'cancel', transitionInstanceId: job.executionId }] }));
    expect(await h.api.ok(h.api.get(`/job?processInstanceId=${pi}`))).toEqual([]);
    expect(await historicState(pi)).toBe('EXTERNALLY_TERMINATED');
  });

  it('a second token inside a running subprocess instance; the subprocess completes when both are done', async () => {
    const pi = await start('mod-dossier');
    await h.api.ok(
      modify(pi, {
        instructions: [
          { type: 'startBeforeActivity', activityId: 'review' },
          { type: 'cancel', activityId: 'receive' },
        ],
      }),
    );
    const appraise = (await tree(pi)).childActivityInstances[0];
    await h.api.ok(
      modify(pi, {
        instructions: [
          { type: 'startBeforeActivity', activityId: 'review', ancestorActivityInstanceId: appraise.id },
        ],
      }),
    );
    expect(shape(await tree(pi))).toEqual([{ appraise: ['review', 'review'] }]);
    // Both reviews go on to the check; the subprocess ends after the second check.
    for (const t of await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`)))
      await h.api.ok(h.api.post(`/task/${t.id}/complete`, {}));
    const checks = (
      await h.api.ok(
        h.api.post('/external-task/fetchAndLock', {
          workerId: 'w',
          maxTasks: 5,
          topics: [{ topicName: 'mod.check', lockDuration: 10000 }],
        }),
      )
    ).filter((c: any) => c.processInstanceId === pi);
    expect(checks).toHaveLength(2);
    for (const c of checks) {
      expect(await tasks(pi)).toEqual([]);
      await h.api.ok(h.api.post(`/external-task/${c.id}/complete`, { workerId: 'w' }));
    }
    expect(await tasks(pi)).toEqual(['decide']);
    // A boundary event can be started too: the reminder path ends at once.
    await h.api.ok(modify(pi, { instructions: [{ type: 'startBeforeActivity', activityId: 'reminder' }] }));
    expect(
      (await history(pi)).filter((a) => a.activityId === 'remindEnd').map((a) => a.endTime !== null),
    ).toEqual([true]);
    expect(await tasks(pi)).toEqual(['decide']);
  });

  it('multi-instance: one inner instance added or cancelled, or the body as a whole, as Camunda', async () => {
    const pi = await start('mod-parallel');
    const counters = async () =>
      Object.fromEntries(
        ((await h.api.ok(h.api.get(`/variable-instance?processInstanceIdIn=${pi}`))) as any[])
          .filter((v) => v.name.startsWith('nrOf'))
          .map((v) => [v.name, v.value]),
      );
    const body = (await tree(pi)).childActivityInstances[0];
    expect(body.activityId).toBe('review#multiInstanceBody');
    // One inner instance goes: nrOfActiveInstances shrinks, nrOfInstances stays (Operaton's counters).
    await h.api.ok(
      modify(pi, {
        instructions: [{ type: 'cancel', activityInstanceId: body.childActivityInstances[0].id }],
      }),
    );
    expect(await tasks(pi)).toEqual(['review', 'review']);
    expect(await counters()).toEqual({ nrOfInstances: 3, nrOfActiveInstances: 2, nrOfCompletedInstances: 0 });
    // One is added to the running body: loopCounter 3.
    await h.api.ok(modify(pi, { instructions: [{ type: 'startBeforeActivity', activityId: 'review' }] }));
    expect(await counters()).toEqual({ nrOfInstances: 4, nrOfActiveInstances: 3, nrOfCompletedInstances: 0 });
    const loopCounters = (
      (await h.api.ok(h.api.get(`/variable-instance?processInstanceIdIn=${pi}`))) as any[]
    )
      .filter((v) => v.name === 'loopCounter')
      .map((v) => v.value)
      .sort();
    expect(loopCounters).toEqual([1, 2, 3]);
    for (const t of await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`)))
      await h.api.ok(h.api.post(`/task/${t.id}/complete`, {}));
    expect(await tasks(pi)).toEqual(['decide']);
    // No body running: starting the inner activity opens a body of one instance.
    await h.api.ok(modify(pi, { instructions: [{ type: 'startBeforeActivity', activityId: 'review' }] }));
    expect(await counters()).toEqual({ nrOfInstances: 1, nrOfActiveInstances: 1, nrOfCompletedInstances: 0 });
    // The body as a whole: three instances; cancelling the activity cancels them all.
    await h.api.ok(
      modify(pi, { instructions: [{ type: 'startBeforeActivity', activityId: 'review#multiInstanceBody' }] }),
    );
    expect(await tasks(pi)).toEqual(['decide', 'review', 'review', 'review', 'review']);
    await h.api.ok(modify(pi, { instructions: [{ type: 'cancel', activityId: 'review' }] }));
    expect(await tasks(pi)).toEqual(['decide']);
    const acts = await history(pi);
    expect(acts.filter((a) => a.activityId === 'review#multiInstanceBody').map((a) => a.canceled)).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('a called instance emptied by a modification cancels its call activity (as Operaton)', async () => {
    const calledOf = async (pi: string) =>
      (await h.api.ok(h.api.get(`/process-instance?superProcessInstance=${pi}`)))[0].id as string;
    const parent = await start('mod-caller-parallel');
    const child = await calledOf(parent);
    await h.api.ok(modify(child, { instructions: [{ type: 'cancel', activityId: 'expertReview' }] }));
    expect(await historicState(child)).toBe('EXTERNALLY_TERMINATED');
    expect(await historicState(parent)).toBe('ACTIVE');
    expect(shape(await tree(parent))).toEqual(['localStep']);
    expect((await history(parent)).find((a) => a.activityId === 'callAppraisal')).toMatchObject({
      canceled: true,
    });
    // Alone in its caller: the caller has nothing left and ends too.
    const lone = await start('mod-caller-alone');
    await h.api.ok(
      modify(await calledOf(lone), { instructions: [{ type: 'cancel', activityId: 'expertReview' }] }),
    );
    expect(await historicState(lone)).toBe('EXTERNALLY_TERMINATED');
  });

  it('answers bad instructions as Camunda does', async () => {
    const pi = await start('mod-dossier');
    const unknown = await modify(pi, { instructions: [{ type: 'startBeforeActivity', activityId: 'nope' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      type: 'NotValidException',
      message: expect.stringContaining("Element 'nope' does not exist in process"),
    });
    const missing = await modify(pi, { instructions: [{ type: 'startBeforeActivity' }] });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toBe("For instruction type 'startBeforeActivity': 'activityId' must be set");
    expect((await modify(pi, { instructions: [{ type: 'jump', activityId: 'decide' }] })).status).toBe(400);
    const twoWays = await modify(pi, { instructions: [{ type: 'startAfterActivity', activityId: 'fork' }] });
    expect(twoWays.status).toBe(500);
    expect(twoWays.body.message).toMatch(/more than one outgoing sequence flow/);
    const noInstance = await modify(pi, { instructions: [{ type: 'cancel', activityInstanceId: 'zzz' }] });
    expect(noInstance.status).toBe(400);
    expect(noInstance.body.message).toMatch(/Activity instance 'zzz' does not exist/);
    const gone = await modify('does-not-exist', {
      instructions: [{ type: 'startBeforeActivity', activityId: 'decide' }],
    });
    expect(gone.status).toBe(500);
    expect(gone.body.message).toMatch(/cannot be modified. The process instance does not exist/);
    // A failed modification changes nothing (one transaction).
    const failing = await modify(pi, {
      instructions: [
        { type: 'cancel', activityId: 'receive' },
        { type: 'startBeforeActivity', activityId: 'nope' },
      ],
    });
    expect(failing.status).toBe(400);
    expect(await tasks(pi)).toEqual(['receive']);
  });

  it('POST /modification/execute applies the instructions to several instances of a definition', async () => {
    const a = await start('mod-dossier');
    const b = await start('mod-dossier');
    const def = (await h.api.ok(h.api.get(`/process-instance/${a}`))).definitionId;
    const res = await h.api.post('/modification/execute', {
      processDefinitionId: def,
      processInstanceIds: [a],
      processInstanceQuery: { processInstanceIds: [b] },
      instructions: [
        { type: 'startBeforeActivity', activityId: 'decide' },
        { type: 'cancel', activityId: 'receive' },
      ],
      annotation: 'hàng loạt',
    });
    expect(res.status).toBe(204);
    expect(await tasks(a)).toEqual(['decide']);
    expect(await tasks(b)).toEqual(['decide']);
    const empty = await h.api.post('/modification/execute', { processDefinitionId: def, instructions: [] });
    expect(empty.status).toBe(400);
    const unknownDef = await h.api.post('/modification/execute', {
      processDefinitionId: 'nope',
      processInstanceIds: [a],
      instructions: [{ type: 'cancel', activityId: 'decide' }],
    });
    expect(unknownDef.body.message).toBe(
      "no deployed process definition found with id 'nope': processDefinition is null",
    );
    // A suspended instance cannot be modified (Operaton: SuspendedEntityInteractionException, 400).
    await h.api.ok(h.api.put(`/process-instance/${a}/suspended`, { suspended: true }));
    const suspended = await modify(a, { instructions: [{ type: 'cancel', activityId: 'decide' }] });
    expect(suspended.status).toBe(400);
    expect(suspended.body.type).toBe('SuspendedEntityInteractionException');
    expect(await tasks(a)).toEqual(['decide']);
  });
});
