/**
 * Conformance — timers and jobs (issue 3): timer start events (timeDate, timeCycle), timer texts
 * (ISO duration, ISO date, `R3/PT10M`, 6-field cron — cycles re-arm on their own dates), retries (default 3, then a `failedJob`
 * incident), `camunda:failedJobRetryTimeCycle`, `GET /job` and its filters, `PUT /job/{id}/retries`,
 * `POST /job/{id}/execute`. No clock moves: every timer is due in the future and fired by hand.
 * REST only; see targets.ts.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { expectStatus, models, parseDate, targets, useTarget } from './targets.js';

jest.setTimeout(60_000);

describe.each(targets)('timers and jobs against $name', (target) => {
  const s = useTarget(target, 'conf-job', () => models('confJob'));
  const jobsOfDefinition = (key: string) =>
    s.api.ok(s.api.get(`/job?processDefinitionId=${s.definitionIds.get(key)}`));
  const instancesOf = (key: string) =>
    s.api.ok(s.api.get(`/process-instance?processDefinitionId=${s.definitionIds.get(key)}`));
  const minutesFromNow = (date: string) => (parseDate(date).getTime() - Date.now()) / 60_000;
  // A re-armed cycle keeps its dates to the second (Camunda stores the cycle's start so).
  const seconds = (date: string) => Math.floor(parseDate(date).getTime() / 1000);

  it('timer start event with timeDate: one job at that date; executing it starts an instance', async () => {
    const [job] = await jobsOfDefinition('confJobStartDate');
    expect(parseDate(job.dueDate).toISOString()).toBe('2099-01-01T00:00:00.000Z');
    expect(job).toMatchObject({ processInstanceId: null, retries: 3 });
    expectStatus(await s.api.post(`/job/${job.id}/execute`), 204);
    const [pi] = await instancesOf('confJobStartDate');
    expect(await s.tasks(pi.id)).toEqual(['Task_Started']);
    expect(await jobsOfDefinition('confJobStartDate')).toEqual([]); // a date fires once
  });

  it('timer start event with timeCycle R2/PT10M: each firing starts an instance and re-arms', async () => {
    const [first] = await jobsOfDefinition('confJobStartCycle');
    expect(Math.round(minutesFromNow(first.dueDate))).toBe(10);
    expectStatus(await s.api.post(`/job/${first.id}/execute`), 204);
    expect(await instancesOf('confJobStartCycle')).toHaveLength(1);
    // Fired before it was due, the cycle re-arms for its first date again (Operaton): a cycle's
    // dates are fixed when it starts; it ends once its last date has passed.
    const [second] = await jobsOfDefinition('confJobStartCycle');
    expect(second.id).not.toBe(first.id);
    expect(seconds(second.dueDate)).toBe(seconds(first.dueDate));
    expectStatus(await s.api.post(`/job/${second.id}/execute`), 204);
    expect(await instancesOf('confJobStartCycle')).toHaveLength(2);
  });

  it('timer catch events: an ISO duration, an ISO date and a 6-field cron', async () => {
    const pi = (await s.start('confJobCatch')).id;
    const [duration] = await s.timers(pi);
    expect(duration.activityId ?? 'Timer_Duration').toBe('Timer_Duration');
    expect(Math.round(minutesFromNow(duration.dueDate))).toBe(30);
    await s.fireTimer(pi);
    const [date] = await s.timers(pi);
    expect(parseDate(date.dueDate).toISOString()).toBe('2099-06-01T08:30:00.000Z');
    await s.fireTimer(pi);
    const [cron] = await s.timers(pi);
    // `0 15 8 * * ?`: the next 08:15:00 in the engine's time zone (this machine's, as the JVM's).
    const due = parseDate(cron.dueDate);
    expect([due.getHours(), due.getMinutes(), due.getSeconds()]).toEqual([8, 15, 0]);
    expect(minutesFromNow(cron.dueDate)).toBeGreaterThan(0);
    expect(minutesFromNow(cron.dueDate)).toBeLessThanOrEqual(24 * 60);
    await s.fireTimer(pi);
    expect(await s.tasks(pi)).toEqual(['Task_Done']);
  });

  it('a non-interrupting boundary cycle R3/PT10M fires and re-arms on its own dates', async () => {
    const pi = (await s.start('confJobCycle')).id;
    const [armed] = await s.timers(pi);
    expect(Math.round(minutesFromNow(armed.dueDate))).toBe(10);
    for (let i = 1; i <= 3; i++) {
      await s.fireTimer(pi);
      expect((await s.tasks(pi)).filter((t) => t === 'Task_Remind')).toHaveLength(i);
      // Fired early: re-armed for the cycle's first date again (Operaton), the task untouched.
      const [again] = await s.timers(pi);
      expect(seconds(again.dueDate)).toBe(seconds(armed.dueDate));
    }
    expect(await s.tasks(pi)).toContain('Task_Work');
  });

  it('a failing job: retries 3 → 0, then a failedJob incident; PUT retries resolves it', async () => {
    const pi = (await s.start('confJobFailing')).id;
    const [job] = await s.timers(pi);
    expect(job.retries).toBe(3);
    for (let left = 2; left >= 0; left--) {
      // Camunda's REST answers a job that fails with 404 InvalidRequestException and its message.
      const res = await s.api.post(`/job/${job.id}/execute`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ type: 'InvalidRequestException' });
      expect(res.body.message).toContain('missing');
      const now = await s.api.ok(s.api.get(`/job/${job.id}`));
      expect(now.retries).toBe(left);
      expect(now.exceptionMessage).toContain('missing');
    }
    const [withException] = await s.api.ok(s.api.get(`/job?processInstanceId=${pi}&withException=true`));
    expect(withException.id).toBe(job.id);
    const [noRetries] = await s.api.ok(s.api.get(`/job?processInstanceId=${pi}&noRetriesLeft=true`));
    expect(noRetries.id).toBe(job.id);
    const [incident] = await s.api.ok(s.api.get(`/incident?processInstanceId=${pi}`));
    expect(incident).toMatchObject({
      incidentType: 'failedJob',
      configuration: job.id,
      activityId: 'Timer_Wait',
    });
    expect(incident.incidentMessage).toContain('missing');
    const stacktrace = await s.api.get(`/job/${job.id}/stacktrace`);
    expect(stacktrace.status).toBe(200);
    expect(stacktrace.contentType).toContain('text/plain');
    // New retries: the incident is resolved, the job runs again when told.
    expectStatus(await s.api.put(`/job/${job.id}/retries`, { retries: 1 }), 204);
    expect(await s.api.ok(s.api.get(`/incident?processInstanceId=${pi}`))).toEqual([]);
    expect((await s.api.ok(s.api.get(`/job/${job.id}`))).retries).toBe(1);
    // The instance still waits at the timer; the failure changed nothing else.
    expect((await s.history(pi)).state).toBe('ACTIVE');
  });

  it('camunda:failedJobRetryTimeCycle R3/PT5M: a failure leaves 2 retries, due again in 5 minutes', async () => {
    const pi = (await s.start('confJobRetryCycle')).id;
    const [job] = await s.timers(pi);
    expect(Math.round(minutesFromNow(job.dueDate))).toBe(60);
    expect((await s.api.post(`/job/${job.id}/execute`)).status).toBe(404);
    const failed = await s.api.ok(s.api.get(`/job/${job.id}`));
    expect(failed.retries).toBe(2);
    expect(Math.round(minutesFromNow(failed.dueDate))).toBe(5);
    expect(await s.api.ok(s.api.get(`/incident?processInstanceId=${pi}`))).toEqual([]);
  });

  it('GET /job filters and an unknown job', async () => {
    const pi = (await s.start('confJobCatch')).id;
    const [timer] = await s.api.ok(s.api.get(`/job?processInstanceId=${pi}&timers=true`));
    expect(timer).toMatchObject({ processInstanceId: pi, processDefinitionKey: 'confJobCatch' });
    expect(await s.api.ok(s.api.get(`/job?processInstanceId=${pi}&messages=true`))).toEqual([]);
    expect(await s.api.ok(s.api.get(`/job?processInstanceId=${pi}&withRetriesLeft=true`))).toHaveLength(1);
    expect((await s.api.ok(s.api.get(`/job/count?processInstanceId=${pi}`))).count).toBe(1);
    expect((await s.api.post('/job/no-such-job/execute')).status).toBe(404);
  });
});
