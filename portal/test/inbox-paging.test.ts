/**
 * The officer inbox at scale (issue 17): one page of 50 tasks and their count, filtered, sorted and
 * paged by the engine — tasks offered unassigned to the officer's groups or assigned to the
 * officer, never another group's nor a colleague's — on SQLite and MariaDB.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { testDatabases } from '@motcua/db/testing';
import { startStack, type Stack } from './support/stack.js';
import { engineJson, signIn } from './support/stack-calls.js';

jest.setTimeout(180_000);

const PAGING_MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs_inboxPaging" targetNamespace="http://motcua.test">
  <bpmn:process id="inboxPaging" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="F0" sourceRef="Start" targetRef="Gw" />
    <bpmn:exclusiveGateway id="Gw" default="F_Desk" />
    <bpmn:sequenceFlow id="F_Desk" sourceRef="Gw" targetRef="UserTask_Desk" />
    <bpmn:sequenceFlow id="F_Lead" sourceRef="Gw" targetRef="UserTask_Lead">
      <bpmn:conditionExpression>\${toLeader}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:userTask id="UserTask_Desk" name="Việc của một cửa" camunda:candidateGroups="mot-cua" />
    <bpmn:userTask id="UserTask_Lead" name="Việc của lãnh đạo" camunda:candidateGroups="lanh-dao" />
  </bpmn:process>
</bpmn:definitions>`;

describe.each(await testDatabases())('inbox paging on $dialect', (factory) => {
  let stack: Stack;
  const rows = (html: string) => (html.match(/data-task-key="UserTask_Desk"/g) ?? []).length;

  beforeAll(async () => {
    stack = await startStack(factory);
    const form = new FormData();
    form.append('deployment-name', 'inbox-paging');
    form.append('inbox-paging.bpmn', new Blob([PAGING_MODEL], { type: 'text/xml' }), 'inbox-paging.bpmn');
    const dep = await fetch(`${stack.engineUrl}/deployment/create`, { method: 'POST', body: form });
    expect(dep.status).toBe(200);
    const start = (toLeader: boolean) =>
      engineJson<{ id: string }>(stack.engineUrl, '/process-definition/key/inboxPaging/start', {
        method: 'POST',
        body: JSON.stringify({ variables: { toLeader: { value: toLeader, type: 'Boolean' } } }),
      });
    for (let i = 0; i < 53; i++) await start(false);
    await start(true); // another group's task
    // A colleague holds one of the desk's tasks: no longer offered to the group.
    const [held] = await engineJson<Array<{ id: string }>>(
      stack.engineUrl,
      '/task?taskDefinitionKey=UserTask_Desk&maxResults=1',
    );
    await engineJson(stack.engineUrl, `/task/${held!.id}/claim`, {
      method: 'POST',
      body: JSON.stringify({ userId: 'dong-nghiep-khac' }),
    });
  });

  afterAll(() => stack?.close());

  it('shows 50 tasks a page, the count of all, and the rest on the next page', async () => {
    const officer = await signIn(stack.portal.url, 'canbo');
    const first = await officer.get('/can-bo/cong-viec');
    expect(first.status).toBe(200);
    // 52 desk tasks are offered (53 less the colleague's); nothing else waits for the desk here.
    expect(first.text).toContain('Trang 1/2 (52 công việc)');
    expect(rows(first.text)).toBe(50);
    expect(first.text).not.toContain('UserTask_Lead');
    expect(first.text).toContain('href="/can-bo/cong-viec?trang=2"');

    const second = await officer.get('/can-bo/cong-viec?trang=2');
    expect(second.text).toContain('Trang 2/2 (52 công việc)');
    expect(rows(second.text)).toBe(2);
    expect(second.text).toContain('href="/can-bo/cong-viec?trang=1"');

    // A page past the end is empty, not an error; a malformed page number is the first page.
    expect(rows((await officer.get('/can-bo/cong-viec?trang=9')).text)).toBe(0);
    expect(rows((await officer.get('/can-bo/cong-viec?trang=abc')).text)).toBe(50);
  });

  it("offers the leader only the leaders' group's task", async () => {
    const leader = await signIn(stack.portal.url, 'lanhdao');
    const page = await leader.get('/can-bo/cong-viec');
    expect(page.text).toContain('data-task-key="UserTask_Lead"');
    expect(rows(page.text)).toBe(0);
  });
});
