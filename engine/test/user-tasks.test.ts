import { describe, expect, it, beforeAll } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { useEngine } from './harness.js';

const dialects = await testDatabases();

const inbox = bpmn(
  'inbox',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'check')}
   <bpmn:userTask id="check" name="Kiểm tra hồ sơ" camunda:candidateGroups="mot-cua, \${unitGroup}" camunda:candidateUsers="canbo"
     camunda:formRef="check-form" camunda:formRefBinding="version" camunda:formRefVersion="3" camunda:dueDate="\${deadline}" camunda:priority="\${prio}" />
   ${flow('f1', 'check', 'approve')}
   <bpmn:userTask id="approve" camunda:assignee="\${leader}" camunda:formKey="embedded:app:forms/approve.html" />
   ${flow('f2', 'approve', 'end')}<bpmn:endEvent id="end" />`,
);

describe.each(dialects)('user tasks on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    await h.api.ok(h.api.deploy({ 'inbox.bpmn': inbox }));
  });
  const start = (businessKey: string, deadline: string, prio = 50) =>
    h.api.ok(
      h.api.post('/process-definition/key/inbox/start', {
        businessKey,
        variables: {
          unitGroup: { value: 'chuyen-vien', type: 'String' },
          deadline: { value: deadline, type: 'Date' },
          prio: { value: prio, type: 'Integer' },
          leader: { value: 'lanhdao', type: 'String' },
        },
      }),
    );

  it('creates the task with candidates, form reference, due date and priority from expressions', async () => {
    const pi = await start('ut-1', '2026-12-01T00:00:00.000+0000', 70);
    const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    expect(task).toMatchObject({
      name: 'Kiểm tra hồ sơ',
      taskDefinitionKey: 'check',
      assignee: null,
      priority: 70,
      due: '2026-12-01T00:00:00.000+0000',
      created: '2026-11-27T10:00:00.000+0000',
      formKey: null,
      camundaFormRef: { key: 'check-form', binding: 'version', version: 3 },
      processInstanceId: pi.id,
      suspended: false,
    });
    for (const q of [
      'candidateGroup=mot-cua',
      'candidateGroup=chuyen-vien',
      'candidateUser=canbo',
      'processInstanceBusinessKey=ut-1',
      'taskDefinitionKey=check',
    ]) {
      const found = await h.api.ok(h.api.get(`/task?${q}&processInstanceId=${pi.id}`));
      expect(found.map((t: { id: string }) => t.id)).toEqual([task.id]);
    }
    expect(await h.api.ok(h.api.get(`/task?candidateGroup=lanh-dao&processInstanceId=${pi.id}`))).toEqual([]);
    expect(await h.api.ok(h.api.get(`/task/${task.id}`))).toEqual(task);
    expect(await h.api.ok(h.api.get(`/task/${task.id}/form`))).toEqual({
      key: null,
      camundaFormRef: { key: 'check-form', binding: 'version', version: 3 },
      contextPath: null,
    });
  });

  it('claims, refuses a second claimer, unclaims; candidate queries hide assigned tasks by default', async () => {
    const pi = await start('ut-2', '2026-12-02T00:00:00.000+0000');
    const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    expect((await h.api.post(`/task/${task.id}/claim`, { userId: 'canbo' })).status).toBe(204);
    expect((await h.api.ok(h.api.get(`/task/${task.id}`))).assignee).toBe('canbo');
    expect((await h.api.post(`/task/${task.id}/claim`, { userId: 'canbo' })).status).toBe(204); // idempotent for the same user
    const other = await h.api.post(`/task/${task.id}/claim`, { userId: 'someone' });
    expect(other.status).toBe(500);
    expect(other.body).toEqual({
      type: 'TaskAlreadyClaimedException',
      message: `Task '${task.id}' is already claimed by someone else.`,
      code: 0,
    });
    expect(await h.api.ok(h.api.get(`/task?candidateGroup=mot-cua&processInstanceId=${pi.id}`))).toEqual([]);
    expect(
      await h.api.ok(
        h.api.get(`/task?candidateGroup=mot-cua&includeAssignedTasks=true&processInstanceId=${pi.id}`),
      ),
    ).toHaveLength(1);
    expect(await h.api.ok(h.api.get(`/task?assignee=canbo&processInstanceId=${pi.id}`))).toHaveLength(1);
    expect((await h.api.post(`/task/${task.id}/unclaim`)).status).toBe(204);
    expect((await h.api.ok(h.api.get(`/task/${task.id}`))).assignee).toBeNull();
  });

  it('completes with variables; the next task gets its assignee from an expression; history records both', async () => {
    const pi = await start('ut-3', '2026-12-03T00:00:00.000+0000');
    const [check] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    await h.api.ok(h.api.post(`/task/${check.id}/claim`, { userId: 'canbo' }));
    const res = await h.api.post(`/task/${check.id}/complete`, {
      variables: { complete: { value: true, type: 'Boolean' } },
      withVariablesInReturn: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.complete).toEqual({ value: true, type: 'Boolean', valueInfo: {} });
    const [approve] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    expect(approve).toMatchObject({
      taskDefinitionKey: 'approve',
      assignee: 'lanhdao',
      formKey: 'embedded:app:forms/approve.html',
      camundaFormRef: null,
    });
    expect((await h.api.get(`/task/${check.id}`)).status).toBe(404);
    const completeAgain = await h.api.post(`/task/${check.id}/complete`, {});
    expect(completeAgain.status).toBe(404);
    const acts = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=check`),
    );
    expect(acts[0]).toMatchObject({ taskId: check.id, assignee: 'canbo', canceled: false });
    expect(acts[0].endTime).not.toBeNull();
    expect(await h.api.ok(h.api.get(`/task/${approve.id}/variables`))).toMatchObject({
      complete: { value: true, type: 'Boolean' },
    });
  });

  it('sorts by created and dueDate and pages', async () => {
    h.clock.advance(1000);
    const a = await start('ut-sort-a', '2026-12-20T00:00:00.000+0000');
    h.clock.advance(1000);
    const b = await start('ut-sort-b', '2026-12-10T00:00:00.000+0000');
    const ids = (list: { processInstanceId: string }[]) =>
      list.map((t) => t.processInstanceId).filter((id) => id === a.id || id === b.id);
    expect(
      ids(await h.api.ok(h.api.get('/task?taskDefinitionKey=check&sortBy=created&sortOrder=desc'))),
    ).toEqual([b.id, a.id]);
    expect(
      ids(await h.api.ok(h.api.get('/task?taskDefinitionKey=check&sortBy=dueDate&sortOrder=asc'))),
    ).toEqual([b.id, a.id]);
    const all = await h.api.ok(h.api.get('/task?taskDefinitionKey=check&sortBy=created&sortOrder=asc'));
    const page = await h.api.ok(
      h.api.get('/task?taskDefinitionKey=check&sortBy=created&sortOrder=asc&firstResult=1&maxResults=2'),
    );
    expect(page.map((t: { id: string }) => t.id)).toEqual(all.slice(1, 3).map((t: { id: string }) => t.id));
    expect((await h.api.ok(h.api.get('/task/count?taskDefinitionKey=check'))).count).toBe(all.length);
    expect((await h.api.get('/task?sortBy=created')).status).toBe(400);
    expect((await h.api.get('/task?sortBy=bogus&sortOrder=asc')).status).toBe(400);
    expect((await h.api.get('/task?firstResult=x')).status).toBe(400);
  });

  it('answers 404 for unknown task ids', async () => {
    const get = await h.api.get('/task/nope');
    expect(get.status).toBe(404);
    expect(get.body).toEqual({
      type: 'InvalidRequestException',
      message: 'No matching task with id nope',
      code: null,
    });
    expect((await h.api.post('/task/nope/claim', { userId: 'x' })).status).toBe(404);
    expect((await h.api.post('/task/nope/unclaim')).status).toBe(404);
    expect((await h.api.post('/task/nope/complete', {})).status).toBe(404);
  });
  it('serves start forms and deployed forms resolved by formRef binding', async () => {
    const form = (v: string) =>
      JSON.stringify({
        id: 'check-form',
        type: 'default',
        components: [{ key: 'complete', type: 'checkbox', label: v }],
      });
    const startXml = bpmn(
      'with-forms',
      `<bpmn:startEvent id="start" camunda:formRef="check-form" camunda:formRefBinding="deployment" />${flow('f0', 'start', 't')}
       <bpmn:userTask id="t" camunda:formRef="check-form" />${flow('f1', 't', 't2')}
       <bpmn:userTask id="t2" camunda:formKey="camunda-forms:deployment:other.form" />${flow('f2', 't2', 'end')}<bpmn:endEvent id="end" />`,
    );
    await h.api.ok(
      h.api.deploy(
        {
          'with-forms.bpmn': startXml,
          'check.form': form('v1'),
          'other.form': '{"id":"other","components":[]}',
        },
        { 'deployment-name': 'forms-1' },
      ),
    );
    await h.api.ok(h.api.deploy({ 'check.form': form('v2') }, { 'deployment-name': 'forms-2' }));
    expect(await h.api.ok(h.api.get('/process-definition/key/with-forms/startForm'))).toEqual({
      key: null,
      camundaFormRef: { key: 'check-form', binding: 'deployment', version: null },
      contextPath: null,
    });
    const startForm = await h.api.get('/process-definition/key/with-forms/deployed-start-form');
    expect(startForm.contentType).toBe('application/json');
    expect(startForm.body.components[0].label).toBe('v1'); // binding deployment
    const pi = await h.api.ok(h.api.post('/process-definition/key/with-forms/start', {}));
    const [t] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    expect((await h.api.ok(h.api.get(`/task/${t.id}/deployed-form`))).components[0].label).toBe('v2'); // binding latest
    await h.api.ok(h.api.post(`/task/${t.id}/complete`, {}));
    const [t2] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    expect((await h.api.ok(h.api.get(`/task/${t2.id}/deployed-form`))).id).toBe('other');
    expect((await h.api.get('/process-definition/key/inbox/deployed-start-form')).status).toBe(404);
  });
  it('keeps historic task instances: assignee, dates, priority and how they ended', async () => {
    const pi = await start('ut-hist', '2026-12-05T00:00:00.000+0000', 60);
    const [check] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    await h.api.ok(h.api.post(`/task/${check.id}/claim`, { userId: 'canbo' }));
    h.clock.advance(5000);
    await h.api.ok(h.api.post(`/task/${check.id}/complete`, {}));
    const [done] = await h.api.ok(h.api.get(`/history/task?taskId=${check.id}`));
    expect(done).toMatchObject({
      name: 'Kiểm tra hồ sơ',
      taskDefinitionKey: 'check',
      assignee: 'canbo',
      priority: 60,
      due: '2026-12-05T00:00:00.000+0000',
      deleteReason: 'completed',
      duration: 5000,
      taskState: 'Completed',
      processInstanceId: pi.id,
    });
    const open = await h.api.ok(h.api.get(`/history/task?processInstanceId=${pi.id}&unfinished=true`));
    expect(
      open.map((t: { taskDefinitionKey: string; assignee: string }) => [t.taskDefinitionKey, t.assignee]),
    ).toEqual([['approve', 'lanhdao']]);
    expect(
      (await h.api.ok(h.api.get('/history/task?processInstanceBusinessKey=ut-hist&taskAssignee=canbo'))).map(
        (t: { id: string }) => t.id,
      ),
    ).toEqual([check.id]);
    expect((await h.api.ok(h.api.get(`/history/task/count?processInstanceId=${pi.id}`))).count).toBe(2);
  });
  it('answers the same task query from a JSON body (POST /task)', async () => {
    const pi = await start('ut-post', '2026-12-06T00:00:00.000+0000');
    const body = {
      candidateGroups: ['chuyen-vien', 'khac'],
      processInstanceBusinessKey: 'ut-post',
      sorting: [{ sortBy: 'created', sortOrder: 'desc' }],
    };
    const viaPost = await h.api.ok(h.api.post('/task?maxResults=5', body));
    expect(viaPost.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([pi.id]);
    expect(await h.api.ok(h.api.post('/task/count', body))).toEqual({ count: 1 });
    expect((await h.api.post('/task', { sorting: [{ sortBy: 'bogus', sortOrder: 'asc' }] })).status).toBe(
      400,
    );
    expect((await h.api.post('/task', { candidateGroups: 'not-a-list' })).status).toBe(400);
  });
  it('takes due and follow-up dates as ISO periods from now', async () => {
    const xml = bpmn(
      'periods',
      `<bpmn:startEvent id="s" />${flow('f', 's', 't')}<bpmn:userTask id="t" camunda:dueDate="P10D" camunda:followUpDate="\${remind}" />${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`,
    );
    await h.api.ok(h.api.deploy({ 'periods.bpmn': xml }));
    const pi = await h.api.ok(
      h.api.post('/process-definition/key/periods/start', {
        variables: { remind: { value: 'PT4H', type: 'String' } },
      }),
    );
    const [t] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    const now = h.clock.now().getTime();
    expect(Date.parse(t.due.replace('+0000', 'Z'))).toBe(now + 10 * 86_400_000);
    expect(Date.parse(t.followUp.replace('+0000', 'Z'))).toBe(now + 4 * 3_600_000);
    const bad = await h.api.post('/process-definition/key/periods/start', {
      variables: { remind: { value: 'soon', type: 'String' } },
    });
    expect(bad.status).toBe(500);
    expect(bad.body.message).toContain("Follow-up date 'soon' is neither a date");
  });
});
