/**
 * Conformance — events (issue 3): intermediate catch (message, timer, signal, conditional, link),
 * intermediate throw (none, signal, escalation, message as an external task, compensation),
 * boundary events of every kind (interrupting and not), end events (none, error, escalation,
 * signal, terminate), event subprocesses (message, timer, signal, conditional, error, escalation).
 * Message start and timer start events: messages-and-signals.test.ts, jobs-and-timers.test.ts.
 * REST only; see targets.ts.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { models, parseDate, targets, useTarget } from './targets.js';

jest.setTimeout(60_000);

describe.each(targets)('events against $name', (target) => {
  const s = useTarget(target, 'conf-ev', () => models('confEv'));
  const setVariable = (pi: string, name: string, value: unknown, type: string) =>
    s.api.ok(s.api.post(`/process-instance/${pi}/variables`, { modifications: { [name]: { value, type } } }));
  const canceled = async (pi: string, activityId: string) =>
    (await s.activity(pi, activityId)).map((a: { canceled: boolean }) => a.canceled);

  it('intermediate catch events: message, timer, signal, conditional; then a link and a none throw', async () => {
    const pi = (await s.start('confEvCatch', { ready: { value: false, type: 'Boolean' } })).id;
    const waitingAt = async () =>
      (await s.api.ok(s.api.get(`/history/activity-instance?processInstanceId=${pi}&unfinished=true`))).map(
        (a: { activityId: string }) => a.activityId,
      );
    expect(await waitingAt()).toEqual(['Catch_Message']);
    expect((await s.api.post('/message', { messageName: 'conf-ev-go', processInstanceId: pi })).status).toBe(
      204,
    );
    expect(await waitingAt()).toEqual(['Catch_Timer']);
    await s.fireTimer(pi);
    expect(await waitingAt()).toEqual(['Catch_Signal']);
    expect((await s.api.post('/signal', { name: 'conf-ev-sig-go' })).status).toBe(204);
    expect(await waitingAt()).toEqual(['Catch_Condition']);
    await setVariable(pi, 'other', 1, 'Integer'); // the condition is still false
    expect(await waitingAt()).toEqual(['Catch_Condition']);
    await setVariable(pi, 'ready', true, 'Boolean');
    expect(await s.tasks(pi)).toEqual(['Task_Done']);
    expect(await canceled(pi, 'Throw_None')).toEqual([false]);
    // Operaton leaves no historic activity instance for either link event: the throw jumps.
    expect(await s.activity(pi, 'Throw_Link')).toEqual([]);
    expect(await s.activity(pi, 'Catch_Link')).toEqual([]);
  });

  it('throw events: signal, message as an external task, uncaught escalation; a signal end event', async () => {
    const catcher = (await s.start('confEvSignalCatcher')).id;
    const bk = s.key();
    const thrower = (await s.start('confEvThrower', {}, bk)).id;
    // The signal throw reached the waiting catcher in the same call.
    expect(await s.tasks(catcher)).toEqual(['Task_AfterThrown']);
    // The message throw event is an external task; completing it moves on.
    const ext = await s.fetch('conf-ev-send', bk);
    expect(ext.activityId).toBe('Throw_Message');
    await s.completeExternal(ext);
    // Nobody catches the escalation: the token goes on.
    expect(await s.tasks(thrower)).toEqual(['Task_Last']);
    await s.completeTask(thrower, 'Task_Last');
    expect((await s.history(thrower)).state).toBe('COMPLETED');
    // The signal end event was thrown as the thrower ended.
    expect(await s.tasks(catcher)).toEqual(['Task_AfterEnd', 'Task_AfterThrown']);
    const [end] = await s.activity(thrower, 'End_Signal');
    expect(end.activityType).toBe('signalEndEvent');
  });

  it('message boundary events: non-interrupting leaves the task, interrupting cancels it', async () => {
    const pi = (await s.start('confEvBndMessage')).id;
    const correlate = (messageName: string) => s.api.post('/message', { messageName, processInstanceId: pi });
    expect((await correlate('conf-ev-bnd-msg-n')).status).toBe(204);
    expect(await s.tasks(pi)).toEqual(['Task_AfterN', 'Task_Work']);
    expect((await correlate('conf-ev-bnd-msg-n')).status).toBe(204); // still listening
    expect(await s.tasks(pi)).toEqual(['Task_AfterN', 'Task_AfterN', 'Task_Work']);
    expect((await correlate('conf-ev-bnd-msg-i')).status).toBe(204);
    expect(await s.tasks(pi)).toEqual(['Task_AfterI', 'Task_AfterN', 'Task_AfterN']);
    expect(await canceled(pi, 'Task_Work')).toEqual([true]);
    // The task's subscriptions went with it.
    expect(await s.api.ok(s.api.get(`/event-subscription?processInstanceId=${pi}`))).toEqual([]);
  });

  it('signal boundary events: non-interrupting and interrupting', async () => {
    const pi = (await s.start('confEvBndSignal')).id;
    expect((await s.api.post('/signal', { name: 'conf-ev-bnd-sig-n' })).status).toBe(204);
    expect(await s.tasks(pi)).toEqual(['Task_AfterN', 'Task_Work']);
    expect((await s.api.post('/signal', { name: 'conf-ev-bnd-sig-i' })).status).toBe(204);
    expect(await s.tasks(pi)).toEqual(['Task_AfterI', 'Task_AfterN']);
    expect(await canceled(pi, 'Task_Work')).toEqual([true]);
  });

  it('timer boundary events: non-interrupting and interrupting', async () => {
    const pi = (await s.start('confEvBndTimer')).id;
    expect(await s.timers(pi)).toHaveLength(2);
    await s.fireTimer(pi, 'Boundary_N');
    expect(await s.tasks(pi)).toEqual(['Task_AfterN', 'Task_Work']);
    await s.fireTimer(pi, 'Boundary_I');
    expect(await s.tasks(pi)).toEqual(['Task_AfterI', 'Task_AfterN']);
    expect(await canceled(pi, 'Task_Work')).toEqual([true]);
    expect(await s.timers(pi)).toHaveLength(0);
  });

  it('conditional boundary events: non-interrupting and interrupting, by variable name', async () => {
    const pi = (await s.start('confEvBndConditional')).id;
    await setVariable(pi, 'remind', true, 'Boolean');
    expect(await s.tasks(pi)).toEqual(['Task_AfterN', 'Task_Work']);
    await setVariable(pi, 'stop', false, 'Boolean');
    expect(await s.tasks(pi)).toEqual(['Task_AfterN', 'Task_Work']);
    await setVariable(pi, 'stop', true, 'Boolean');
    expect(await s.tasks(pi)).toEqual(['Task_AfterI', 'Task_AfterN']);
    expect(await canceled(pi, 'Task_Work')).toEqual([true]);
  });

  it('escalation boundary events on a subprocess: a throw (non-interrupting), an end event (interrupting)', async () => {
    const pi = (await s.start('confEvBndEscalation')).id;
    expect(await s.tasks(pi)).toEqual(['Task_AfterN', 'Task_Inner1', 'Task_Inner2']);
    await s.completeTask(pi, 'Task_Inner2');
    expect(await s.tasks(pi)).toEqual(['Task_AfterI', 'Task_AfterN']);
    expect(await canceled(pi, 'Task_Inner1')).toEqual([true]);
    expect(await canceled(pi, 'Sub')).toEqual([true]);
    expect((await s.vars(pi)).escalationCode).toBe('ESC_I');
  });

  it('an error end event caught by a boundary; a terminate end event ends its subprocess only', async () => {
    const pi = (await s.start('confEvErrorAndTerminate')).id;
    expect(await s.tasks(pi)).toEqual(['Task_Fail', 'Task_Other', 'Task_Stop']);
    await s.completeTask(pi, 'Task_Fail');
    expect(await s.tasks(pi)).toEqual(['Task_Handle', 'Task_Other', 'Task_Stop']);
    expect((await s.vars(pi)).code).toBe('ERR_SUB');
    expect(await canceled(pi, 'Sub_Error')).toEqual([true]);
    await s.completeTask(pi, 'Task_Stop');
    expect(await s.tasks(pi)).toEqual(['Task_AfterTerminate', 'Task_Handle']);
    expect(await canceled(pi, 'Task_Other')).toEqual([true]);
    expect((await s.history(pi)).state).toBe('ACTIVE');
  });

  it('an uncaught error end event ends its token; a conditional catch that listens to updates only', async () => {
    const pi = (await s.start('confEvMore')).id;
    await setVariable(pi, 'level', 5, 'Integer'); // created: not listened to
    expect(await s.tasks(pi)).toEqual(['Task_Fail']);
    await setVariable(pi, 'level', 0, 'Integer'); // updated, condition false
    expect(await s.tasks(pi)).toEqual(['Task_Fail']);
    await setVariable(pi, 'level', 2, 'Integer');
    expect(await s.tasks(pi)).toEqual(['Task_Fail', 'Task_Updated']);
    // Nothing catches ERR_NOBODY: the token ends there, the instance goes on.
    await s.completeTask(pi, 'Task_Fail');
    expect(await s.tasks(pi)).toEqual(['Task_Updated']);
    expect(await canceled(pi, 'End_Error')).toEqual([false]);
    await s.completeTask(pi, 'Task_Updated');
    expect((await s.history(pi)).state).toBe('COMPLETED');
  });

  it('a compensation throw with activityRef runs only that activity’s handler', async () => {
    const pi = (await s.start('confEvCompensateRef')).id;
    await s.completeTask(pi, 'Task_Book');
    await s.completeTask(pi, 'Task_Pay');
    expect(await s.tasks(pi)).toEqual(['Task_UndoBook']);
    await s.completeTask(pi, 'Task_UndoBook');
    expect(await s.tasks(pi)).toEqual(['Task_End']);
    expect(await s.activity(pi, 'Task_UndoPay')).toEqual([]);
  });

  it('a compensation throw runs the handler of the completed task, then goes on', async () => {
    const pi = (await s.start('confEvCompensation')).id;
    await s.completeTask(pi, 'Task_Book');
    expect(await s.tasks(pi)).toEqual(['Task_Check']);
    await s.completeTask(pi, 'Task_Check');
    expect(await s.tasks(pi)).toEqual(['Task_Undo']);
    await s.completeTask(pi, 'Task_Undo');
    expect(await s.tasks(pi)).toEqual(['Task_AfterUndo']);
    expect(await canceled(pi, 'Throw_Compensate')).toEqual([false]);
  });

  it('event subprocesses: message (both kinds), timer, signal and conditional starts', async () => {
    const pi = (await s.start('confEvEspStarts')).id;
    const correlate = (messageName: string) => s.api.post('/message', { messageName, processInstanceId: pi });
    expect((await correlate('conf-ev-esp-msg-n')).status).toBe(204);
    expect(await s.tasks(pi)).toEqual(['Task_EspMessageN', 'Task_Main']);
    await s.fireTimer(pi);
    expect(await s.tasks(pi)).toEqual(['Task_EspMessageN', 'Task_EspTimer', 'Task_Main']);
    expect((await s.api.post('/signal', { name: 'conf-ev-esp-sig' })).status).toBe(204);
    expect(await s.tasks(pi)).toEqual(['Task_EspMessageN', 'Task_EspSignal', 'Task_EspTimer', 'Task_Main']);
    await setVariable(pi, 'urgent', true, 'Boolean');
    expect(await s.tasks(pi)).toEqual([
      'Task_EspConditional',
      'Task_EspMessageN',
      'Task_EspSignal',
      'Task_EspTimer',
      'Task_Main',
    ]);
    // The interrupting one cancels everything else in its scope.
    expect((await correlate('conf-ev-esp-msg-i')).status).toBe(204);
    expect(await s.tasks(pi)).toEqual(['Task_EspMessageI']);
    expect(await canceled(pi, 'Task_Main')).toEqual([true]);
    expect(await canceled(pi, 'Task_EspTimer')).toEqual([true]);
    await s.completeTask(pi, 'Task_EspMessageI');
    expect((await s.history(pi)).state).toBe('COMPLETED');
  });

  it('an escalation end event of the only token starts a non-interrupting event subprocess', async () => {
    const pi = (await s.start('confEvEspEscalationEnd')).id;
    await s.completeTask(pi, 'Task_Work');
    expect(await s.tasks(pi)).toEqual(['Task_OnEscalation']);
    const [end] = await s.activity(pi, 'End_Escalation');
    expect(end).toMatchObject({ activityType: 'escalationEndEvent', canceled: false });
    expect(end.endTime).not.toBeNull();
    expect((await s.history(pi)).state).toBe('ACTIVE');
    await s.completeTask(pi, 'Task_OnEscalation');
    expect((await s.history(pi)).state).toBe('COMPLETED');
  });

  it('interrupting event subprocesses: signal, conditional, escalation from one of two tokens', async () => {
    const bySignal = (await s.start('confEvEspInterrupting')).id;
    expect((await s.api.post('/signal', { name: 'conf-ev-esp-int-sig' })).status).toBe(204);
    expect(await s.tasks(bySignal)).toEqual(['Task_OnSignal']);
    expect(await canceled(bySignal, 'Task_Main')).toEqual([true]);

    const byCondition = (await s.start('confEvEspInterrupting')).id;
    await setVariable(byCondition, 'stop', true, 'Boolean');
    expect(await s.tasks(byCondition)).toEqual(['Task_OnCondition']);
    expect(await canceled(byCondition, 'Task_Escalate')).toEqual([true]);

    const byEscalation = (await s.start('confEvEspInterrupting')).id;
    await s.completeTask(byEscalation, 'Task_Escalate');
    expect(await s.tasks(byEscalation)).toEqual(['Task_OnEscalation']);
    expect(await canceled(byEscalation, 'Task_Main')).toEqual([true]);
    expect(await s.activity(byEscalation, 'Task_AfterThrow')).toEqual([]);
    await s.completeTask(byEscalation, 'Task_OnEscalation');
    expect((await s.history(byEscalation)).state).toBe('COMPLETED');
  });

  it('timer and message boundary events on a subprocess cancel everything inside it', async () => {
    const late = (await s.start('confEvBndSubprocess')).id;
    const [timer] = await s.timers(late);
    expect(Math.round((parseDate(timer.dueDate).getTime() - Date.now()) / 86_400_000)).toBe(30);
    await s.fireTimer(late);
    expect(await s.tasks(late)).toEqual(['Task_Late']);
    expect(await canceled(late, 'Task_Check')).toEqual([true]);
    expect(await canceled(late, 'Receive_Docs')).toEqual([true]);
    expect(await canceled(late, 'Sub')).toEqual([true]);
    expect(await s.api.ok(s.api.get(`/event-subscription?processInstanceId=${late}`))).toEqual([]);

    const bk = s.key();
    const withdrawn = (await s.start('confEvBndSubprocess', {}, bk)).id;
    expect((await s.api.post('/message', { messageName: 'conf-ev-withdraw', businessKey: bk })).status).toBe(
      204,
    );
    expect(await s.tasks(withdrawn)).toEqual(['Task_Withdrawn']);
    expect(await s.timers(withdrawn)).toEqual([]);
  });

  it('an error event subprocess inside a subprocess handles the error there; a reminder cycle on the subprocess', async () => {
    const pi = (await s.start('confEvEspInSubprocess')).id;
    await s.fireTimer(pi, 'Boundary_Remind');
    expect(await s.tasks(pi)).toEqual(['Task_Check', 'Task_Remind']);
    await s.completeTask(pi, 'Task_Check', { missing: { value: true, type: 'Boolean' } });
    expect(await s.tasks(pi)).toEqual(['Task_AskDocs', 'Task_Remind']);
    const [esp] = await s.activity(pi, 'Esp_Docs');
    expect(esp.activityType).toBe('subProcess');
    // The event subprocess completes the subprocess; its reminders go with it.
    await s.completeTask(pi, 'Task_AskDocs');
    expect(await s.tasks(pi)).toEqual(['Task_After', 'Task_Remind']);
    expect(await s.timers(pi)).toEqual([]);
    const [sub] = await s.activity(pi, 'Sub');
    expect(sub.canceled).toBe(false);
    const after = await s.task(pi, 'Task_After');
    const links = await s.api.ok(s.api.get(`/task/${after.id}/identity-links`));
    expect(
      links
        .filter((l: { type: string }) => l.type === 'candidate')
        .map((l: { userId: string }) => l.userId)
        .sort(),
    ).toEqual(['lan', 'minh']);
    const forLan = await s.api.ok(s.api.get(`/task?processInstanceId=${pi}&candidateUser=lan`));
    expect(forLan.map((t: { id: string }) => t.id)).toEqual([after.id]);
  });

  it('event subprocesses: error (interrupting), escalation (not), timer (interrupting)', async () => {
    const escalated = (await s.start('confEvEspErrors')).id;
    await s.completeTask(escalated, 'Task_Work', { outcome: { value: 'escalate', type: 'String' } });
    expect(await s.tasks(escalated)).toEqual(['Task_Continue', 'Task_OnEscalation']);

    const failed = (await s.start('confEvEspErrors')).id;
    await s.completeTask(failed, 'Task_Work', { outcome: { value: 'error', type: 'String' } });
    expect(await s.tasks(failed)).toEqual(['Task_OnError']);
    expect((await s.vars(failed)).caughtCode).toBe('ERR_SUB');
    expect(await s.timers(failed)).toHaveLength(0); // the interrupting timer went with the scope

    const late = (await s.start('confEvEspErrors')).id;
    await s.fireTimer(late);
    expect(await s.tasks(late)).toEqual(['Task_OnTimeout']);
    expect(await canceled(late, 'Task_Work')).toEqual([true]);
  });
});
