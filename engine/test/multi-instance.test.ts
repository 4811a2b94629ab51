import { describe, expect, it, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();
const conformance = (name: string) =>
  readFileSync(new URL(`./reference/conformance-bpmn/${name}`, import.meta.url), 'utf8');

// A council of three experts votes; two opinions are enough (completion condition).
const council = bpmn(
  'council',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'vote')}
   <bpmn:userTask id="vote" name="Ý kiến chuyên gia \${loopCounter + 1}">
     <bpmn:multiInstanceLoopCharacteristics>
       <bpmn:loopCardinality>\${experts}</bpmn:loopCardinality>
       <bpmn:completionCondition>\${nrOfCompletedInstances >= 2}</bpmn:completionCondition>
     </bpmn:multiInstanceLoopCharacteristics>
   </bpmn:userTask>
   ${flow('f1', 'vote', 'decide')}<bpmn:userTask id="decide" />${flow('f2', 'decide', 'end')}<bpmn:endEvent id="end" />`,
);
// Each attached document is checked in its own subprocess instance, in parallel.
const documents = bpmn(
  'documents',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'each')}
   <bpmn:subProcess id="each">
     <bpmn:multiInstanceLoopCharacteristics camunda:collection="\${docs}" camunda:elementVariable="doc" />
     <bpmn:startEvent id="s" />${flow('a', 's', 'check')}<bpmn:userTask id="check" camunda:assignee="\${doc}" />${flow('b', 'check', 'e')}<bpmn:endEvent id="e" />
   </bpmn:subProcess>
   ${flow('f1', 'each', 'end')}<bpmn:endEvent id="end" />`,
);

describe.each(dialects)('multi-instance on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(
      h.api.deploy({
        'council.bpmn': council,
        'documents.bpmn': documents,
        'mi.bpmn20.xml': conformance('MultiInstanceTest.testParallelUserTasksCustomExtensions.bpmn20.xml'),
      }),
    );
  });
  const start = (key: string, variables: Record<string, unknown> = {}) =>
    h.api.ok(h.api.post(`/process-definition/key/${key}/start`, { variables }));
  const taskList = (pi: string) =>
    h.api.ok(h.api.get(`/task?processInstanceId=${pi}&sortBy=name&sortOrder=asc`));
  const state = async (pi: string) => (await h.api.ok(h.api.get(`/history/process-instance/${pi}`))).state;

  it('sequential over a collection, one assignee after the other (Camunda MultiInstanceTest)', async () => {
    const pi = await start('miSequentialUserTasks', {
      assigneeList: { value: JSON.stringify(['kermit', 'gonzo', 'fozzie']), type: 'Json' },
    });
    for (const [i, who] of ['kermit', 'gonzo', 'fozzie'].entries()) {
      const tasks = await taskList(pi.id);
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ assignee: who, name: `My Task ${i}` });
      await h.api.ok(h.api.post(`/task/${tasks[0].id}/complete`, {}));
    }
    expect(await state(pi.id)).toBe('COMPLETED');
    const body = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityType=multiInstanceBody`),
    );
    expect(body).toHaveLength(1);
    expect(body[0].activityId).toBe('miTasks#multiInstanceBody');
  });

  it('parallel by cardinality with nrOf* counters; the completion condition cancels the rest', async () => {
    const pi = await start('council', { experts: { value: 3, type: 'Integer' } });
    const tasks = await taskList(pi.id);
    expect(tasks.map((t: { name: string }) => t.name)).toEqual([
      'Ý kiến chuyên gia 1',
      'Ý kiến chuyên gia 2',
      'Ý kiến chuyên gia 3',
    ]);
    await h.api.ok(h.api.post(`/task/${tasks[0].id}/complete`, {}));
    const [nr] = await h.api.ok(
      h.api.get(`/history/variable-instance?processInstanceId=${pi.id}&variableName=nrOfCompletedInstances`),
    );
    expect(nr.value).toBe(1);
    await h.api.ok(h.api.post(`/task/${tasks[1].id}/complete`, {}));
    const left = await taskList(pi.id);
    expect(left.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['decide']);
    const votes = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=vote`),
    );
    expect(votes.map((v: { canceled: boolean }) => v.canceled).sort()).toEqual([false, false, true]);
    // Counters and loop variables were locals: none reached the process instance.
    const vars = await h.api.ok(h.api.get(`/process-instance/${pi.id}/variables`));
    expect(Object.keys(vars)).toEqual(['experts']);
  });

  it('a parallel multi-instance subprocess over a collection', async () => {
    const pi = await start('documents', { docs: { value: JSON.stringify(['an', 'binh']), type: 'Json' } });
    const tasks = await taskList(pi.id);
    expect(tasks.map((t: { assignee: string }) => t.assignee).sort()).toEqual(['an', 'binh']);
    for (const t of tasks) await h.api.ok(h.api.post(`/task/${t.id}/complete`, {}));
    expect(await state(pi.id)).toBe('COMPLETED');
  });

  it('zero instances: the activity is passed at once', async () => {
    const pi = await start('council', { experts: { value: 0, type: 'Integer' } });
    expect((await taskList(pi.id)).map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual([
      'decide',
    ]);
  });
});
