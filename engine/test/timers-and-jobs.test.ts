import { describe, expect, it, beforeAll } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { testDatabases } from '@motcua/db/testing';
import { bpmn, flow } from './rest-client.js';
import { T0, useEngine } from './harness.js';

const dialects = await testDatabases();
const conformance = (name: string) =>
  readFileSync(new URL(`./reference/conformance-bpmn/${name}`, import.meta.url), 'utf8');
const MIN = 60_000;
const HOUR = 60 * MIN;

// The dossier life: an officer appraises; a reminder every hour (twice, non-interrupting); the
// applicant may withdraw (interrupting message); a supplement request arrives meanwhile
// (non-interrupting message); after a day the deadline escalates to the leader (interrupting).
const dossier = bpmn(
  'dossier',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'appraise')}
   <bpmn:userTask id="appraise" camunda:candidateGroups="chuyen-vien" />${flow('f1', 'appraise', 'done')}<bpmn:endEvent id="done" />
   <bpmn:boundaryEvent id="remind" attachedToRef="appraise" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
   ${flow('f2', 'remind', 'reminder')}<bpmn:userTask id="reminder" />${flow('f3', 'reminder', 'reminded')}<bpmn:endEvent id="reminded" />
   <bpmn:boundaryEvent id="deadline" attachedToRef="appraise"><bpmn:timerEventDefinition><bpmn:timeDuration>\${deadline}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
   ${flow('f4', 'deadline', 'escalated')}<bpmn:userTask id="escalated" camunda:candidateGroups="lanh-dao" />${flow('f5', 'escalated', 'late')}<bpmn:endEvent id="late" />
   <bpmn:boundaryEvent id="withdraw" attachedToRef="appraise"><bpmn:messageEventDefinition messageRef="Msg_Withdraw" /></bpmn:boundaryEvent>
   ${flow('f6', 'withdraw', 'withdrawn')}<bpmn:endEvent id="withdrawn" />
   <bpmn:boundaryEvent id="supplement" attachedToRef="appraise" cancelActivity="false"><bpmn:messageEventDefinition messageRef="Msg_Supplement" /></bpmn:boundaryEvent>
   ${flow('f7', 'supplement', 'checkSupplement')}<bpmn:userTask id="checkSupplement" />${flow('f8', 'checkSupplement', 'supplemented')}<bpmn:endEvent id="supplemented" />`,
  '<bpmn:message id="Msg_Withdraw" name="RutHoSo" /><bpmn:message id="Msg_Supplement" name="BoSung" />',
);

// Async continuations and a failing job: the gateway has no way out unless `ok` is set. (Its
// second, never-true flow: Camunda refuses a gateway whose only outgoing flow has a condition.)
const asyncFlow = bpmn(
  'async-flow',
  `<bpmn:startEvent id="start" />${flow('f0', 'start', 'work')}
   <bpmn:userTask id="work" camunda:asyncBefore="true" camunda:asyncAfter="true" />${flow('f1', 'work', 'gw')}
   <bpmn:exclusiveGateway id="gw" camunda:asyncBefore="true"><bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R2/PT5M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements></bpmn:exclusiveGateway>
   ${flow('f2', 'gw', 'end', '${ok}')}${flow('f3', 'gw', 'end', '${false}')}<bpmn:endEvent id="end" />`,
);

const timerStart = (cycle: string) =>
  bpmn(
    'daily-report',
    `<bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
     ${flow('f0', 'tick', 'report')}<bpmn:userTask id="report" />${flow('f1', 'report', 'end')}<bpmn:endEvent id="end" />`,
  );

describe.each(dialects)('timers and the job executor on $dialect', (factory) => {
  const h = useEngine(factory);
  beforeAll(async () => {
    h.clock.set(T0);
    await h.api.ok(
      h.api.deploy({
        'dossier.bpmn': dossier,
        'async-flow.bpmn': asyncFlow,
        'escalation.bpmn20.xml': conformance(
          'BoundaryTimerEventTest.testInterruptingTimerDuration.bpmn20.xml',
        ),
        'timer-date.bpmn20.xml': conformance('IntermediateTimerEventTest.testExpression.bpmn20.xml'),
        'timer-cron.bpmn20.xml': conformance('IntermediateTimerEventTest.testTimeCycle.bpmn20.xml'),
      }),
    );
  });
  const start = (key: string, variables: Record<string, unknown> = {}) =>
    h.api.ok(h.api.post(`/process-definition/key/${key}/start`, { variables }));
  const tasks = async (pi: string): Promise<string[]> =>
    (await h.api.ok(h.api.get(`/task?processInstanceId=${pi}`)))
      .map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)
      .sort();
  const jobs = (query: string) => h.api.ok(h.api.get(`/job?${query}`));
  const ended = async (pi: string) => (await h.api.ok(h.api.get(`/history/process-instance/${pi}`))).state;
  const later = async (ms: number) => {
    h.clock.advance(ms);
    return h.engine.jobs.runDue();
  };

  it('an interrupting duration timer escalates a task not done in time (Camunda BoundaryTimerEventTest)', async () => {
    const pi = await start('escalationExample');
    const [job] = await jobs(`processInstanceId=${pi.id}&timers=true`);
    expect(job).toMatchObject({
      retries: 3,
      exceptionMessage: null,
      processDefinitionKey: 'escalationExample',
    });
    expect(job.dueDate).toBe('2026-11-27T10:05:00.000+0000');
    expect(await later(4 * MIN)).toEqual({ executed: 0, failed: 0 });
    expect(await tasks(pi.id)).toEqual(['firstLineSupport']);
    expect(await later(MIN)).toEqual({ executed: 1, failed: 0 });
    expect(await tasks(pi.id)).toEqual(['handleEscalation']);
    const [act] = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=firstLineSupport`),
    );
    expect(act.canceled).toBe(true);
    const [hist] = await h.api.ok(
      h.api.get(`/history/task?processInstanceId=${pi.id}&taskDefinitionKey=firstLineSupport`),
    );
    expect(hist.deleteReason).toBe('deleted');
    expect(await jobs(`processInstanceId=${pi.id}`)).toEqual([]);
  });

  it('completing the task first removes its timer in the same transaction', async () => {
    const pi = await start('escalationExample');
    const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    await h.api.ok(h.api.post(`/task/${task.id}/complete`, {}));
    expect(await jobs(`processInstanceId=${pi.id}`)).toEqual([]);
    expect(await ended(pi.id)).toBe('COMPLETED');
  });

  it('an intermediate timer waits for a timeDate given as #{dueDate} (Camunda IntermediateTimerEventTest)', async () => {
    const due = new Date(h.clock.now().getTime() + 2 * HOUR);
    const pi = await start('intermediateTimerEventExample', {
      dueDate: { value: due.toISOString().replace('Z', '+0000'), type: 'Date' },
    });
    const [job] = await jobs(`processInstanceId=${pi.id}`);
    expect(new Date(job.dueDate.replace('+0000', 'Z')).getTime()).toBe(due.getTime());
    await later(HOUR);
    expect(await ended(pi.id)).toBe('ACTIVE');
    await later(HOUR);
    expect(await ended(pi.id)).toBe('COMPLETED');
    const [act] = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=timer`),
    );
    expect(act).toMatchObject({ activityType: 'intermediateTimer', canceled: false });
  });

  it('a Quartz cron cycle fires at the next matching time (Camunda IntermediateTimerEventTest.testTimeCycle)', async () => {
    h.clock.set(new Date('2026-11-28T10:02:03.000Z'));
    const pi = await start('process');
    const [job] = await jobs(`processInstanceId=${pi.id}`);
    expect(job.dueDate).toBe('2026-11-28T10:05:00.000+0000');
    await later(3 * MIN);
    expect(await tasks(pi.id)).toEqual(['task']);
  });

  it('non-interrupting reminders repeat as the cycle says while the task stays; the deadline interrupts', async () => {
    h.clock.set(T0);
    const pi = await start('dossier', { deadline: { value: 'P1D', type: 'String' } });
    expect(await tasks(pi.id)).toEqual(['appraise']);
    expect(
      (await jobs(`processInstanceId=${pi.id}`)).map((j: { dueDate: string }) => j.dueDate).sort(),
    ).toEqual(['2026-11-27T11:00:00.000+0000', '2026-11-28T10:00:00.000+0000']);
    await later(HOUR);
    expect(await tasks(pi.id)).toEqual(['appraise', 'reminder']);
    await later(HOUR);
    expect(await tasks(pi.id)).toEqual(['appraise', 'reminder', 'reminder']);
    await later(HOUR); // R2: no third reminder
    expect(await tasks(pi.id)).toEqual(['appraise', 'reminder', 'reminder']);
    await later(21 * HOUR);
    expect(await tasks(pi.id)).toEqual(['escalated', 'reminder', 'reminder']);
    expect(await jobs(`processInstanceId=${pi.id}`)).toEqual([]);
    const acts = await h.api.ok(
      h.api.get(`/history/activity-instance?processInstanceId=${pi.id}&activityId=appraise`),
    );
    expect(acts.map((a: { canceled: boolean }) => a.canceled)).toEqual([true]);
  });

  it('a non-interrupting message adds a path; an interrupting one withdraws the dossier and clears its timers', async () => {
    h.clock.set(T0);
    const pi = await start('dossier', { deadline: { value: 'P1D', type: 'String' } });
    const msg = (messageName: string) => h.api.post('/message', { messageName, processInstanceId: pi.id });
    expect((await msg('BoSung')).status).toBe(204);
    expect((await msg('BoSung')).status).toBe(204);
    expect(await tasks(pi.id)).toEqual(['appraise', 'checkSupplement', 'checkSupplement']);
    expect((await msg('RutHoSo')).status).toBe(204);
    expect(await tasks(pi.id)).toEqual(['checkSupplement', 'checkSupplement']);
    expect(await jobs(`processInstanceId=${pi.id}`)).toEqual([]);
    // Neither boundary listens once the task is gone.
    expect((await msg('BoSung')).status).toBe(400);
    for (const t of await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`)))
      await h.api.ok(h.api.post(`/task/${t.id}/complete`, {}));
    expect(await ended(pi.id)).toBe('COMPLETED');
  });

  it('asyncBefore and asyncAfter are jobs; a failing job spends retries on its cycle, then opens a failedJob incident', async () => {
    h.clock.set(T0);
    const pi = await start('async-flow');
    expect(await tasks(pi.id)).toEqual([]);
    const [before] = await jobs(`processInstanceId=${pi.id}&messages=true`);
    expect(before).toMatchObject({ retries: 3, dueDate: '2026-11-27T10:00:00.000+0000' });
    await h.engine.jobs.runDue();
    expect(await tasks(pi.id)).toEqual(['work']);
    const [task] = await h.api.ok(h.api.get(`/task?processInstanceId=${pi.id}`));
    await h.api.ok(
      h.api.post(`/task/${task.id}/complete`, { variables: { ok: { value: false, type: 'Boolean' } } }),
    );
    // asyncAfter of the task, then asyncBefore of the gateway, which fails: no flow holds.
    expect(await h.engine.jobs.runDue()).toEqual({ executed: 1, failed: 1 });
    let [job] = await jobs(`processInstanceId=${pi.id}`);
    expect(job).toMatchObject({
      retries: 1,
      failedActivityId: 'gw',
      dueDate: '2026-11-27T10:05:00.000+0000',
    });
    expect(job.exceptionMessage).toContain('ENGINE-02004');
    expect(await later(5 * MIN)).toEqual({ executed: 0, failed: 1 });
    [job] = await jobs(`processInstanceId=${pi.id}&noRetriesLeft=true`);
    expect(job.retries).toBe(0);
    const [incident] = await h.api.ok(h.api.get(`/incident?processInstanceId=${pi.id}`));
    expect(incident).toMatchObject({ incidentType: 'failedJob', activityId: 'gw', configuration: job.id });
    expect(await later(HOUR)).toEqual({ executed: 0, failed: 0 });
    // The officer fixes the data and gives the job a retry; it runs when executed.
    await h.api.ok(
      h.api.post(`/process-instance/${pi.id}/variables`, {
        modifications: { ok: { value: true, type: 'Boolean' } },
      }),
    );
    expect((await h.api.put(`/job/${job.id}/retries`, { retries: 1 })).status).toBe(204);
    expect(await h.api.ok(h.api.get(`/incident?processInstanceId=${pi.id}`))).toEqual([]);
    expect((await h.api.post(`/job/${job.id}/execute`)).status).toBe(204);
    expect(await ended(pi.id)).toBe('COMPLETED');
  });

  it('POST /job/{id}/execute fires a timer before it is due; unknown jobs are 404', async () => {
    h.clock.set(T0);
    const pi = await start('escalationExample');
    const [job] = await jobs(`processInstanceId=${pi.id}`);
    expect((await h.api.post(`/job/${job.id}/execute`)).status).toBe(204);
    expect(await tasks(pi.id)).toEqual(['handleEscalation']);
    const missing = await h.api.post('/job/nope/execute');
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('InvalidRequestException');
  });

  it('a timer start event starts instances by its cycle; a new version replaces its timer', async () => {
    h.clock.set(T0);
    const [d1] = Object.values(
      (await h.api.ok(h.api.deploy({ 'daily-report.bpmn': timerStart('R2/PT1H') })))
        .deployedProcessDefinitions,
    ) as { id: string }[];
    let [job] = await jobs('processDefinitionKey=daily-report');
    expect(job).toMatchObject({
      processInstanceId: null,
      processDefinitionId: d1!.id,
      dueDate: '2026-11-27T11:00:00.000+0000',
    });
    const count = async () =>
      (await h.api.ok(h.api.get('/process-instance/count?processDefinitionKey=daily-report'))).count;
    await later(HOUR);
    expect(await count()).toBe(1);
    [job] = await jobs('processDefinitionKey=daily-report');
    expect(job.dueDate).toBe('2026-11-27T12:00:00.000+0000');
    await later(HOUR);
    expect(await count()).toBe(2);
    expect(await jobs('processDefinitionKey=daily-report')).toEqual([]);
    const [started] = await h.api.ok(
      h.api.get('/history/process-instance?processDefinitionKey=daily-report'),
    );
    expect(started.startActivityId).toBe('tick');

    await h.api.ok(h.api.deploy({ 'daily-report.bpmn': timerStart('R/PT2H') }, { 'deployment-name': 'v2' }));
    await h.api.ok(h.api.deploy({ 'daily-report.bpmn': timerStart('R/PT3H') }, { 'deployment-name': 'v3' }));
    const left = await jobs('processDefinitionKey=daily-report');
    expect(left).toHaveLength(1);
    expect(left[0].processDefinitionId).toMatch(/^daily-report:3:/);
    // Without a none start event the process cannot be started by hand.
    expect((await h.api.post('/process-definition/key/daily-report/start', {})).status).toBe(500);
  });
});
